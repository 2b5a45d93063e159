/**
 * The `vigil` command: Bandit's command line on Vigil's engine. Parses arguments and configuration, runs the
 * shared scan (runScan), applies thresholds and the baseline, optionally fixes files in place, and writes the
 * report in the chosen format. Exit codes as Bandit: 0 clean, 1 issues, 2 usage/config/baseline errors.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RULE_BY_ID, RULES } from '../../../rules';
import { Engine } from '../engine/engine';
import { loadPython } from '../engine/parser';
import { analyzeSource, type FileAnalysis } from '../engine/analyze';
import {
  ConfigError,
  findBanditIni,
  findPyprojectConfig,
  onConfigWarning,
  readBanditIni,
  readConfigFile,
  ruleIdLists,
  profileSelection,
  selectRules,
  fileSkipIds,
  withoutIds,
  type BanditConfig,
  type IniOptions,
} from '../engine/config';
import { BaselineError, compareBaseline, findingKey, loadBaseline, type BaselineKey } from '../engine/baseline';
import { cliExcludes, runScan, type FileResult, type ScanOptions } from '../engine/scan';
import {
  addMetrics,
  bandItCode,
  BASELINE_FORMATS,
  compileTemplate,
  emptyMetrics,
  fileMetrics,
  FORMAT_ALIASES,
  formatCsv,
  formatCustom,
  formatHtml,
  formatJson,
  formatSarif,
  formatText,
  formatXml,
  formatYaml,
  passes,
  sourceLines,
  TemplateError,
  type CompiledTemplate,
  type FileMetrics,
  type OutputFormat,
  type ReportIssue,
  type ScanReport,
} from '../engine/report';
import { lineSpan, type FileError, type Finding } from '../engine/types';
import { parseCli, thresholdLevel, UsageError, USAGE, type CliOptions, type Threshold } from './args';
import { banditSpelling, strerror } from './files';
import { decodeSource, encodeSource } from '../engine/scan/decode';
import { fixText } from './fix';
import { AnalysisStopped, hardLimitFor } from '../engine/watchdog';
import pkg from '../../../package.json';

/**
 * The most lines of line range one file's findings may list in a report, all together. Bandit gives a string the
 * line range of its parent, so each of the n strings of an n-line list has n lines of range and of code: a list
 * of 10,000 "/tmp/..." paths would make a report of 4 GB, and the CLI ran out of memory building it. Past this,
 * the file's findings get the lines of their own node, and the file is listed in errors saying so.
 */
const REPORT_RANGE_LINES_MAX = 5_000_000;

/** The finding with the line range of its own node (its highlighted range, and its reported line). */
function withOwnLines(f: Finding): Finding {
  return { ...f, lineRange: lineSpan(Math.min(f.line, f.range.start.row + 1), Math.max(f.line, f.range.end.row + 1)) };
}

export const VERSION: string = (pkg as { version: string }).version;
export const SYNTAX_ERROR_REASON = 'syntax error while parsing AST from file';
export const STDIN_NAME = '<stdin>';
/** The CLI's default size limit: far above real source files (Bandit has none), below generated monsters. */
export const CLI_MAX_FILE_SIZE_KB = 8192;
/** Default per-file limit (s) for parsing and for analysis: far above any real file (Nova's largest: ~0.3 s), low
 * enough that one pathological file cannot hold up CI. */
export const CLI_TIMEOUT_SEC = 60;
/**
 * The scan workers' young generation (MB; ScanOptions.workerYoungGenerationMb): V8's default is 48 (16 MB
 * semi-spaces). Measured on Nova's cold scan (2 workers, alternating runs): user CPU 11.7-11.9 s with the default,
 * 10.7-10.9 s with 384 (wall 6.3-6.4 s, then 5.8-5.9 s); peak RSS 350-380 MB, then 515-550 MB. The editor's
 * workspace scan keeps the default (its memory matters more than its speed).
 */
export const CLI_WORKER_YOUNG_GENERATION_MB = 384;

