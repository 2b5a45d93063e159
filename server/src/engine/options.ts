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
 * A plugin block: Bandit replaces the defaults with a configured block; we do the same, but keys the
 * block leaves out keep their default instead of crashing as Bandit does.
 */
export function pluginBlock<T extends Record<string, unknown>>(options: RuleOptions, name: string, defaults: T): T {
  const given = options.plugins[name];
  if (!given) return defaults;
  return { ...defaults, ...given } as T;
}

export const DEFAULT_OPTIONS: RuleOptions = { filename: '<unknown>', plugins: {} };
