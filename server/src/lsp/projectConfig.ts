/**
 * Project configuration per document: the nearest pyproject.toml `[tool.bandit]` (engine/config.ts, shared with
 * the CLI) turned into the enabled rule set. Cached per directory; cleared when a watched config file changes.
 * A bad config file is never silently replaced by defaults: it is reported (notification + a diagnostic on the
 * file) and analysis runs with every rule until it is fixed.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, findPyprojectConfig, ruleIdLists, selectRules, type BanditConfig } from '../engine/config';
import type { Engine } from '../engine/engine';
import type { PluginConfig } from '../engine/options';

export interface ProjectConfig {
  enabled: ReadonlySet<string> | undefined;
  plugins: PluginConfig;
  /** The config file used, if any. */
  file?: string;
  /** The error that made us fall back to all rules. */
  error?: ConfigError;
  /** Identifies the configuration in result ids. */
  key: string;
}

/** The file-system path of a `file:` URI, or undefined (untitled and other schemes). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export class ProjectConfigs {
  private readonly byDir = new Map<string, ProjectConfig>();
  /** Config errors seen since the last clear, by file (reported once each). */
  readonly errors = new Map<string, ConfigError>();

  constructor(
    private readonly engine: Engine,
    private readonly onError: (e: ConfigError) => void,
  ) {}

  /** The configuration for a document in `dir` (bounded by the workspace folder `root` when known). */
  forDir(dir: string | undefined, root?: string): ProjectConfig {
    if (!dir) return { enabled: undefined, plugins: {}, key: 'default' };
    const cached = this.byDir.get(dir);
    if (cached) return cached;
    let cfg: BanditConfig | undefined;
    let result: ProjectConfig;
    try {
      cfg = findPyprojectConfig(dir, root);
      const { ids, blacklist } = ruleIdLists(this.engine.rules);
      const enabled = cfg ? selectRules(ids, blacklist, cfg.tests, cfg.skips, cfg.file) : undefined;
      result = {
        enabled,
        plugins: cfg?.plugins ?? {},
        ...(cfg?.file ? { file: cfg.file } : {}),
        key: cfg ? `${cfg.file}:${JSON.stringify([...(enabled ?? [])])}:${JSON.stringify(cfg.plugins)}` : 'default',
      };
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      if (!this.errors.has(e.file)) {
        this.errors.set(e.file, e);
        this.onError(e);
      }
      result = { enabled: undefined, plugins: {}, file: e.file, error: e, key: `error:${e.message}` };
    }
    this.byDir.set(dir, result);
    return result;
  }

  forUri(uri: string, root?: string): ProjectConfig {
    const p = uriToPath(uri);
    return this.forDir(p ? path.dirname(p) : root, root);
  }

  clear(): void {
    this.byDir.clear();
    this.errors.clear();
  }
}
