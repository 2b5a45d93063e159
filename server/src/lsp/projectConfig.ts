/**
 * Project configuration per document: the nearest pyproject.toml `[tool.bandit]` (engine/config.ts, shared with
 * the CLI) and the workspace folder's `.bandit` file (the one `vigil scan FOLDER` or `bandit -r FOLDER` finds)
 * turned into the enabled rule set, as the CLI combines them. Cached per directory and folder; cleared when a
 * watched config file changes. A bad config file is never silently replaced by defaults: it is reported
 * (notification + a diagnostic on the file) and analysis runs with every rule until it is fixed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BaselineError, FolderBaseline, loadBaseline } from '../engine/baseline';
import { checkPerFileSkips, ConfigError, fileSkipIds, findFolderBanditIni, findPyprojectConfig, profileSelection, withoutIds, readBanditIni, readConfigFile, ruleIdLists, selectRules, type BanditConfig, type IniOptions } from '../engine/config';
import type { Engine } from '../engine/engine';
import type { PluginConfig } from '../engine/options';
import { cliExcludes, scanExclusion, walkConfig } from '../engine/scan/index';
import type { LevelSetting, Settings } from '../protocol';

export interface ProjectConfig {
  enabled: ReadonlySet<string> | undefined;
  plugins: PluginConfig;
  /** The config file used, if any. */
  file?: string;
  /** The error that made us fall back to all rules. */
  error?: ConfigError;
  /** Identifies the configuration in result ids. */
  key: string;
  /** The workspace folder's `.bandit` options (thresholds, ignore-nosec, baseline: `withIni`). */
  ini?: IniOptions;
  /** The config read, when it has `per_file_skips` (`forUri` applies them per file). */
  perFile?: BanditConfig;
}

const LEVEL_ORDER: Record<LevelSetting, number> = { low: 0, medium: 1, high: 2 };

/**
 * Directories the `.bandit` lookup reads at most per folder (`findFolderBanditIni`): Django's 2,365 fit, and a
 * 10,078-directory tree took 434 ms under load, in the server's main thread.
 */
export const INI_WALK_MAX_DIRS = 5000;

/**
 * The settings with a `.bandit` file's options applied: its `level` and `confidence` where they are stricter than
 * the settings', its `ignore-nosec` when set, its `baseline` when `vigil.baseline` is empty. (The CLI lets its
 * command line win over the file; a setting left at its default cannot be told from one chosen.)
 */
