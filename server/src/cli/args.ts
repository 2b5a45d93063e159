/** Bandit-compatible command-line parsing (node's util.parseArgs, no dependency). */
import { parseArgs } from 'node:util';
import { FORMAT_ALIASES, FORMAT_CHOICES, type OutputFormat } from '../engine/report';
import type { Level } from '../engine/types';

/** A command-line usage error: exit 2 with the message. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type Threshold = 'all' | 'low' | 'medium' | 'high';

export interface CliOptions {
  targets: string[];
  tests?: string[];
  skips?: string[];
  severity?: Threshold;
  confidence?: Threshold;
  configfile?: string;
  /** -p/--profile: a legacy profile of the -c config (its tests and skips replace the config's). */
  profile?: string;
  ini?: string;
  exclude?: string[];
  ignoreNosec: boolean;
  format?: OutputFormat;
  /** --msg-template: the custom format's template (only with -f custom). */
  msgTemplate?: string;
  output?: string;
  exitZero: boolean;
  quiet: boolean;
  version: boolean;
  help: boolean;
  baseline?: string;
  fix: boolean;
  unsafeFixes: boolean;
  jobs?: number;
  /** --max-file-size-kb: skip (and report) larger files; 0 = no limit. */
  maxFileSizeKb?: number;
  /** --timeout: per-file time limit in seconds for parsing and for analysis (0: none). */
  timeoutSec?: number;
  /** --no-cache: do not read or write the scan cache. */
  noCache: boolean;
  /** Bandit's -n/--number: lines of code shown around each issue (default 3). */
  number?: number;
}

export const USAGE = `usage: vigil [scan] [-h] [-r] [-t TESTS] [-s SKIPS] [-l | --severity-level {all,low,medium,high}]
             [-i | --confidence-level {all,low,medium,high}] [-c CONFIG_FILE] [-p PROFILE] [--ini INI_PATH]
             [-x EXCLUDED_PATHS] [--ignore-nosec] [-f {csv,custom,html,json,sarif,screen,text,txt,xml,yaml}]
             [--msg-template MSG_TEMPLATE] [-o OUTPUT_FILE] [-b BASELINE] [--exit-zero] [-q] [--fix]
             [--unsafe-fixes] [--jobs N] [--no-cache] [--max-file-size-kb N] [--timeout SECONDS]
             [-n CONTEXT_LINES] [-a {file,vuln}] [-v] [-d] [--version] [targets ...]

Vigil: Python security analysis with Bandit's ids, configuration and output formats.

positional arguments:
  targets               source files or directories to scan (directories recursively); '-' reads stdin

options:
  -h, --help            show this help message and exit
  -r, --recursive       accepted for Bandit compatibility (directories are always walked)
  -t, --tests TESTS     comma-separated list of test ids to run (added to the config's tests)
  -s, --skip SKIPS      comma-separated list of test ids to skip (added to the config's skips)
  -l, --level           report only issues of a given severity level or higher (-l LOW, -ll MEDIUM, -lll HIGH)
  --severity-level {all,low,medium,high}
  -i, --confidence      report only issues of a given confidence level or higher (-i, -ii, -iii)
  --confidence-level {all,low,medium,high}
  -c, --configfile FILE Bandit YAML config, or a TOML file whose [tool.bandit] table is read
                        (default: the nearest pyproject.toml with [tool.bandit], upwards from each file)
  -p, --profile PROFILE use this legacy profile of the -c config file (its include and exclude lists
                        replace the config's tests and skips)
  --ini INI_PATH        path to a .bandit file (default: a .bandit found under the target directories)
  -x, --exclude PATHS   comma-separated paths or globs to exclude (fnmatch or substring; a directory becomes dir/*)
  --ignore-nosec        do not skip lines with # nosec comments
  -f, --format FORMAT   text (= txt, screen), json, csv, custom, html, xml, yaml or sarif (default: text)
  --msg-template MSG_TEMPLATE
                        the custom format's line per issue, a Python format string over the tags {abspath},
                        {relpath}, {line}, {col}, {test_id}, {severity}, {msg}, {confidence} and {range}, e.g.
                        "{relpath}:{line:03}: {test_id} {msg:<40}" (only with -f custom; default:
                        "{abspath}:{line}: {test_id}[bandit]: {severity}: {msg}")
  -o, --output FILE     write the report to FILE (default: stdout)
  -b, --baseline FILE   report only issues not in this earlier JSON report (json, text, custom and html formats)
  --exit-zero           exit 0 even when issues were found
  -q, --quiet, --silent only show output in the case of an error
  --fix                 apply safe fixes in place and report what remains
  --unsafe-fixes        with --fix, also apply unsafe fixes
  --jobs N              number of worker threads for the scan
  --no-cache            do not use the scan cache (.vigil-cache/)
  --max-file-size-kb N  skip and report files larger than N KB (default 8192; 0: no limit)
  --timeout SECONDS     per-file limit for parsing and for analysis; a file over it is listed in errors
                        with the findings found so far (default 60; 0: no limit)
  -n, --number CONTEXT_LINES
                        lines of code shown for each issue in json, text and html reports (default 3)
  -a, --aggregate {file,vuln}
                        accepted for Bandit compatibility (reports are always by file)
  -v, --verbose, -d, --debug
                        accepted for Bandit compatibility (no effect)
  --version             show the version and exit

exit codes: 0 no issues at or above the thresholds, 1 issues found, 2 usage or configuration error`;

