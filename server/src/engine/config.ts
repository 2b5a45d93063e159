/**
 * Configuration shared by the CLI and the server: Bandit's keys (`tests`, `skips`, `exclude_dirs`, per-plugin
 * blocks) from `pyproject.toml` `[tool.bandit]` (found automatically: the nearest one upwards from a file).
 * The config-file formats beyond pyproject (.bandit INI, YAML via -c) live here too as they are added.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { PluginConfig } from './options';

/** A bad configuration file: names the file and the key. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly key: string | undefined,
    message: string,
  ) {
    super(`${file}${key ? ` [${key}]` : ''}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** Bandit's configuration keys, normalised. */
export interface BanditConfig {
  /** The file it came from (undefined for defaults). */
  file?: string;
  tests?: string[];
  skips?: string[];
  excludeDirs?: string[];
  plugins: PluginConfig;
}

export const EMPTY_CONFIG: BanditConfig = { plugins: {} };

const TOP_LEVEL = new Set(['tests', 'skips', 'exclude_dirs', 'exclude', 'include', 'plugin_name_pattern', 'log_format', 'profiles', 'blacklist_calls', 'blacklist_imports', 'targets', 'any_other_function_with_shell_equals_true']);

function stringList(v: unknown, file: string, key: string): string[] {
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  throw new ConfigError(file, key, 'expected a list of strings');
}

/** Normalises a Bandit config table (from TOML or YAML). */
export function normaliseBanditTable(table: Record<string, unknown>, file: string): BanditConfig {
  const cfg: BanditConfig = { file, plugins: {} };
  for (const [k, v] of Object.entries(table)) {
    if (k === 'tests') cfg.tests = stringList(v, file, k);
    else if (k === 'skips') cfg.skips = stringList(v, file, k);
    else if (k === 'exclude_dirs') cfg.excludeDirs = stringList(v, file, k);
    else if (TOP_LEVEL.has(k)) continue;
    else if (v && typeof v === 'object' && !Array.isArray(v)) cfg.plugins[k] = v as Record<string, unknown>;
    else throw new ConfigError(file, k, 'unknown key (expected tests, skips, exclude_dirs or a per-plugin table)');
  }
  return cfg;
}

/** Reads `[tool.bandit]` from a pyproject.toml; undefined when the file has no such table. */
export function readPyproject(file: string): BanditConfig | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, undefined, `cannot read: ${(e as Error).message}`);
  }
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (e) {
    throw new ConfigError(file, undefined, `invalid TOML: ${(e as Error).message.split('\n')[0]}`);
  }
  const tool = doc.tool as Record<string, unknown> | undefined;
  const bandit = tool?.bandit;
  if (bandit === undefined) return undefined;
  if (!bandit || typeof bandit !== 'object' || Array.isArray(bandit)) throw new ConfigError(file, 'tool.bandit', 'must be a table');
  return normaliseBanditTable(bandit as Record<string, unknown>, file);
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
