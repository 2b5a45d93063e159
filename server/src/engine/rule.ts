/**
 * How a rule is declared: metadata, a tree-sitter query that selects candidate nodes, and a check that
 * confirms or refines each match (see docs/architecture in CONTRIBUTING.md and rules/README.md).
 */
import type { Node } from './parser';
import type { Fix, Level, TextEdit } from './types';
import type { CallContext, FileContext, FileText } from './context';
import type { PluginConfig, RuleOptions } from './options';

export type FixAvailability = 'always' | 'sometimes';

export interface RuleFixMeta {
  availability: FixAvailability;
  safety: 'safe' | 'unsafe';
  title: string;
}

/** What a check reports. `node` is the tested node (Bandit's context node: line_range, col_offset, nosec). */
export interface Report {
  node: Node;
  /** Overrides the reported line (1-based), e.g. Bandit's `lineno=` on a keyword argument. */
  line?: number;
  /** The node to underline in the editor, when not `node` (a narrower one, or the f-string of a part). */
  highlight?: Node;
  /** Overrides Bandit's line_range rows (0-based inclusive), e.g. strings use their AST parent's lines. */
  lineRangeRows?: [number, number];
  /** Overrides Bandit's col_offset (e.g. file-level checks that report a character position). */
  colOffset?: number;
  messageId: string;
  data?: Record<string, string>;
  severity?: Level;
  confidence?: Level;
  /** For family rules (blacklists): the Bandit test name of the entry that matched. */
  testName?: string;
  fixes?: Fix[];
}

/** A query match handed to `check()`. */
export interface Match {
  /** The capture named like the query's main capture (first non-underscore capture). */
  node: Node;
  captures: Record<string, Node>;
}

/** Everything a check may use. */
export interface RuleContext {
  readonly file: FileContext;
  /** The call context when the matched node is a `call` (qualified name, args, keywords). */
  call(node: Node): CallContext;
  readonly options: RuleOptions;
  /** Builds an edit that replaces a node's text. */
  replace(node: Node, text: string): TextEdit;
}

/** See `RuleDefinition.callNames`. */
export type CallNames = readonly (string | RegExp)[];

export interface RuleDefinition {
  /** Bandit's id (`B506`) or our own (`VG601`). Stable forever. */
  id: string;
  /** kebab-case pattern name (`yaml-load`). */
  name: string;
  /** Bandit's test name (`yaml_load`), also accepted in `# nosec` comments. */
  banditName: string;
  /** `blacklist` for B3xx/B4xx, otherwise the plugin name (Bandit's JSON `test_name`). */
  banditTestName?: string;
  /**
   * Bandit's entry-point name for the plugin when it is not `banditName` (`hashlib_insecure_functions` for the
   * function `hashlib`). Bandit runs a node's tests in entry-point name order, the blacklist last: the order of
   * findings on one node (engine.ts `sortFindings`).
   */
  banditPlugin?: string;
  summary: string;
  severity: Level;
  confidence: Level;
  cwe: number;
  tags?: string[];
  status?: 'preview' | 'stable';
  /** Bandit's more_info URL (ours for VG rules). */
  moreInfo: string;
  /** Tree-sitter query selecting candidates. Captures starting with `_` feed predicates only. */
  query: string;
  messages: Record<string, string>;
  fix?: RuleFixMeta;
  /**
   * A prefilter for checks on `call` matches: the last segments of the resolved callee names
   * (`CallContext.name`: `loads` for `pickle.loads(...)`, also for `from pickle import loads as l; l(...)`) on
   * which the check can report. The engine skips the check for any other call, so the list must be complete;
   * test/prefilter.test.ts compares every fixture with and without it. Entries are exact names or patterns
   * (a RegExp, e.g. `/chmod/` for any name containing it; no `g`/`y` flags). A function gets the plugin settings
   * (for configurable name lists). Omit it when the check can report on calls of any name.
   */
  callNames?: CallNames | ((plugins: PluginConfig) => CallNames | undefined);
  /**
   * A necessary condition on the whole file for the check to report anything there, decided once per file before
   * any match is checked, typically that the text mentions a name the check needs (`file.mentions`). When it is
   * false the engine skips the rule on that file, and a group of rules sharing a query whose rules are all skipped
   * costs nothing per match. It is only a shortcut: the check must give the same answers without it (a partial
   * analysis of a few units does not call it, and test/prefilter.test.ts runs every fixture with and without it).
   */
  fileGate?: (file: FileText, options: RuleOptions) => boolean;
  /**
   * For a check that reads the file beyond the statement it checks (other functions, module-level assignments,
   * regexes over the whole text): `read` returns a summary of everything it reads there, as a string. The editor's
   * incremental analysis re-checks only the statements an edit touched; when this summary changes, it analyses the
   * whole file instead. `read` must return '' exactly when the text contains none of `triggers`: while it is '',
   * the editor calls `read` again only when an edit's surroundings contain a trigger (no whole-text scan per
   * keystroke: five `includes` over Nova's compute/manager.py cost about 1.5 ms).
   */
  fileInputs?: { triggers: readonly string[]; read(text: string): string };
  /** Confirms a match; returns nothing, one report or several. */
  check(match: Match, ctx: RuleContext): Report | Report[] | undefined | void;
}

/** Identity function that gives rule modules type checking. */
export function defineRule(def: RuleDefinition): RuleDefinition {
  return def;
}

const BANDIT_DOCS = 'https://bandit.readthedocs.io/en/latest';
/** Bandit's more_info URL for a plugin rule. */
export function pluginDocs(id: string, plugin: string): string {
  return `${BANDIT_DOCS}/plugins/${id.toLowerCase()}_${plugin}.html`;
}
/** Bandit's more_info URL for a blacklist entry (calls or imports page, with its anchor). */
export function blacklistDocs(kind: 'calls' | 'imports', anchor: string): string {
  return `${BANDIT_DOCS}/blacklists/blacklist_${kind}.html#${anchor}`;
}
