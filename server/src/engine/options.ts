/** Per-plugin configuration blocks (Bandit's YAML/TOML per-plugin sections), resolved per file. */

/** Raw per-plugin blocks keyed by Bandit's plugin config name (`shell_injection`, `assert_used`, ...). */
export type PluginConfig = Record<string, Record<string, unknown>>;

export interface RuleOptions {
  /** The file's path as the scan names it (used by `assert_used.skips`). */
  readonly filename: string;
  /**
   * The editor's workspace folder of an absolutely named file: `assert_used.skips` also sees the file as
   * `bandit -r .` there would name it (`./tests/a.py`), so skips written for CI apply in the editor too.
   */
  readonly relativeTo?: string | undefined;
  readonly plugins: PluginConfig;
}

/**
 * A plugin block: the configured one, else the defaults. For the blocks of several keys that Bandit's plugins
 * index directly (`shell_injection`, `weak_cryptographic_key`: `replace`), a configured block replaces the
 * defaults whole, as in Bandit (spec §3.2), and a key it leaves out is missing (undefined): the rule then reports
 * what Bandit reports when that lookup raises, and the config warns about the key (config.ts). For the one-key
 * blocks, a key left out keeps its default.
 */
export function pluginBlock<T extends Record<string, unknown>>(options: RuleOptions, name: string, defaults: T, replace = false): Partial<T> {
  const given = options.plugins[name];
  if (!given) return defaults;
  return replace ? (given as Partial<T>) : ({ ...defaults, ...given } as T);
}

export const DEFAULT_OPTIONS: RuleOptions = { filename: '<unknown>', plugins: {} };