/**
 * The young generation for `jobs` workers: CLI_WORKER_YOUNG_GENERATION_MB, but all workers' together at most an
 * eighth of the machine's memory (16 workers on 16 GB get 128 MB each); undefined (V8's default) below 64 MB.
 */
export function workerYoungGenerationMb(jobs: number, totalMemBytes = os.totalmem()): number | undefined {
  const mb = Math.min(CLI_WORKER_YOUNG_GENERATION_MB, Math.floor(totalMemBytes / 2 ** 20 / 8 / Math.max(1, jobs)));
  return mb >= 64 ? mb : undefined;
}

export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readStdin: () => Buffer;
  env: NodeJS.ProcessEnv;
}

const defaultIO = (): CliIO => ({
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin: () => fs.readFileSync(0),
  env: process.env,
});

/** Merges `.bandit` INI options under the command line (command-line values win), as Bandit does. */
function mergeIni(cli: CliOptions, ini: IniOptions): CliOptions {
  const out: CliOptions = { ...cli };
  if (out.targets.length === 0 && ini.targets) out.targets = ini.targets;
  if (!out.exclude && ini.exclude) out.exclude = ini.exclude;
  if (!out.skips && ini.skips) out.skips = ini.skips;
  if (!out.tests && ini.tests) out.tests = ini.tests;
  if (!out.severity && ini.level) out.severity = ini.level;
  if (!out.confidence && ini.confidence) out.confidence = ini.confidence;
  if (!out.format && ini.format) {
    const name = ini.format.toLowerCase();
    const f = Object.hasOwn(FORMAT_ALIASES, name) ? FORMAT_ALIASES[name] : undefined;
    if (!f) throw new ConfigError(ini.file, 'bandit.format', `unsupported format '${ini.format}' (csv, custom, html, json, sarif, screen, text, txt, xml, yaml)`);
    out.format = f;
  }
  if (out.msgTemplate === undefined && ini.msgTemplate !== undefined) out.msgTemplate = ini.msgTemplate;
  if (!out.output && ini.output) out.output = ini.output;
  if (!out.quiet && ini.quiet) out.quiet = true;
  if (!out.ignoreNosec && ini.ignoreNosec) out.ignoreNosec = true;
  if (!out.baseline && ini.baseline) out.baseline = ini.baseline;
  if (!out.configfile && ini.configfile) out.configfile = ini.configfile;
  if (out.number === undefined && ini.number !== undefined) out.number = ini.number;
  if (out.profile === undefined && ini.profile) out.profile = ini.profile;
  return out;
}

interface FileEntry {
  filename: string;
  analysis: FileAnalysis;
  /** Source lines (kept for files with findings: code context, SARIF snippets). */
  lines?: string[];
}

