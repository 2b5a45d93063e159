/**
 * The analysis engine: one combined tree-sitter query for all enabled rules, matches visited in document
 * order (Bandit's visit order, so imports take effect where Bandit's do), checks isolated per rule,
 * suppressions applied. Imports nothing from vscode or vscode-languageserver.
 */
import { Query, type Node, type Tree } from './parser';
import type { PythonParser } from './parser';
import { FileContext, ImportState, importRecords, type ImportRecord } from './context';
import { parseSuppression, SuppressionMap, type TestIdResolver } from './nosec';
import { DEFAULT_OPTIONS, type RuleOptions } from './options';
import type { Match, Report, RuleContext, RuleDefinition } from './rule';
import type { Finding, Level, TextEdit } from './types';

/** Options for one analysis. */
export interface AnalyzeOptions {
  /** Rule ids to run (default: all). */
  enabled?: ReadonlySet<string>;
  /** Per-plugin config and the file name. */
  options?: RuleOptions;
  /** Bandit's --ignore-nosec. */
  ignoreNosec?: boolean;
  /** Rethrow exceptions from checks (tests); otherwise the rule is isolated and reported. */
  strict?: boolean;
}

/** A rule that threw while analysing. */
export interface RuleFailure {
  ruleId: string;
  error: string;
}

export interface AnalysisResult {
  findings: Finding[];
  /** Bandit's metrics: blanket-suppressed and id-suppressed finding counts. */
  nosec: number;
  skippedTests: number;
  failures: RuleFailure[];
  /** The first syntax error (1-based line), when the tree has ERROR/MISSING nodes or Python-2-only syntax. */
  syntaxError?: { line: number; column: number; message: string };
}

interface Group {
  rules: RuleDefinition[];
  /** The capture that becomes `match.node`. */
  mainCapture: string | undefined;
}

const INTERNAL = `
[(import_statement) (import_from_statement) (future_import_statement)] @_vigil_import
(comment) @_vigil_comment
[(print_statement) (exec_statement)] @_vigil_py2
`;

/** Compiles rule queries; throws a clear error naming the rule on a bad query. */
export function compileRuleQuery(parser: PythonParser, rule: RuleDefinition): Query {
  try {
    return new Query(parser.language, rule.query);
  } catch (e) {
    throw new Error(`${rule.id} query: ${(e as Error).message}`);
  }
}

export class Engine {
  readonly rules: readonly RuleDefinition[];
  private readonly byId = new Map<string, RuleDefinition>();
  private readonly nameToId = new Map<string, string>();
  private readonly query: Query;
  /** Pattern index -> group index (-1 for the engine's own patterns). */
  private readonly patternGroup: number[] = [];
  private readonly groups: Group[] = [];
  /** Rules disabled because their query did not compile, with the reason. */
  readonly brokenRules: RuleFailure[] = [];

  constructor(
    readonly parser: PythonParser,
    rules: readonly RuleDefinition[],
  ) {
    this.rules = rules;
    for (const r of rules) {
      this.byId.set(r.id, r);
      this.nameToId.set(r.banditName.toLowerCase(), r.id);
    }
    // Group rules by identical query text so shared patterns run once.
    const byText = new Map<string, RuleDefinition[]>();
    for (const r of rules) {
      try {
        compileRuleQuery(parser, r).delete();
      } catch (e) {
        this.brokenRules.push({ ruleId: r.id, error: (e as Error).message });
        continue;
      }
      const key = r.query.trim();
      const list = byText.get(key);
      if (list) list.push(r);
      else byText.set(key, [r]);
    }
    let source = INTERNAL;
    const internal = new Query(parser.language, INTERNAL);
    for (let i = 0; i < internal.patternCount(); i++) this.patternGroup.push(-1);
    internal.delete();
    for (const [text, list] of byText) {
      const q = new Query(parser.language, text);
      const count = q.patternCount();
      const main = q.captureNames.find((n) => !n.startsWith('_'));
      q.delete();
      const gi = this.groups.length;
      this.groups.push({ rules: list, mainCapture: main });
      for (let i = 0; i < count; i++) this.patternGroup.push(gi);
      source += '\n' + text;
    }
    this.query = new Query(parser.language, source);
  }

