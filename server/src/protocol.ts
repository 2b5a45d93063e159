/**
 * Types and constants shared by the VS Code client and the language server: settings, custom requests and the
 * shape of `Diagnostic.data`. Types and constants only; the client never imports server runtime code.
 */

export type LevelSetting = 'low' | 'medium' | 'high';
export type SeverityName = 'error' | 'warning' | 'information' | 'hint';

/** The `vigil.*` settings as the server reads them (per document, via workspace/configuration). */
export interface Settings {
  enable: boolean;
  /** When live diagnostics run: on every change (debounced) or only on save. */
  run: 'onType' | 'onSave';
  minSeverity: LevelSetting;
  minConfidence: LevelSetting;
  /** Ignore `# nosec` / `# noqa` (bandit --ignore-nosec). */
  ignoreNosec: boolean;
  /** `workspace` scans the workspace on startup; `openFiles` reports open documents only. */
  diagnosticMode: 'openFiles' | 'workspace';
  /** Files larger than this are not analysed (0 = no limit). */
  maxFileSizeKb: number;
  /** Diagnostic severity by rule id, replacing the severity × confidence mapping. */
  severityOverrides: Record<string, SeverityName>;
  /** Offer `source.fixAll.vigil`. */
  fixAll: boolean;
  codeAction: { disableRuleComment: { enable: boolean } };
  /**
   * A Bandit JSON report, relative to the workspace folder (or absolute): findings it lists are not shown, as with
   * `bandit -b` / `vigil scan -b`. Empty: the `baseline` of the folder's `.bandit` file, if any.
   */
  baseline: string;
  /**
   * A Bandit config file (YAML, or TOML with `[tool.bandit]`), as given to `bandit -c` / `vigil scan -c`, relative
   * to the workspace folder: it replaces the pyproject.toml lookup. Empty: the `.bandit` file's `configfile`, if any.
   */
  configFile: string;
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  run: 'onType',
  minSeverity: 'low',
  minConfidence: 'low',
  ignoreNosec: false,
  diagnosticMode: 'openFiles',
  maxFileSizeKb: 1024,
  severityOverrides: {},
  fixAll: true,
  codeAction: { disableRuleComment: { enable: true } },
  baseline: '',
  configFile: '',
};

/** One edit of a fix, already converted to an LSP range of the analysed document version. */
/**
 * `Diagnostic.data` of every Vigil diagnostic: which finding it shows. A code action looks the finding up in the
 * server's analysis of the document's current text (by id, this line and the diagnostic's start) and takes its
 * fixes and line range from there; a diagnostic whose finding is no longer at that place gets no action. Nothing
 * version-specific is in it, so a diagnostic that an edit did not move is the same object in the next result
 * (and a pull client gets "unchanged" when none moved).
 */
export interface DiagnosticData {
  ruleId: string;
  /** Bandit's reported 1-based line (where `# nosec` is read). */
  line: number;
}

/**
 * Custom request `vigil/ping` (params: none; result: `{}`): answered at once unless the server's thread is busy. The
 * VS Code client pings the server to notice one that stopped answering (client/src/stall.ts), then restarts it.
 */
export const PingRequest = { method: 'vigil/ping' } as const;

/** `initializationOptions` the VS Code client sends (other clients may send their settings there instead). */
export interface InitializationOptions {
  settings?: unknown;
  /**
   * Documents (URIs) edited last before an earlier server process stopped answering: their keystroke re-checks
   * run under the watchdog too, which stops an analysis that does not end, at the cost of a thread start each.
   */
  guarded?: string[];
}

/** Custom request `vigil/scanWorkspace`: scan every workspace folder (params: none). */
export const ScanWorkspaceRequest = { method: 'vigil/scanWorkspace' } as const;
/** The result of `vigil/scanWorkspace`. */
export interface ScanWorkspaceResult {
  files: number;
  findings: number;
  ms: number;
  cancelled?: boolean;
}

/** The configuration section the server asks for. */
export const CONFIG_SECTION = 'vigil';
/** Diagnostic source and pull-diagnostics identifier. */
export const SOURCE = 'vigil';
/** The fix-all code action kind. */
export const FIX_ALL_KIND = 'source.fixAll.vigil';