export function withIni(s: Settings, ini: IniOptions | undefined): Settings {
  if (!ini) return s;
  const stricter = (mine: LevelSetting, theirs: IniOptions['level']): LevelSetting =>
    theirs && theirs !== 'all' && LEVEL_ORDER[theirs] > LEVEL_ORDER[mine] ? theirs : mine;
  return {
    ...s,
    minSeverity: stricter(s.minSeverity, ini.level),
    minConfidence: stricter(s.minConfidence, ini.confidence),
    ignoreNosec: s.ignoreNosec || !!ini.ignoreNosec,
    baseline: s.baseline || ini.baseline || '',
  };
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
  /** `forUri`'s configurations with per-file skips applied, by their directory's key and the skips. */
  private readonly byFileSkips = new Map<string, ProjectConfig>();
  private readonly iniByFolder = new Map<string, IniOptions | undefined>();
  private readonly explicitByPath = new Map<string, BanditConfig | undefined>();
  /**
   * Every file named so far by a setting or a `.bandit` file (`vigil.configFile`, a `.bandit` configfile, a
   * baseline), read or not (`isNamedFile`).
   */
  private readonly namedPaths = new Set<string>();
  private readonly baselines = new Map<string, { stamp: string; checked: number; file: string; baseline?: FolderBaseline }>();
  private readonly exclusions = new Map<string, string | undefined>();
  /** Config errors seen since the last clear, by file (reported once each). */
  readonly errors = new Map<string, ConfigError>();

  private readonly onError: (e: ConfigError) => void;
  private readonly onBaselineError: (e: BaselineError) => void;
  private readonly onNote: (message: string) => void;
  private readonly onNamedFile: (file: string) => void;
  private readonly iniWalkMaxDirs: number;

  constructor(
    private readonly engine: Engine,
    hooks: {
      onError: (e: ConfigError) => void;
      onBaselineError?: (e: BaselineError) => void;
      /** Logs what the user may want to know (a `.bandit` lookup cut short). */
      onNote?: (message: string) => void;
      /**
       * Called once per file a setting or a `.bandit` file names (config file, baseline), which may lie outside
       * every watched pattern: the server asks the client to watch it.
       */
      onNamedFile?: (file: string) => void;
      iniWalkMaxDirs?: number;
    },
  ) {
    this.onError = hooks.onError;
    this.onBaselineError = hooks.onBaselineError ?? (() => undefined);
    this.onNote = hooks.onNote ?? (() => undefined);
    this.onNamedFile = hooks.onNamedFile ?? (() => undefined);
    this.iniWalkMaxDirs = hooks.iniWalkMaxDirs ?? INI_WALK_MAX_DIRS;
  }

  private report(e: ConfigError): void {
    if (this.errors.has(e.file)) return;
    this.errors.set(e.file, e);
    this.onError(e);
  }

  /** `read()`, or undefined after reporting the ConfigError it threw (the CLI stops on those). */
  private reported<T>(read: () => T): T | undefined {
    try {
      return read();
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      this.report(e);
      return undefined;
    }
  }

  /** The engine's rule ids and blacklist ids (`selectRules`, `checkPerFileSkips`). */
  private get rules(): { ids: string[]; blacklist: string[] } {
    return (this.ruleLists ??= ruleIdLists(this.engine.rules));
  }
  private ruleLists: { ids: string[]; blacklist: string[] } | undefined;

  /**
   * The `.bandit` file of a workspace folder, as `vigil scan FOLDER` reads it (the one file under the folder; more
   * than one, an unknown test id or an id both in tests and skips is an error the CLI stops on: reported, and the
   * file not used), looked for in the first `iniWalkMaxDirs` directories, shallow ones first. Undefined without a
   * folder or file.
   */
  iniFor(folder: string | undefined): IniOptions | undefined {
    if (!folder) return undefined;
    if (this.iniByFolder.has(folder)) return this.iniByFolder.get(folder);
    const ini = this.reported(() => {
      const { file, truncated } = findFolderBanditIni(folder, this.iniWalkMaxDirs);
      if (truncated) {
        this.onNote(
          `Vigil: looked for a .bandit file in the first ${this.iniWalkMaxDirs} directories of ${folder} only (${file ? `using ${file}` : 'none found'}); \`vigil scan\` of the folder looks in all of them.`,
        );
      }
      const read = file ? readBanditIni(file) : undefined;
      // The lists alone, against the rules: selectRules throws for an unknown id or one in both, naming the file.
      if (read) selectRules(this.rules.ids, this.rules.blacklist, read.tests, read.skips, read.file);
      return read;
    });
    this.iniByFolder.set(folder, ini);
    return ini;
  }

  /**
   * The explicit config file for a folder: `vigil.configFile` (`configFile`, the CLI's `-c`), else the one the
   * folder's `.bandit` names (`configfile`), relative to the folder; read once. As with `-c`, it replaces the
   * pyproject.toml lookup for every file of the folder. One that cannot be read is reported (the CLI stops on it)
   * and not used.
   */
  explicitConfigFor(folder: string | undefined, configFile?: string): BanditConfig | undefined {
    const ini = this.iniFor(folder);
    const file = configFile || ini?.configfile;
    const profile = ini?.profile;
    if (!file || (!folder && !path.isAbsolute(file))) {
      // As `-p` without `-c`: the CLI stops; reported, and the profile is not used.
      if (ini && profile) this.report(new ConfigError(ini.file, 'bandit.profile', `unable to find profile (${profile}): no config file to read it from (configfile, vigil.configFile)`));
      return undefined;
    }
    const named = path.resolve(folder ?? '', file);
    const id = profile ? `${named}\0${profile}` : named;
    if (this.explicitByPath.has(id)) return this.explicitByPath.get(id);
    this.named(named);
    const cfg = this.reported(() => {
      const read = readConfigFile(named);
      // The `.bandit` file's `profile` (the CLI's `-p`): the legacy profile's lists replace the config's tests and
      // skips. One the config lacks, or that lists an unknown test, is reported and the config not used.
      return profile ? { ...read, ...profileSelection(read, profile, this.engine.rules) } : read;
    });
    this.explicitByPath.set(id, cfg);
    return cfg;
  }

  private named(file: string): void {
    if (this.namedPaths.has(file)) return;
    this.namedPaths.add(file);
    this.onNamedFile(file);
  }

  /**
   * Whether `file` was named so far by a setting or a `.bandit` file (`explicitConfigFor`: `vigil.configFile` or a
   * `.bandit` configfile; `baselineFor`: a baseline), read or not: a change to it (a fix included) is a config change.
   */
  isNamedFile(file: string): boolean {
    return this.namedPaths.has(path.resolve(file));
  }

  /**
   * The baseline `settings` name (`withIni`: `vigil.baseline` or the `.bandit` file's), loaded for the folder, and a
   * stamp that changes with the file (its size and time, looked at once a second at most), and its path. Undefined:
   * none. A baseline that cannot be read is reported once per change, and nothing is filtered.
   */
  baselineFor(settings: Settings, folder: string | undefined): { stamp: string; file: string; baseline?: FolderBaseline } | undefined {
    if (!settings.baseline) return undefined;
    const base = folder ?? process.cwd();
    const file = path.resolve(base, settings.baseline);
    const id = `${base}\0${file}`;
    const now = Date.now();
    const known = this.baselines.get(id);
    if (known && now - known.checked < 1000) return known;
    this.named(file);
    let stamp: string;
    try {
      const st = fs.statSync(file);
      stamp = `${file}@${st.size}:${st.mtimeMs}`;
    } catch {
      stamp = `${file}@missing`;
    }
    if (known && known.stamp === stamp) {
      known.checked = now;
      return known;
    }
    let baseline: FolderBaseline | undefined;
    try {
      baseline = new FolderBaseline(loadBaseline(file), base);
    } catch (e) {
      if (!(e instanceof BaselineError)) throw e;
      this.onBaselineError(e);
    }
    const entry = { stamp, checked: now, file, ...(baseline ? { baseline } : {}) };
    this.baselines.set(id, entry);
    return entry;
  }

  /**
   * Why `vigil scan FOLDER` would not analyse the file at `absFile` (engine/scan `scanExclusion`, with the excludes
   * that scan uses: the `exclude_dirs` of the explicit config (`configFile` or the `.bandit` configfile) or else of
   * the folder's pyproject, and the `.bandit` file's `exclude`), or undefined.
   */
  exclusionFor(absFile: string, folder: string | undefined, configFile?: string): string | undefined {
    if (!folder) return undefined;
    const id = `${folder}\0${absFile}\0${configFile ?? ''}`;
    if (this.exclusions.has(id)) return this.exclusions.get(id);
    const ini = this.iniFor(folder);
    let reason: string | undefined;
    try {
      const explicit = this.explicitConfigFor(folder, configFile);
      const { excludes, include } = walkConfig({ targets: [folder], ...(ini?.exclude ? { excludes: cliExcludes(ini.exclude, folder) } : {}), ...(explicit ? { config: explicit } : {}) });
      reason = scanExclusion(absFile, folder, { excludes, excludeRelativeTo: folder, banditDefaultExcludes: !ini?.exclude, ...(include ? { include } : {}) });
    } catch (e) {
      // A pyproject.toml that cannot be read: reported by forDir; nothing excluded meanwhile.
      if (!(e instanceof ConfigError)) throw e;
    }
    this.exclusions.set(id, reason);
    return reason;
  }

  /** The configuration for a document in `dir` (bounded by the workspace folder `root` when known). */
  forDir(dir: string | undefined, root?: string, configFile?: string): ProjectConfig {
    if (!dir) return { enabled: undefined, plugins: {}, key: 'default' };
    const id = configFile ? `${dir}\0${configFile}` : dir;
    const cached = this.byDir.get(id);
    if (cached) return cached;
    const ini = this.iniFor(root);
    let cfg: BanditConfig | undefined;
    let result: ProjectConfig;
    try {
      cfg = this.explicitConfigFor(root, configFile) ?? findPyprojectConfig(dir, root);
      const { ids, blacklist } = this.rules;
      // As the CLI: the config's lists with the `.bandit` file's added (`-t`/`-s` there).
      const tests = [...(cfg?.tests ?? []), ...(ini?.tests ?? [])];
      const skips = [...(cfg?.skips ?? []), ...(ini?.skips ?? [])];
      const enabled = cfg || ini?.tests || ini?.skips ? selectRules(ids, blacklist, tests, skips, cfg?.file ?? ini?.file) : undefined;
      checkPerFileSkips(cfg, this.rules); // reported here; `forUri` then applies them
      const iniKey = ini ? JSON.stringify(ini) : '';
      result = {
        enabled,
        plugins: cfg?.plugins ?? {},
        ...(cfg?.file ? { file: cfg.file } : ini ? { file: ini.file } : {}),
        key: cfg || ini ? `${cfg?.file ?? ''}:${JSON.stringify([...(enabled ?? [])])}:${JSON.stringify(cfg?.plugins ?? {})}:${iniKey}` : 'default',
        ...(ini ? { ini } : {}),
        ...(cfg?.perFileSkips?.length ? { perFile: cfg } : {}),
      };
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      this.report(e);
      result = { enabled: undefined, plugins: {}, file: e.file, error: e, key: `error:${e.message}`, ...(ini ? { ini } : {}) };
    }
    this.byDir.set(id, result);
    return result;
  }

  /** The configuration for a document: its directory's (`forDir`), less the `per_file_skips` matching it. */
  forUri(uri: string, root?: string, configFile?: string): ProjectConfig {
    const p = uriToPath(uri);
    const dirs = this.forDir(p ? path.dirname(p) : root, root, configFile);
    if (!p || !dirs.perFile || !dirs.enabled) return dirs;
    const skips = fileSkipIds(dirs.perFile, p, this.rules);
    if (skips.length === 0) return dirs;
    const id = `${dirs.key}\0${skips.join(',')}`;
    let own = this.byFileSkips.get(id);
    if (!own) {
      own = { ...dirs, enabled: withoutIds(dirs.enabled, skips), key: `${dirs.key}|skips:${skips.join(',')}` };
      this.byFileSkips.set(id, own);
    }
    return own;
  }

  clear(): void {
    this.byDir.clear();
    this.byFileSkips.clear();
    this.iniByFolder.clear();
    this.explicitByPath.clear();
    this.namedPaths.clear();
    this.baselines.clear();
    this.exclusions.clear();
    this.errors.clear();
  }
}