  /** Resolves a nosec token (id, case-insensitive, or Bandit test name) to a known id. */
  readonly resolveTestId: TestIdResolver = (token) => {
    const up = token.toUpperCase();
    if (this.byId.has(up)) return up;
    return this.nameToId.get(token.toLowerCase());
  };

  rule(id: string): RuleDefinition | undefined {
    return this.byId.get(id);
  }

  /** Parses `source` from scratch (callers that keep trees use their own incremental parse). */
  parse(source: string, oldTree?: Tree): Tree {
    const tree = this.parser.parser.parse(source, oldTree ?? null);
    if (!tree) throw new Error('tree-sitter returned no tree (parse cancelled or timed out)');
    return tree;
  }

  /** Analyses one parsed file. Never throws unless `strict`. */
  analyze(tree: Tree, source: string, opts: AnalyzeOptions = {}): AnalysisResult {
    const options = opts.options ?? DEFAULT_OPTIONS;
    const root = tree.rootNode;
    const matches = this.query.matches(root);

    // Order: document order, parents before children, engine bookkeeping before rules.
    type Item = { start: number; end: number; order: number; match: (typeof matches)[number] };
    const items: Item[] = [];
    const importNodes: Node[] = [];
    const comments: Node[] = [];
    let py2: Node | undefined;
    for (let i = 0; i < matches.length; i++) {
      const m = matches[i]!;
      const g = this.patternGroup[m.patternIndex] ?? -1;
      if (g < 0) {
        const c = m.captures[0];
        if (!c) continue;
        if (c.name === '_vigil_import') importNodes.push(c.node);
        else if (c.name === '_vigil_comment') comments.push(c.node);
        else py2 ??= c.node;
        continue;
      }
      const first = m.captures[0];
      if (!first) continue;
      const group = this.groups[g]!;
      const mainCap = m.captures.find((c) => c.name === group.mainCapture) ?? first;
      items.push({ start: mainCap.node.startIndex, end: mainCap.node.endIndex, order: i, match: m });
    }
    items.sort((a, b) => a.start - b.start || b.end - a.end || a.order - b.order);

    const records: ImportRecord[] = [];
    for (const n of importNodes) records.push(...importRecords(n));
    records.sort((a, b) => a.at - b.at);
    const state = new ImportState(records);
    const file = new FileContext(source, root, state);

    const suppressions = new SuppressionMap();
    if (!opts.ignoreNosec) {
      for (const c of comments) {
        const s = parseSuppression(c.text, this.resolveTestId);
        if (s) suppressions.add(c.startPosition.row + 1, s);
      }
    }

    const lines = new LineIndex(source);
    const ctx: RuleContext = {
      file,
      options,
      call: (n) => file.call(n),
      replace: (n, text): TextEdit => ({ start: n.startIndex, end: n.endIndex, text }),
    };

    const result: AnalysisResult = { findings: [], nosec: 0, skippedTests: 0, failures: [] };
    const failed = new Set<string>();
    for (const it of items) {
      const m = it.match;
      const group = this.groups[this.patternGroup[m.patternIndex]!]!;
      const captures: Record<string, Node> = {};
      for (const c of m.captures) captures[c.name] ??= c.node;
      const node = (group.mainCapture && captures[group.mainCapture]) || m.captures[0]!.node;
      state.advanceTo(node.startIndex);
      const match: Match = { node, captures };
      for (const rule of group.rules) {
        if (opts.enabled && !opts.enabled.has(rule.id)) continue;
        if (failed.has(rule.id)) continue;
        let reports: Report | Report[] | undefined | void;
        try {
          reports = rule.check(match, ctx);
        } catch (e) {
          if (opts.strict) throw e;
          failed.add(rule.id);
          const err = e as Error;
          result.failures.push({ ruleId: rule.id, error: err?.stack ?? String(e) });
          continue;
        }
        if (!reports) continue;
        for (const r of Array.isArray(reports) ? reports : [reports]) {
          const f = this.toFinding(rule, r, lines);
          const verdict = opts.ignoreNosec ? undefined : suppressions.check(f.ruleId, f.line, f.lineRange);
          if (verdict === 'nosec') result.nosec++;
          else if (verdict === 'skipped') result.skippedTests++;
          else result.findings.push(f);
        }
      }
    }
    const se = findSyntaxError(root, py2);
    if (se) result.syntaxError = se;
    return result;
  }

