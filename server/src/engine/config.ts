/**
 * Configuration shared by the CLI and the server: Bandit's keys (`tests`, `skips`, `exclude_dirs`, per-plugin
 * blocks) from `pyproject.toml` `[tool.bandit]` (found automatically: the nearest one upwards from a file).
 * Also Bandit YAML/TOML given with -c and `.bandit` INI files. Every known key is type-checked: a bad value is a
 * ConfigError naming the file and the key, never silently replaced by defaults. What Bandit itself reads with a
 * warning and goes on (an unknown key or plugin block, a `.bandit` file that is not INI or has no `[bandit]`
 * section, an `--ini` file that cannot be read) is a warning here too (`onConfigWarning`), so a project whose
 * configuration Bandit accepts is never refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import yaml from 'js-yaml';
import ini from 'ini';
import ignore, { type Ignore } from 'ignore';
import { relativeBelow } from './paths';
import type { PluginConfig } from './options';

/** A bad configuration file: names the file and the key. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly key: string | undefined,
    /** What is wrong, without the file and key. */
    readonly detail: string,
  ) {
    super(`${file}${key ? ` [${key}]` : ''}: ${detail}`);
    this.name = 'ConfigError';
  }
}

/** Receives configuration warnings: the file, the dotted key (if any) and the message. */
export type ConfigWarningHandler = (file: string, key: string | undefined, message: string) => void;
let warningHandler: ConfigWarningHandler = () => {};
const warned = new Set<string>();

/** Sets where configuration warnings go (the CLI: stderr; the server: its log); each is delivered once. */
export function onConfigWarning(handler: ConfigWarningHandler): void {
  warningHandler = handler;
  warned.clear();
}

function configWarning(file: string, key: string | undefined, message: string): void {
  const id = `${file}\0${key ?? ''}\0${message}`;
  if (warned.has(id)) return;
  warned.add(id);
  warningHandler(file, key, message);
}

/** Bandit's configuration keys, normalised. */
export interface BanditConfig {
  /** The file it came from (undefined for defaults). */
  file?: string;
  tests?: string[];
  skips?: string[];
  excludeDirs?: string[];
  /** Bandit's `include`: fnmatch globs of the files a directory walk lists (default `*.py`, `*.pyw`). */
  include?: string[];
  plugins: PluginConfig;
  /** Bandit's legacy `profiles`, one of which `-p NAME` selects (`profileSelection`). */
  profiles?: Record<string, BanditProfile>;
  /**
   * Vigil's `per_file_skips` (Bandit ignores the key): the tests skipped in the files each pattern matches, in
   * .gitignore syntax relative to the config file's directory (`fileSkipIds`).
   */
  perFileSkips?: { pattern: string; ids: string[] }[];
}

/** One legacy profile as the config writes it: the tests it runs and skips (ids or plugin names; `profileSelection`). */
export interface BanditProfile {
  include: string[];
  exclude: string[];
}

export const EMPTY_CONFIG: BanditConfig = { plugins: {} };

/** Top-level keys Bandit accepts that Vigil validates but does not use. */
const TOP_LEVEL_OTHER: Record<string, ValueType> = {
  plugin_name_pattern: 'string',
  log_format: 'string',
  blacklist_calls: 'table',
  blacklist_imports: 'table',
  targets: 'strings',
  exclude: 'strings',
};

type ValueType = 'strings' | 'string' | 'boolean' | 'int' | 'table';

const SHELL_BLOCK: Record<string, ValueType> = { subprocess: 'strings', shell: 'strings', no_shell: 'strings' };
const SSL_BLOCK: Record<string, ValueType> = { bad_protocol_versions: 'strings' };
const KEY_SIZES: Record<string, ValueType> = Object.fromEntries(
  ['dsa', 'rsa', 'ec'].flatMap((k) => ['high', 'medium'].map((l) => [`weak_key_size_${k}_${l}`, 'int' as ValueType])),
);

/**
 * Per-plugin blocks and the type of each key. The first group is read by the rules; the second group is what
 * `bandit-config-generator` writes (keyed by plugin function name; Bandit itself never reads them), accepted
 * and type-checked so generated files load.
 */