/** Runs the CLI; resolves with the exit code. Never throws for user errors. */
export async function runCli(argv: readonly string[], io: CliIO = defaultIO()): Promise<number> {
  const err = (s: string) => io.stderr.write(s.endsWith('\n') ? s : s + '\n');
  let opts: CliOptions;
  try {
    opts = parseCli(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`${USAGE.split('\n\n')[0]}\nvigil: error: ${e.message}`);
      return 2;
    }
    throw e;
  }
  if (opts.help) {
    io.stdout.write(USAGE + '\n');
    return 0;
  }
  if (opts.version) {
    io.stdout.write(`vigil ${VERSION}\n`);
    return 0;
  }

  // Configuration: .bandit INI (explicit or discovered), then -c. What Bandit reads with a warning is a warning.
  onConfigWarning((file, key, message) => err(`vigil: warning: configuration: ${file}${key ? ` [${key}]` : ''}: ${message}`));
  let explicitConfig: BanditConfig | undefined;
  try {
    const iniPath = opts.ini ?? findBanditIni(opts.targets.filter((t) => t !== '-'));
    if (iniPath) opts = mergeIni(opts, readBanditIni(iniPath));
    if (opts.configfile) explicitConfig = readConfigFile(opts.configfile);
    // A legacy profile's lists replace the config's tests and skips (-t/-s still add to them).
    if (opts.profile !== undefined) {
      const selection = profileSelection(explicitConfig, opts.profile, RULES); // throws without a config that has it
      explicitConfig = { ...explicitConfig!, ...selection };
    }
  } catch (e) {
    if (e instanceof ConfigError) {
      err(`vigil: error: configuration: ${e.message}`);
      return 2;
    }
    throw e;
  }
  if (opts.targets.length === 0) {
    err(`${USAGE.split('\n\n')[0]}\nvigil: error: no targets found in CLI or ini files`);
    return 2;
  }
  const format: OutputFormat = opts.format ?? 'text';
  if (opts.baseline !== undefined && !BASELINE_FORMATS.has(format)) {
    err(`vigil: error: a baseline can only be used with the custom, html, json or text (txt, screen) formats, not '${format}'`);
    return 2;
  }
  // The custom format's template is checked before the scan (Bandit: when writing the report; exit 2 either way).
  let template: CompiledTemplate | undefined;
  if (format === 'custom') {
    try {
      template = compileTemplate(opts.msgTemplate);
    } catch (e) {
      if (e instanceof TemplateError) {
        err(`vigil: error: --msg-template: ${e.message}`);
        return 2;
      }
      throw e;
    }
    for (const w of template.warnings) err(`vigil: warning: --msg-template: ${w}`);
  }
  let baseline: BaselineKey[] | undefined;
  if (opts.baseline !== undefined) {
    try {
      baseline = loadBaseline(opts.baseline);
    } catch (e) {
      if (e instanceof BaselineError) {
        err(`vigil: error: baseline: ${e.message}`);
        return 2;
      }
      throw e;
    }
  }

  // The engine (every rule's query compiled) is built when a file is analysed in this thread: a scan whose files
  // all come from the cache or go to worker threads never needs it.
  const python = await loadPython();
  let built: Engine | undefined;
  const engine = (): Engine => {
    if (!built) {
      built = new Engine(python, RULES);
      for (const b of built.brokenRules) err(`vigil: warning: rule ${b.ruleId} disabled: ${b.error}`);
    }
    return built;
  };
  const { ids, blacklist } = ruleIdLists(RULES);

  // -t/-s: unknown ids or an id in both lists are usage errors; then the union with the explicit config.
  const known = new Set([...ids, 'B001']);
  for (const [flag, list] of [['-t/--tests', opts.tests], ['-s/--skip', opts.skips]] as const) {
    for (const id of list ?? []) {
      if (!known.has(id.toUpperCase())) {
        err(`vigil: error: argument ${flag}: unknown test id '${id}'`);
        return 2;
      }
    }
  }
  const both = (opts.tests ?? []).filter((t) => (opts.skips ?? []).some((s) => s.toUpperCase() === t.toUpperCase()));
  if (both.length > 0) {
    err(`vigil: error: test id ${both.join(', ')} is in both -t/--tests and -s/--skip`);
    return 2;
  }
  /** The tests run on `file` (undefined: standard input) under `cfg`: its selection less its per_file_skips there. */
  const enabledFor = (cfg: BanditConfig | undefined, file?: string) => {
    const enabled = selectRules(ids, blacklist, [...(cfg?.tests ?? []), ...(opts.tests ?? [])], [...(cfg?.skips ?? []), ...(opts.skips ?? [])], cfg?.file ?? '<command line>');
    return file === undefined ? enabled : withoutIds(enabled, fileSkipIds(cfg, file, { ids, blacklist }));
  };
  try {
    if (enabledFor(explicitConfig).size === 0) {
      err('vigil: error: no tests would be run, please check the tests and skips');
      return 2;
    }
  } catch (e) {
    if (e instanceof ConfigError) {
      err(`vigil: error: configuration: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const dirConfig = new Map<string, BanditConfig | undefined>();
  const configFor = (file: string): BanditConfig | undefined => {
    if (explicitConfig) return explicitConfig;
    const dir = file === STDIN_NAME ? process.cwd() : path.dirname(path.resolve(file));
    if (!dirConfig.has(dir)) dirConfig.set(dir, findPyprojectConfig(dir));
    return dirConfig.get(dir);
  };
  const timeoutSec = opts.timeoutSec ?? CLI_TIMEOUT_SEC;
  const timeBudgetMs = timeoutSec > 0 ? timeoutSec * 1000 : undefined;
  const hardLimitMs = hardLimitFor(timeBudgetMs);
  const analyzeWith = (filename: string, text: string): FileAnalysis => {
    const cfg = configFor(filename);
    return analyzeSource(engine(), text, { filename, enabled: enabledFor(cfg, filename === STDIN_NAME ? undefined : filename), plugins: cfg?.plugins ?? {}, ignoreNosec: opts.ignoreNosec, timeBudgetMs, ruleBudgetMs: 0, hardLimitMs });
  };

  const minSev = thresholdLevel(opts.severity as Threshold | undefined);
  const minConf = thresholdLevel(opts.confidence as Threshold | undefined);
  const selected = (f: Finding) => passes(f, minSev, minConf);

  // Scan.
  const entries: FileEntry[] = [];
  const errors: FileError[] = [];
  const fileTargets = opts.targets.filter((t) => t !== '-');
  const warnedRules = new Set<string>();
  const noteFailures = (file: string, a: FileAnalysis) => {
    // A file over the time limit is listed with its findings so far (JSON/SARIF errors; Bandit has no such limit).
    for (const n of a.notices ?? []) errors.push({ filename: file, reason: n.message });
    for (const f of a.failures) {
      if (warnedRules.has(f.ruleId)) continue;
      warnedRules.add(f.ruleId);
      err(`vigil: warning: rule ${f.ruleId} failed on ${file} and was skipped there: ${f.error.split('\n')[0]}`);
    }
  };
  const onFile = (r: FileResult) => {
    const name = banditSpelling(r.filename, fileTargets);
    if (r.error !== undefined || !r.analysis) {
      errors.push({ filename: name, reason: strerror(r.error ?? 'internal error') });
      // A file Bandit reads but cannot parse is still in its metrics, with the lines of code of its bytes.
      if (r.loc !== undefined) entries.push({ filename: name, analysis: { findings: [], nosec: 0, skippedTests: 0, failures: [], loc: r.loc } });
      return;
    }
    // The scan already reported binary or mis-encoded files as errors, and hands over the text it analysed.
    const lines = r.source !== undefined ? sourceLines(r.source) : undefined;
    noteFailures(name, r.analysis);
    entries.push({ filename: name, analysis: r.analysis, ...(lines ? { lines } : {}) });
  };
  const progress = io.stderr.isTTY && !opts.quiet;
  let done = 0;
  if (fileTargets.length > 0) {
    const young = workerYoungGenerationMb(opts.jobs ?? os.availableParallelism());
    const scanOpts: ScanOptions = {
      targets: fileTargets,
      ...(explicitConfig ? { config: explicitConfig } : {}),
      ...(opts.tests ? { tests: opts.tests } : {}),
      ...(opts.skips ? { skips: opts.skips } : {}),
      ignoreNosec: opts.ignoreNosec,
      // A -x list (or the .bandit file's exclude) replaces Bandit's default one, as in Bandit.
      ...(opts.exclude ? { excludes: cliExcludes(opts.exclude), banditDefaultExcludes: false } : {}),
      ...(opts.jobs !== undefined ? { jobs: opts.jobs } : {}),
      ...(opts.noCache ? { cache: false } : {}),
      maxFileSizeKb: opts.maxFileSizeKb ?? CLI_MAX_FILE_SIZE_KB,
      ...(young ? { workerYoungGenerationMb: young } : {}),
      ...(timeBudgetMs ? { timeBudgetMs } : {}),
    };
    try {
      await runScan({ rules: RULES, build: engine }, scanOpts, (r) => {
        onFile(r);
        if (progress && ++done % 25 === 0) io.stderr.write(`\r\x1b[2K${done} files scanned`);
      });
    } catch (e) {
      if (e instanceof ConfigError) {
        err(`vigil: error: configuration: ${e.message}`);
        return 2;
      }
      throw e;
    } finally {
      if (progress && done >= 25) io.stderr.write('\r\x1b[2K');
    }
  }
  if (opts.targets.includes('-')) {
    let buf: Buffer;
    try {
      buf = io.readStdin();
    } catch (e) {
      buf = Buffer.alloc(0);
      errors.push({ filename: STDIN_NAME, reason: strerror((e as NodeJS.ErrnoException).code ?? (e as Error).message) });
    }
    const decoded = decodeSource(buf);
    if ('error' in decoded) errors.push({ filename: STDIN_NAME, reason: decoded.error });
    else {
      const text = decoded.text;
      try {
        const analysis = analyzeWith(STDIN_NAME, text);
        noteFailures(STDIN_NAME, analysis);
        entries.push({ filename: STDIN_NAME, analysis, lines: sourceLines(text) });
      } catch (e) {
        if (e instanceof AnalysisStopped) errors.push({ filename: STDIN_NAME, reason: e.message });
        else if (e instanceof ConfigError) {
          err(`vigil: error: configuration: ${e.message}`);
          return 2;
        }
        throw e;
      }
    }
  }

  // --fix: in place, files only.
  if (opts.fix) {
    if (opts.targets.includes('-')) err('vigil: warning: --fix does not change standard input');
    let fixedFiles = 0;
    let fixedCount = 0;
    for (const entry of entries) {
      if (entry.filename === STDIN_NAME) continue;
      if (!entry.analysis.findings.some((f) => selected(f) && f.fixes.some((x) => opts.unsafeFixes || x.safety === 'safe'))) continue;
      let read: ReturnType<typeof decodeSource>;
      try {
        read = decodeSource(fs.readFileSync(entry.filename));
      } catch (e) {
        err(`vigil: warning: cannot read ${entry.filename} to fix it: ${strerror((e as NodeJS.ErrnoException).code ?? '')}`);
        continue;
      }
      if ('error' in read) {
        err(`vigil: warning: cannot read ${entry.filename} to fix it: ${read.error}`);
        continue;
      }
      const original = read.text;
      let outcome: ReturnType<typeof fixText>;
      let first: FileAnalysis;
      await engine().ready(); // after a stopped analysis, the engine loads a fresh tree-sitter runtime
      try {
        first = analyzeWith(entry.filename, original);
        outcome = fixText(original, (t) => analyzeWith(entry.filename, t), opts.unsafeFixes, selected, first);
      } catch (e) {
        if (!(e instanceof AnalysisStopped)) throw e;
        err(`vigil: warning: not fixing ${entry.filename}: its ${e.message}`);
        continue;
      }
      if (outcome.text === original || outcome.applied.length === 0) continue;
      if (outcome.analysis.syntaxError && !first.syntaxError) {
        err(`vigil: warning: not fixing ${entry.filename}: the fixes would introduce a syntax error (line ${outcome.analysis.syntaxError.line})`);
        continue;
      }
      const bytes = encodeSource(outcome.text, read.encoding);
      if (!bytes) {
        err(`vigil: warning: not fixing ${entry.filename}: it declares the encoding ${read.encoding}, and Vigil cannot write the fixed text in it`);
        continue;
      }
      try {
        fs.writeFileSync(entry.filename, bytes);
      } catch (e) {
        err(`vigil: warning: cannot write ${entry.filename}: ${strerror((e as NodeJS.ErrnoException).code ?? (e as Error).message)}`);
        continue;
      }
      fixedFiles++;
      fixedCount += outcome.applied.length;
      err(`Fixed ${outcome.applied.length} issue${outcome.applied.length === 1 ? '' : 's'} in ${entry.filename}:`);
      for (const a of outcome.applied) err(`  ${entry.filename}:${a.line}: ${a.ruleId} ${a.title}`);
      entry.analysis = outcome.analysis;
      entry.lines = sourceLines(outcome.text);
    }
    err(fixedCount > 0 ? `Fixed ${fixedCount} issue${fixedCount === 1 ? '' : 's'} in ${fixedFiles} file${fixedFiles === 1 ? '' : 's'}.` : 'No fixes applied.');
  }

  // Build the report (the scan streams in completion order: sort by file name, as Bandit does).
  entries.sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
  const metrics: Record<string, FileMetrics> = {};
  const total = emptyMetrics();
  let all: ReportIssue[] = [];
  for (const e of entries) {
    if (e.analysis.syntaxError) errors.push({ filename: e.filename, reason: SYNTAX_ERROR_REASON });
    const m = fileMetrics(e.analysis);
    metrics[e.filename] = m;
    addMetrics(total, m);
    const shown = e.analysis.findings.filter(selected);
    const spanned = shown.reduce((n, f) => n + f.lineRange.length, 0);
    const ownLines = spanned > REPORT_RANGE_LINES_MAX;
    if (ownLines) {
      errors.push({
        filename: e.filename,
        reason: `its ${shown.length} findings would list ${spanned} lines of line range and code (Bandit gives a string the line range of its parent); each is reported with the lines of its own node`,
      });
    }
    for (const found of shown) {
      const f = ownLines ? withOwnLines(found) : found;
      all.push({ finding: f, filename: e.filename, code: e.lines ? bandItCode(e.lines, f.line, f.lineRange.length, false, opts.number) : '' });
    }
  }
  metrics._totals = total;
  errors.sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
  if (baseline) {
    const keyOf = (i: ReportIssue): BaselineKey => findingKey(i.finding, i.filename);
    all = compareBaseline(all, keyOf, baseline).map(({ issue, candidates }) => ({ ...issue, candidates }));
  }
  const linesOf = new Map(entries.filter((e) => e.lines).map((e) => [e.filename, e.lines!]));
  const report: ScanReport = {
    results: all,
    errors,
    metrics,
    generatedAt: new Date(),
    baseline: !!baseline,
    toolVersion: VERSION,
    ruleInfo: (id) => {
      const r = RULE_BY_ID.get(id);
      return r ? { summary: r.summary, name: r.banditName } : undefined;
    },
  };

  let text: string;
  switch (format) {
    case 'json':
      text = formatJson(report) + '\n';
      break;
    case 'sarif':
      text = formatSarif(report, (f) => linesOf.get(f));
      break;
    case 'csv':
      text = formatCsv(report);
      break;
    case 'xml':
      text = formatXml(report);
      break;
    case 'yaml':
      text = formatYaml(report);
      break;
    case 'html':
      text = formatHtml(report, { lines: (f) => linesOf.get(f), ...(opts.number !== undefined ? { maxLines: opts.number } : {}) });
      break;
    case 'custom':
      try {
        text = formatCustom(report, template!);
      } catch (e) {
        // A value the template cannot format (e.g. {range:10}: Bandit crashes with this message).
        if (e instanceof TemplateError) {
          err(`vigil: error: --msg-template: ${e.message}`);
          return 2;
        }
        throw e;
      }
      break;
    case 'text': {
      const color = !opts.output && !!io.stdout.isTTY && io.env.NO_COLOR === undefined && io.env.TERM !== 'dumb';
      text = formatText(report, { color, quiet: opts.quiet, lines: (f) => linesOf.get(f), ...(opts.number !== undefined ? { maxLines: opts.number } : {}) });
      break;
    }
  }
  if (opts.output) {
    try {
      fs.writeFileSync(opts.output, text);
    } catch (e) {
      err(`vigil: error: cannot write output file ${opts.output}: ${strerror((e as NodeJS.ErrnoException).code ?? (e as Error).message)}`);
      return 2;
    }
    if (!opts.quiet) err(`${format.toUpperCase()} output written to file: ${opts.output}`);
  } else if (text) {
    await new Promise<void>((resolve) => io.stdout.write(text, () => resolve()));
  }
  return all.length > 0 && !opts.exitZero ? 1 : 0;
}