  private toFinding(rule: RuleDefinition, r: Report, lines: LineIndex): Finding {
    const node = r.node;
    const rows = r.lineRangeRows ?? [node.startPosition.row, node.endPosition.row];
    const lineRange: number[] = [];
    for (let l = rows[0]; l <= rows[1]; l++) lineRange.push(l + 1);
    const hl = r.highlight ?? node;
    const template = rule.messages[r.messageId];
    if (template === undefined) throw new Error(`${rule.id}: unknown messageId '${r.messageId}'`);
    const message = template.replace(/\{(\w+)\}/g, (_, k: string) => r.data?.[k] ?? `{${k}}`);
    return {
      ruleId: rule.id,
      testName: r.testName ?? rule.banditName,
      banditTestName: rule.banditTestName ?? rule.banditName,
      severity: r.severity ?? rule.severity,
      confidence: r.confidence ?? rule.confidence,
      cwe: rule.cwe,
      message,
      messageId: r.messageId,
      line: r.line ?? node.startPosition.row + 1,
      colOffset: r.colOffset ?? lines.utf8Column(node.startPosition.row, node.startPosition.column),
      endColOffset: lines.utf8Column(node.endPosition.row, node.endPosition.column),
      lineRange,
      range: {
        start: { row: hl.startPosition.row, column: hl.startPosition.column },
        end: { row: hl.endPosition.row, column: hl.endPosition.column },
      },
      moreInfo: rule.moreInfo,
      fixes: r.fixes ?? [],
      ...(r.data ? { data: r.data } : {}),
    };
  }

  /** Frees the compiled query. */
  dispose(): void {
    this.query.delete();
  }
}

/** Line starts of a text, for UTF-8 columns (Bandit's col_offset is in bytes). */
export class LineIndex {
  private starts: number[] | undefined;
  constructor(readonly text: string) {}
  private get lineStarts(): number[] {
    if (!this.starts) {
      const s = [0];
      for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) s.push(i + 1);
      this.starts = s;
    }
    return this.starts;
  }
  /** The UTF-16 offset of (row, column). */
  offset(row: number, column: number): number {
    return (this.lineStarts[row] ?? this.text.length) + column;
  }
  /** UTF-8 byte column of a UTF-16 column on a row. */
  utf8Column(row: number, column: number): number {
    const start = this.lineStarts[row] ?? 0;
    const prefix = this.text.slice(start, start + column);
    // Fast path: ASCII.
    if (/^[\x00-\x7f]*$/.test(prefix)) return prefix.length;
    return Buffer.byteLength(prefix, 'utf8');
  }
  /** The text of a 1-based line, without its line break. */
  line(n: number): string {
    const s = this.lineStarts[n - 1];
    if (s === undefined) return '';
    const e = this.lineStarts[n] ?? this.text.length + 1;
    return this.text.slice(s, e - 1).replace(/\r$/, '');
  }
  get lineCount(): number {
    return this.lineStarts.length;
  }
}

/** The first ERROR/MISSING node, or Python-2-only syntax that CPython 3 rejects. */
export function findSyntaxError(root: Node, py2?: Node): AnalysisResult['syntaxError'] {
  if (root.hasError) {
    const stack: Node[] = [root];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.isError || n.isMissing) {
        return {
          line: n.startPosition.row + 1,
          column: n.startPosition.column,
          message: n.isMissing ? `missing ${n.type}` : 'invalid syntax',
        };
      }
      if (!n.hasError) continue;
      const kids = n.children;
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    }
  }
  const first = py2;
  if (first) {
    return { line: first.startPosition.row + 1, column: first.startPosition.column, message: `Python 2 ${first.type.replace('_', ' ')}` };
  }
  return undefined;
}

/** Whether a finding passes Bandit-style severity and confidence thresholds. */
export function passesThreshold(f: { severity: Level; confidence: Level }, minSeverity: Level, minConfidence: Level): boolean {
  const rank = (l: Level) => (l === 'HIGH' ? 3 : l === 'MEDIUM' ? 2 : 1);
  return rank(f.severity) >= rank(minSeverity) && rank(f.confidence) >= rank(minConfidence);
}