export const PLUGIN_BLOCKS: Readonly<Record<string, Record<string, ValueType>>> = {
  assert_used: { skips: 'strings' },
  hardcoded_tmp_directory: { tmp_dirs: 'strings' },
  try_except_pass: { check_typed_exception: 'boolean' },
  try_except_continue: { check_typed_exception: 'boolean' },
  ssl_with_bad_version: SSL_BLOCK,
  weak_cryptographic_key: KEY_SIZES,
  shell_injection: SHELL_BLOCK,
  markupsafe_xss: { extend_markup_names: 'strings', allowed_calls: 'strings' },
  // bandit-config-generator names:
  ssl_with_bad_defaults: SSL_BLOCK,
  any_other_function_with_shell_equals_true: SHELL_BLOCK,
  linux_commands_wildcard_injection: SHELL_BLOCK,
  start_process_with_a_shell: SHELL_BLOCK,
  start_process_with_no_shell: SHELL_BLOCK,
  start_process_with_partial_path: SHELL_BLOCK,
  subprocess_popen_with_shell_equals_true: SHELL_BLOCK,
  subprocess_without_shell_equals_true: SHELL_BLOCK,
};

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Date) return 'a date';
  return typeof v === 'object' ? 'a table' : `${typeof v} ${JSON.stringify(v)}`;
}

function isTable(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
}

function checkType(v: unknown, type: ValueType, file: string, key: string): unknown {
  switch (type) {
    case 'strings':
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
      throw new ConfigError(file, key, `expected a list of strings, got ${describe(v)}`);
    case 'string':
      if (typeof v === 'string') return v;
      throw new ConfigError(file, key, `expected a string, got ${describe(v)}`);
    case 'boolean':
      if (typeof v === 'boolean') return v;
      throw new ConfigError(file, key, `expected true or false, got ${describe(v)}`);
    case 'int':
      if (typeof v === 'bigint') return Number(v);
      if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
      throw new ConfigError(file, key, `expected a positive integer, got ${describe(v)}`);
    case 'table':
      if (isTable(v)) return v;
      throw new ConfigError(file, key, `expected a table, got ${describe(v)}`);
  }
}

function stringList(v: unknown, file: string, key: string): string[] {
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return (v as string[]).map((s) => s.trim()).filter(Boolean);
  throw new ConfigError(file, key, `expected a list of strings, got ${describe(v)}`);
}

/** Validates one per-plugin block by its known key types (unknown block or key -> ConfigError). */
export function validatePluginBlock(name: string, value: unknown, file: string, prefix = ''): Record<string, unknown> {
  // Own properties only: a key such as `constructor` must not find Object.prototype members.
  const schema = Object.hasOwn(PLUGIN_BLOCKS, name) ? PLUGIN_BLOCKS[name] : undefined;
  if (!schema) {
    throw new ConfigError(
      file,
      prefix + name,
      `unknown key (expected tests, skips, exclude_dirs or a per-plugin block: ${Object.keys(PLUGIN_BLOCKS).slice(0, 8).join(', ')})`,
    );
  }
  if (!isTable(value)) throw new ConfigError(file, prefix + name, `expected a table, got ${describe(value)}`);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const type = Object.hasOwn(schema, k) ? schema[k] : undefined;
    if (!type) {
      // Bandit ignores keys its plugins do not read.
      configWarning(file, `${prefix}${name}.${k}`, `unknown key, ignored (expected one of ${Object.keys(schema).join(', ')})`);
      continue;
    }
    out[k] = checkType(v, type, file, `${prefix}${name}.${k}`);
  }
  // A block replaces Bandit's defaults whole (options.ts pluginBlock): a key it leaves out is not defaulted.
  const effect = Object.hasOwn(WHOLE_BLOCKS, name) ? WHOLE_BLOCKS[name] : undefined;
  if (effect) {
    for (const k of Object.keys(schema)) {
      if (!Object.hasOwn(out, k)) configWarning(file, `${prefix}${name}.${k}`, `missing: a configured block replaces Bandit's defaults (no merge), so ${effect}`);
    }
  }
  return out;
}

/** The blocks read as a whole (Bandit indexes every key), and what a missing key means, as in Bandit. */
const WHOLE_BLOCKS: Record<string, string> = {
  shell_injection: 'no call is in this list and the tests that read it (B602-B607, B609) report nothing where they would look it up',
  weak_cryptographic_key: 'B505 reports nothing (it needs all six sizes)',
};