const THRESHOLDS: readonly Threshold[] = ['all', 'low', 'medium', 'high'];

function list(v: string | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

function threshold(v: string | undefined, flag: string): Threshold | undefined {
  if (v === undefined) return undefined;
  const t = v.toLowerCase() as Threshold;
  if (!THRESHOLDS.includes(t)) throw new UsageError(`argument ${flag}: invalid choice: '${v}' (choose from 'all', 'low', 'medium', 'high')`);
  return t;
}

/** Maps a threshold to the minimum level (undefined = everything). */
export function thresholdLevel(t: Threshold | undefined): Level | undefined {
  return t === 'low' ? 'LOW' : t === 'medium' ? 'MEDIUM' : t === 'high' ? 'HIGH' : undefined;
}

const COUNT: Threshold[] = ['all', 'low', 'medium', 'high'];

export function parseCli(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        recursive: { type: 'boolean', short: 'r' },
        tests: { type: 'string', short: 't' },
        skip: { type: 'string', short: 's' },
        level: { type: 'boolean', short: 'l', multiple: true },
        'severity-level': { type: 'string' },
        confidence: { type: 'boolean', short: 'i', multiple: true },
        'confidence-level': { type: 'string' },
        configfile: { type: 'string', short: 'c' },
        profile: { type: 'string', short: 'p' },
        ini: { type: 'string' },
        exclude: { type: 'string', short: 'x' },
        'ignore-nosec': { type: 'boolean' },
        format: { type: 'string', short: 'f' },
        'msg-template': { type: 'string' },
        output: { type: 'string', short: 'o' },
        'exit-zero': { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        silent: { type: 'boolean' },
        version: { type: 'boolean' },
        baseline: { type: 'string', short: 'b' },
        fix: { type: 'boolean' },
        'unsafe-fixes': { type: 'boolean' },
        jobs: { type: 'string', short: 'j' },
        'no-cache': { type: 'boolean' },
        'max-file-size-kb': { type: 'string' },
        timeout: { type: 'string' },
        number: { type: 'string', short: 'n' },
        aggregate: { type: 'string', short: 'a' },
        verbose: { type: 'boolean', short: 'v' },
        debug: { type: 'boolean', short: 'd' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const v = parsed.values;
  const positionals = [...parsed.positionals];
  if (positionals[0] === 'scan') positionals.shift();

  const lCount = v.level?.length ?? 0;
  const iCount = v.confidence?.length ?? 0;
  if (lCount > 0 && v['severity-level'] !== undefined) throw new UsageError('argument --severity-level: not allowed with argument -l/--level');
  if (iCount > 0 && v['confidence-level'] !== undefined) throw new UsageError('argument --confidence-level: not allowed with argument -i/--confidence');
  const severity = lCount > 0 ? COUNT[Math.min(lCount, 3)] : threshold(v['severity-level'], '--severity-level');
  const confidence = iCount > 0 ? COUNT[Math.min(iCount, 3)] : threshold(v['confidence-level'], '--confidence-level');

  let format: OutputFormat | undefined;
  if (v.format !== undefined) {
    const name = v.format.toLowerCase();
    format = Object.hasOwn(FORMAT_ALIASES, name) ? FORMAT_ALIASES[name] : undefined;
    if (!format) throw new UsageError(`argument -f/--format: invalid choice: '${v.format}' (choose from ${FORMAT_CHOICES.map((c) => `'${c}'`).join(', ')})`);
  }
  // Bandit checks the command line's format (before .bandit options): the template needs -f custom.
  if (v['msg-template'] !== undefined && format !== 'custom') throw new UsageError('--msg-template can only be used with --format=custom');
  let jobs: number | undefined;
  if (v.jobs !== undefined) {
    jobs = Number(v.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`argument --jobs: expected a positive integer, got '${v.jobs}'`);
  }
  let timeoutSec: number | undefined;
  if (v.timeout !== undefined) {
    timeoutSec = Number(v.timeout);
    if (v.timeout.trim() === '' || !Number.isFinite(timeoutSec) || timeoutSec < 0) throw new UsageError(`argument --timeout: expected a non-negative number of seconds, got '${v.timeout}'`);
  }
  let maxFileSizeKb: number | undefined;
  if (v['max-file-size-kb'] !== undefined) {
    maxFileSizeKb = Number(v['max-file-size-kb']);
    if (!Number.isInteger(maxFileSizeKb) || maxFileSizeKb < 0) throw new UsageError(`argument --max-file-size-kb: expected a non-negative integer, got '${v['max-file-size-kb']}'`);
  }
  let number: number | undefined;
  if (v.number !== undefined) {
    number = Number(v.number);
    if (v.number.trim() === '' || !Number.isInteger(number)) throw new UsageError(`argument -n/--number: invalid int value: '${v.number}'`);
  }
  if (v.aggregate !== undefined && v.aggregate !== 'file' && v.aggregate !== 'vuln') {
    throw new UsageError(`argument -a/--aggregate: invalid choice: '${v.aggregate}' (choose from 'file', 'vuln')`);
  }
  if (v['unsafe-fixes'] && !v.fix) throw new UsageError('argument --unsafe-fixes: requires --fix');
  for (const [flag, value] of [['-c/--configfile', v.configfile], ['-p/--profile', v.profile], ['-o/--output', v.output], ['-b/--baseline', v.baseline], ['--ini', v.ini]] as const) {
    if (value === '') throw new UsageError(`argument ${flag}: expected a file name`);
  }

  return {
    targets: positionals,
    ...(v.tests !== undefined ? { tests: list(v.tests)! } : {}),
    ...(v.skip !== undefined ? { skips: list(v.skip)! } : {}),
    ...(severity ? { severity } : {}),
    ...(confidence ? { confidence } : {}),
    ...(v.configfile !== undefined ? { configfile: v.configfile } : {}),
    ...(v.profile !== undefined ? { profile: v.profile } : {}),
    ...(v.ini !== undefined ? { ini: v.ini } : {}),
    ...(v.exclude !== undefined ? { exclude: list(v.exclude)! } : {}),
    ignoreNosec: v['ignore-nosec'] ?? false,
    ...(format ? { format } : {}),
    ...(v['msg-template'] !== undefined ? { msgTemplate: v['msg-template'] } : {}),
    ...(v.output !== undefined ? { output: v.output } : {}),
    exitZero: v['exit-zero'] ?? false,
    quiet: (v.quiet ?? false) || (v.silent ?? false),
    version: v.version ?? false,
    help: v.help ?? false,
    ...(v.baseline !== undefined ? { baseline: v.baseline } : {}),
    fix: v.fix ?? false,
    unsafeFixes: v['unsafe-fixes'] ?? false,
    ...(jobs !== undefined ? { jobs } : {}),
    ...(number !== undefined ? { number } : {}),
    noCache: v['no-cache'] ?? false,
    ...(maxFileSizeKb !== undefined ? { maxFileSizeKb } : {}),
    ...(timeoutSec !== undefined ? { timeoutSec } : {}),
  };
}
