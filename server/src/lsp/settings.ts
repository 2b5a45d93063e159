/**
 * Per-document `vigil.*` settings pulled with workspace/configuration (scopeUri = the document), cached per URI
 * and cleared on didChangeConfiguration. Clients without the configuration capability get the defaults merged
 * with their initializationOptions.
 */
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, CONFIG_SECTION, type LevelSetting, type SeverityName, type Settings } from '../protocol';

const LEVELS: readonly LevelSetting[] = ['low', 'medium', 'high'];
const SEVERITIES: readonly SeverityName[] = ['error', 'warning', 'information', 'hint'];

function pick<T extends string>(v: unknown, allowed: readonly T[], dflt: T): T {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : dflt;
}

/** Builds typed settings from whatever the client sent (unknown or wrong-typed values fall back to defaults). */
export function normaliseSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const d = DEFAULT_SETTINGS;
  const overrides: Record<string, SeverityName> = {};
  if (r.severityOverrides && typeof r.severityOverrides === 'object') {
    for (const [k, v] of Object.entries(r.severityOverrides as Record<string, unknown>)) {
      const s = pick(v, SEVERITIES, 'warning');
      if (typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v)) overrides[k.toUpperCase()] = s;
    }
  }
  const ca = (r.codeAction && typeof r.codeAction === 'object' ? r.codeAction : {}) as Record<string, unknown>;
  const drc = (ca.disableRuleComment && typeof ca.disableRuleComment === 'object' ? ca.disableRuleComment : {}) as Record<string, unknown>;
  return {
    enable: typeof r.enable === 'boolean' ? r.enable : d.enable,
    run: pick(r.run, ['onType', 'onSave'] as const, d.run),
    minSeverity: pick(r.minSeverity, LEVELS, d.minSeverity),
    minConfidence: pick(r.minConfidence, LEVELS, d.minConfidence),
    ignoreNosec: typeof r.ignoreNosec === 'boolean' ? r.ignoreNosec : d.ignoreNosec,
    diagnosticMode: pick(r.diagnosticMode, ['openFiles', 'workspace'] as const, d.diagnosticMode),
    maxFileSizeKb: typeof r.maxFileSizeKb === 'number' && r.maxFileSizeKb >= 0 ? r.maxFileSizeKb : d.maxFileSizeKb,
    severityOverrides: overrides,
    fixAll: typeof r.fixAll === 'boolean' ? r.fixAll : d.fixAll,
    codeAction: { disableRuleComment: { enable: typeof drc.enable === 'boolean' ? drc.enable : d.codeAction.disableRuleComment.enable } },
    baseline: typeof r.baseline === 'string' ? r.baseline.trim() : d.baseline,
    configFile: typeof r.configFile === 'string' ? r.configFile.trim() : d.configFile,
  };
}

export class SettingsCache {
  private readonly cache = new Map<string, Promise<Settings>>();
  /** Bumped on every clear, so a caller can tell its settings went stale. */
  generation = 0;

  constructor(
    private readonly connection: Connection,
    private readonly pull: boolean,
    private readonly fallback: unknown,
  ) {}

  get(scopeUri: string): Promise<Settings> {
    let p = this.cache.get(scopeUri);
    if (!p) {
      p = this.fetch(scopeUri);
      this.cache.set(scopeUri, p);
    }
    return p;
  }

  private async fetch(scopeUri: string): Promise<Settings> {
    if (!this.pull) return normaliseSettings(this.fallback);
    try {
      const raw: unknown = await this.connection.workspace.getConfiguration({ scopeUri, section: CONFIG_SECTION });
      return normaliseSettings(raw ?? this.fallback);
    } catch (e) {
      this.connection.console.error(`Vigil: workspace/configuration failed for ${scopeUri}: ${(e as Error).message}`);
      this.cache.delete(scopeUri);
      return normaliseSettings(this.fallback);
    }
  }

  clear(): void {
    this.cache.clear();
    this.generation++;
  }
}

/**
 * The key under which a document's analysis is cached and re-used incrementally: the settings that change results,
 * the project configuration's key, and whether the engine loaded. The keystroke warm-up builds its key here too, so
 * that it compares the same kind of string as the server's keystrokes (lsp/warmup.ts).
 */
export function analysisKey(s: Settings, projectKey: string, engineLoaded: boolean): string {
  return `${settingsKey(s)}|${projectKey}|${engineLoaded ? 1 : 0}`;
}

/** A stable key of the settings that change analysis results (part of the pull resultId). */
export function settingsKey(s: Settings): string {
  const o = Object.keys(s.severityOverrides)
    .sort()
    .map((k) => `${k}=${s.severityOverrides[k]}`)
    .join(',');
  return `${s.enable}|${s.minSeverity}|${s.minConfidence}|${s.ignoreNosec}|${s.maxFileSizeKb}|${o}`;
}