/** Normalises a Bandit config table (from TOML or YAML); every key is type-checked. */
export function normaliseBanditTable(table: Record<string, unknown>, file: string, prefix = ''): BanditConfig {
  const cfg: BanditConfig = { file, plugins: {} };
  for (const [k, v] of Object.entries(table)) {
    if (k === 'tests') cfg.tests = stringList(v, file, prefix + k);
    else if (k === 'skips') cfg.skips = stringList(v, file, prefix + k);
    else if (k === 'exclude_dirs') cfg.excludeDirs = stringList(v, file, prefix + k);
    else if (k === 'include') cfg.include = stringList(v, file, prefix + k);
    else if (k === 'profiles') cfg.profiles = readProfiles(v, file, prefix + k);
    else if (k === 'per_file_skips') cfg.perFileSkips = readPerFileSkips(v, file, prefix + k);
    else if (Object.hasOwn(TOP_LEVEL_OTHER, k)) {
      const t = TOP_LEVEL_OTHER[k]!;
      if (k === 'blacklist_calls' || k === 'blacklist_imports') configWarning(file, prefix + k, 'legacy blacklist data is not supported: the built-in blacklists (B301-B323, B401-B415) apply');
      if (t === 'strings') stringList(v, file, prefix + k);
      else checkType(v, t, file, prefix + k);
    } else if (Object.hasOwn(PLUGIN_BLOCKS, k)) cfg.plugins[k] = validatePluginBlock(k, v, file, prefix);
    else {
      // Bandit keeps any key and no plugin reads an unknown one.
      configWarning(file, prefix + k, `unknown key, ignored (expected tests, skips, exclude_dirs or a per-plugin block: ${Object.keys(PLUGIN_BLOCKS).slice(0, 8).join(', ')}, ...)`);
    }
  }
  if (cfg.profiles) checkLegacyProfiles(cfg.profiles, table, file, prefix);
  return cfg;
}

/** The `per_file_skips` table: pattern -> test ids (a list, or a comma-separated string as `skips` may be). */
function readPerFileSkips(v: unknown, file: string, key: string): { pattern: string; ids: string[] }[] {
  const table = checkType(v, 'table', file, key) as Record<string, unknown>;
  return Object.entries(table).map(([pattern, ids]) => {
    if (!pattern.trim() || pattern.trim().startsWith('#')) throw new ConfigError(file, `${key}."${pattern}"`, 'expected a file pattern, such as "tests/" or "test_*.py"');
    return { pattern, ids: stringList(ids, file, `${key}."${pattern}"`) };
  });
}

interface CompiledSkips {
  base: string;
  entries: { ig: Ignore; ids: string[] }[];
}
const compiledSkips = new WeakMap<BanditConfig, CompiledSkips>();

/**
 * Checks a config's `per_file_skips` against the rules (`ruleIdLists`; an unknown id is a ConfigError naming the
 * pattern; `B001` stands for the blacklist ids) and prepares their patterns, once per config object. `fileSkipIds`
 * does it on first use; the server calls it where it checks the config's `tests` and `skips`, to report early.
 */
export function checkPerFileSkips(cfg: BanditConfig | undefined, rules: { ids: readonly string[]; blacklist: readonly string[] }): CompiledSkips | undefined {
  if (!cfg?.perFileSkips?.length || !cfg.file) return undefined;
  const known = compiledSkips.get(cfg);
  if (known) return known;
  const ruleIds = new Set(rules.ids);
  const file = cfg.file;
  const entries = cfg.perFileSkips.map(({ pattern, ids }) => {
    const out = new Set<string>();
    for (const raw of ids) {
      const id = raw.trim().toUpperCase();
      if (id === 'B001') for (const b of rules.blacklist) out.add(b);
      else if (ruleIds.has(id)) out.add(id);
      else throw new ConfigError(file, `per_file_skips."${pattern}"`, `unknown test id '${raw}'`);
    }
    return { ig: ignore().add(pattern), ids: [...out] };
  });
  const compiled = { base: path.dirname(path.resolve(file)), entries };
  compiledSkips.set(cfg, compiled);
  return compiled;
}

/**
 * The tests `per_file_skips` turns off for the file at `absFile` (sorted; empty when none): those of every pattern
 * matching its path relative to the config file's directory. A file outside that directory matches none. Throws
 * `checkPerFileSkips`' ConfigError for a config it does not accept.
 */
export function fileSkipIds(cfg: BanditConfig | undefined, absFile: string, rules: { ids: readonly string[]; blacklist: readonly string[] }): string[] {
  const c = checkPerFileSkips(cfg, rules);
  if (!c) return [];
  const rel = relativeBelow(c.base, path.resolve(absFile));
  if (rel === undefined) return [];
  const posix = rel.split(path.sep).join('/');
  const out = new Set<string>();
  for (const e of c.entries) if (e.ig.ignores(posix)) for (const id of e.ids) out.add(id);
  return [...out].sort();
}

/** `enabled` without `skips` (the same set when there are none). */
export function withoutIds<S extends ReadonlySet<string>>(enabled: S, skips: readonly string[]): S | Set<string> {
  if (skips.length === 0) return enabled;
  const out = new Set(enabled);
  for (const id of skips) out.delete(id);
  return out;
}

/** The names of Bandit's legacy blacklist tests, which profiles may still list (`profileSelection`). */
const LEGACY_BLACKLIST_TESTS = ['blacklist_calls', 'blacklist_imports', 'blacklist_import_func'];

/** The `profiles` table: name -> { include, exclude }, each a list of test ids or plugin names (null: none). */
function readProfiles(v: unknown, file: string, key: string): Record<string, BanditProfile> {
  const table = checkType(v, 'table', file, key) as Record<string, unknown>;
  const out: Record<string, BanditProfile> = {};
  for (const [name, body] of Object.entries(table)) {
    const k = `${key}.${name}`;
    const p = body === null ? {} : (checkType(body, 'table', file, k) as Record<string, unknown>);
    const list = (field: 'include' | 'exclude'): string[] => {
      const raw = p[field];
      return raw === null || raw === undefined ? [] : stringList(raw, file, `${k}.${field}`);
    };
    for (const other of Object.keys(p)) if (other !== 'include' && other !== 'exclude') configWarning(file, `${k}.${other}`, 'unknown key, ignored (expected include or exclude)');
    out[name] = { include: list('include'), exclude: list('exclude') };
  }
  return out;
}

/**
 * Bandit's check of legacy profiles when it loads a config: a profile listing a legacy blacklist test needs that
 * test's legacy data block, else the config is an error. Profiles are deprecated: a warning, as Bandit gives.
 */
function checkLegacyProfiles(profiles: Record<string, BanditProfile>, table: Record<string, unknown>, file: string, prefix: string): void {
  for (const p of Object.values(profiles)) {
    for (const name of LEGACY_BLACKLIST_TESTS) {
      const block = name === 'blacklist_calls' ? 'blacklist_calls' : 'blacklist_imports';
      if ((p.include.includes(name) || p.exclude.includes(name)) && (table[block] === undefined || table[block] === null)) {
        throw new ConfigError(file, prefix + 'profiles', `a profile lists the legacy test '${name}' but the config has no ${block} data for it`);
      }
    }
  }
  configWarning(file, prefix + 'profiles', 'deprecated legacy configuration (profiles); bandit-config-generator writes the current format');
}

/**
 * The tests and skips of the profile `name` (`-p NAME`), as Bandit's `_get_profile` after `convert_legacy_config`:
 * plugin names (`hardcoded_password_string`) become ids, and B001 listed in both lists stays included. The legacy
 * blacklist tests name their part of the blacklist: `blacklist_calls` the B3xx ids, `blacklist_imports` and
 * `blacklist_import_func` the B4xx ids (Bandit runs them on the config's legacy data, which Vigil does not read).
 * A ConfigError when the config has no such profile, or the profile lists an unknown test or a test in both lists
 * (Bandit's `validate_profile`). The config's own `tests` and `skips` do not apply with a profile.
 */
export function profileSelection(
  cfg: BanditConfig | undefined,
  name: string,
  rules: readonly { id: string; banditName: string; banditTestName?: string }[],
): { tests: string[]; skips: string[] } {
  const p = cfg?.profiles && Object.hasOwn(cfg.profiles, name) ? cfg.profiles[name] : undefined;
  if (!p) throw new ConfigError(cfg?.file ?? 'None (no -c/--configfile)', undefined, `unable to find profile (${name}) in the config file`);
  const ids = new Map<string, string>();
  for (const r of rules) if (r.banditTestName !== 'blacklist') ids.set(r.banditName, r.id);
  for (const t of LEGACY_BLACKLIST_TESTS) ids.set(t, 'B001');
  const known = new Set(['B001', ...rules.map((r) => r.id)]);
  const convert = (list: readonly string[]) => {
    const out = [...new Set(list.map((t) => ids.get(t) ?? t))];
    const unknown = out.find((t) => !known.has(t));
    if (unknown !== undefined) throw new ConfigError(cfg!.file ?? '<config>', `profiles.${name}`, `unknown test found in profile: ${unknown}`);
    return out;
  };
  const include = convert(p.include);
  const exclude = convert(p.exclude).filter((t) => !(t === 'B001' && include.includes('B001')));
  const both = include.filter((t) => exclude.includes(t));
  if (both.length > 0) throw new ConfigError(cfg!.file ?? '<config>', `profiles.${name}`, `non-exclusive include/exclude test sets: ${both.join(', ')}`);
  // A legacy blacklist test runs its own part of the blacklist: the calls (B3xx) or the imports (B4xx).
  const blacklist = ruleIdLists(rules).blacklist;
  const family = (legacy: string): string[] => blacklist.filter((id) => id.startsWith(legacy === 'blacklist_calls' ? 'B3' : 'B4'));
  const expand = (raw: readonly string[], converted: string[]) => {
    const legacy = raw.filter((t) => LEGACY_BLACKLIST_TESTS.includes(t));
    if (legacy.length === 0 || raw.includes('B001')) return converted;
    return [...new Set([...converted.filter((t) => t !== 'B001'), ...legacy.flatMap(family)])];
  };
  const skips = expand(p.exclude, exclude);
  // What a legacy test brought in and the profile excludes by id is skipped, as Bandit skips it within B001.
  const tests = expand(p.include, include).filter((t) => !skips.includes(t));
  return { tests, skips };
}

/** Reads a Bandit YAML config (`-c bandit.yaml`). js-yaml's default schema constructs no objects: tags like
 * `!!python/object` are rejected. */
export function readBanditYaml(file: string): BanditConfig {
  const text = readText(file);
  let doc: unknown;
  try {
    doc = yaml.load(text, { filename: file });
  } catch (e) {
    throw new ConfigError(file, undefined, `invalid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (doc === undefined || doc === null) return { file, plugins: {} };
  if (!isTable(doc)) throw new ConfigError(file, undefined, `expected a mapping at the top level, got ${describe(doc)}`);
  return normaliseBanditTable(doc, file);
}

/** `-c FILE`: TOML files read `[tool.bandit]` (empty config when absent, as Bandit); anything else is YAML. */
export function readConfigFile(file: string): BanditConfig {
  if (file.toLowerCase().endsWith('.toml')) return readPyproject(file) ?? { file, plugins: {} };
  return readBanditYaml(file);
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new ConfigError(file, undefined, `cannot read: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  }
}

/** Options of a `.bandit` INI file (section `[bandit]`), as Bandit's command line reads them. */
export interface IniOptions {
  file: string;
  targets?: string[];
  exclude?: string[];
  skips?: string[];
  tests?: string[];
  recursive?: boolean;
  /** Severity threshold from `level` (LOW/MEDIUM/HIGH or all, or a count 1-3). */
  level?: 'all' | 'low' | 'medium' | 'high';
  confidence?: 'all' | 'low' | 'medium' | 'high';
  format?: string;
  /** `msg-template`: the custom format's template. */
  msgTemplate?: string;
  output?: string;
  quiet?: boolean;
  ignoreNosec?: boolean;
  baseline?: string;
  configfile?: string;
  /** `number`: lines of code shown around each issue. */
  number?: number;
  /** `profile`: the legacy profile of the `-c` config to use (`-p`). */
  profile?: string;
}

const INI_KEYS = new Set(['targets', 'exclude', 'skips', 'tests', 'recursive', 'aggregate', 'number', 'profile', 'level', 'confidence', 'format', 'msg-template', 'output', 'verbose', 'debug', 'quiet', 'ignore-nosec', 'baseline', 'configfile']);

function iniLevel(v: string, file: string, key: string): IniOptions['level'] {
  const s = v.trim().toLowerCase();
  const byCount: Record<string, IniOptions['level']> = { '0': 'all', '1': 'low', '2': 'medium', '3': 'high', all: 'all', undefined: 'all', low: 'low', medium: 'medium', high: 'high' };
  const r = byCount[s];
  if (!r) throw new ConfigError(file, `bandit.${key}`, `expected all, low, medium or high, got '${v}'`);
  return r;
}

function iniBool(v: unknown, file: string, key: string): boolean {
  if (typeof v === 'boolean') return v;
  const s = String(v).trim().toLowerCase();
  if (['1', 'yes', 'true', 'on'].includes(s)) return true;
  if (['0', 'no', 'false', 'off'].includes(s)) return false;
  throw new ConfigError(file, `bandit.${key}`, `expected true or false, got '${String(v)}'`);
}

/** Reads a `.bandit` INI file (Python configparser syntax: `key = value` or `key: value`). */
export function readBanditIni(file: string): IniOptions {
  // What Bandit (utils.parse_ini_file) only warns about: the file is then not used.
  const unusable = (why: string): IniOptions => {
    configWarning(file, undefined, `${why}; the file is ignored, as Bandit ignores it`);
    return { file };
  };
  let text: string;
  try {
    text = readText(file);
  } catch (e) {
    if (e instanceof ConfigError) return unusable(e.detail);
    throw e;
  }
  // configparser accepts `key: value`; the ini package only `=`.
  const normalised = text
    .split(/\r?\n/)
    .map((l) => (/^\s*[^=:#;[\s][^=:]*:/.test(l) ? l.replace(':', ' =') : l))
    .join('\n');
  let doc: Record<string, unknown>;
  try {
    doc = ini.parse(normalised);
  } catch (e) {
    return unusable(`invalid INI: ${(e as Error).message}`);
  }
  const section = doc.bandit;
  if (!isTable(section)) return unusable('not an INI file with a [bandit] section');
  const out: IniOptions = { file };
  const list = (v: unknown) => String(v).split(',').map((s) => s.trim()).filter(Boolean);
  for (const [key, v] of Object.entries(section)) {
    // configparser lower-cases option names.
    const k = key.toLowerCase();
    if (!INI_KEYS.has(k) || isTable(v)) {
      configWarning(file, `bandit.${key}`, `unknown key, ignored (expected one of ${[...INI_KEYS].join(', ')})`);
      continue;
    }
    switch (k) {
      case 'targets':
      case 'exclude':
      case 'skips':
      case 'tests':
        out[k] = list(v);
        break;
      case 'recursive':
        out.recursive = iniBool(v, file, k);
        break;
      case 'quiet':
        out.quiet = iniBool(v, file, k);
        break;
      case 'ignore-nosec':
        out.ignoreNosec = iniBool(v, file, k);
        break;
      case 'level':
        out.level = iniLevel(String(v), file, k);
        break;
      case 'confidence':
        out.confidence = iniLevel(String(v), file, k);
        break;
      case 'format':
      case 'output':
      case 'baseline':
      case 'configfile':
        out[k] = String(v).trim();
        break;
      case 'msg-template':
        out.msgTemplate = String(v).trim();
        break;
      case 'profile':
        out.profile = String(v).trim();
        break;
      case 'number': {
        const n = Number(String(v).trim());
        if (!Number.isInteger(n)) throw new ConfigError(file, `bandit.${k}`, `expected an integer, got '${String(v)}'`);
        out.number = n;
        break;
      }
      default:
        break; // aggregate, verbose, debug: accepted, no effect
    }
  }
  return out;
}

/** Directories never searched for `.bandit` files (same as the scan's default excludes). */
const INI_SKIP_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules', '.venv', 'venv', '.tox', '__pycache__', 'site-packages']);

/**
 * The `.bandit` files under the directories, walked breadth first (shallow ones first), skipping INI_SKIP_DIRS.
 * Stops after reading `maxDirs` directories (`truncated`).
 */
function banditIniFiles(dirs: readonly string[], maxDirs = Infinity): { found: string[]; truncated: boolean } {
  const found: string[] = [];
  const queue = dirs.map((dir) => ({ dir, depth: 0 }));
  let read = 0;
  for (let i = 0; i < queue.length; i++) {
    if (read >= maxDirs) return { found, truncated: true };
    const { dir, depth } = queue[i]!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    read++;
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!INI_SKIP_DIRS.has(e.name) && depth < 64) queue.push({ dir: path.join(dir, e.name), depth: depth + 1 });
      } else if (e.name === '.bandit' && e.isFile()) found.push(path.join(dir, e.name));
    }
  }
  return { found, truncated: false };
}

function oneIni(found: readonly string[]): string | undefined {
  const unique = [...new Set(found.map((f) => path.resolve(f)))];
  if (unique.length > 1) {
    throw new ConfigError(unique[0]!, undefined, `more than one .bandit file under the targets (${unique.join(', ')}); scan separately or choose one with --ini`);
  }
  return found[0];
}

/** Bandit's `.bandit` discovery: every `.bandit` under the target directories; more than one is an error. */
export function findBanditIni(targets: readonly string[]): string | undefined {
  const dirs = targets.filter((t) => {
    try {
      return fs.statSync(t).isDirectory();
    } catch {
      return false; // non-existent targets are reported by the scan
    }
  });
  return oneIni(banditIniFiles(dirs).found);
}

/**
 * `findBanditIni([folder])` for the editor, bounded: a workspace folder can be a home directory, and the walk runs
 * in the language server's main thread. After `maxDirs` directories it stops (`truncated`), and only a `.bandit`
 * found by then counts (the folder's own is read first).
 */
export function findFolderBanditIni(folder: string, maxDirs: number): { file: string | undefined; truncated: boolean } {
  const { found, truncated } = banditIniFiles([folder], maxDirs);
  return { file: oneIni(found), truncated };
}

/** Reads `[tool.bandit]` from a pyproject.toml; undefined when the file has no such table. */
export function readPyproject(file: string): BanditConfig | undefined {
  const text = readText(file);
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (e) {
    throw new ConfigError(file, undefined, `invalid TOML: ${(e as Error).message.split('\n')[0]}`);
  }
  const tool = doc.tool as Record<string, unknown> | undefined;
  const bandit = isTable(tool) ? tool.bandit : undefined;
  if (bandit === undefined) return undefined;
  if (!isTable(bandit)) throw new ConfigError(file, 'tool.bandit', 'must be a table');
  return normaliseBanditTable(bandit, file, 'tool.bandit.');
}

/** The nearest pyproject.toml with a `[tool.bandit]` table, from `dir` upwards (bounded by `stopAt`). */
export function findPyprojectConfig(dir: string, stopAt?: string): BanditConfig | undefined {
  let cur = path.resolve(dir);
  const stop = stopAt ? path.resolve(stopAt) : undefined;
  for (let i = 0; i < 64; i++) {
    const f = path.join(cur, 'pyproject.toml');
    if (fs.existsSync(f)) {
      const cfg = readPyproject(f);
      if (cfg) return cfg;
    }
    if (stop && cur === stop) break;
    const up = path.dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  return undefined;
}

/** A rule set's ids, and those of its blacklist rules (which `B001` stands for): what `selectRules` takes. */
export function ruleIdLists(rules: readonly { id: string; banditTestName?: string }[]): { ids: string[]; blacklist: string[] } {
  return { ids: rules.map((r) => r.id), blacklist: rules.filter((r) => r.banditTestName === 'blacklist').map((r) => r.id) };
}

/**
 * Bandit's test selection: `tests` only -> those; `skips` only -> all but those; both -> tests minus skips.
 * `B001` stands for every blacklist id. Unknown ids or an id in both lists are errors.
 */
export function selectRules(
  allIds: readonly string[],
  blacklistIds: readonly string[],
  tests: readonly string[] | undefined,
  skips: readonly string[] | undefined,
  file = '<command line>',
): Set<string> {
  const known = new Set(allIds);
  const expand = (list: readonly string[], key: string): string[] => {
    const out: string[] = [];
    for (const raw of list) {
      const id = raw.trim().toUpperCase();
      if (id === 'B001') out.push(...blacklistIds);
      else if (known.has(id)) out.push(id);
      else throw new ConfigError(file, key, `unknown test id '${raw}'`);
    }
    return out;
  };
  const t = tests && tests.length > 0 ? expand(tests, 'tests') : undefined;
  const s = skips ? expand(skips, 'skips') : [];
  if (t) for (const id of s) if (t.includes(id) && tests!.map((x) => x.toUpperCase()).includes(id)) throw new ConfigError(file, 'tests', `'${id}' is in both tests and skips`);
  const base = new Set(t ?? allIds);
  for (const id of s) base.delete(id);
  return base;
}
