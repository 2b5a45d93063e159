/**
 * The analysis engine: one combined tree-sitter query for all enabled rules, matches visited in document
 * order (Bandit's visit order, so imports take effect where Bandit's do), checks isolated per rule,
 * suppressions applied. Imports nothing from vscode or vscode-languageserver.
 */
import { abandonRuntime, loadFreshPython, type Node, type Parser, type Query, type Tree } from './parser';
import type { PythonParser } from './parser';
import { FileContext, FileText, ImportState, ImportTracking, importRecords, type ImportRecord } from './context';
import { canonical, pyEnd, rememberParent, rememberTypeId, resetNodeMemo, withNodeMemo } from './python';
import { scanSuppressions, SuppressionMap, type TestIdResolver } from './nosec';
import { DEFAULT_OPTIONS, type PluginConfig, type RuleOptions } from './options';
import { withoutErrorEdits } from './fixes';
import type { Match, Report, RuleContext, RuleDefinition } from './rule';
import { lineSpan, type Finding, type Level, type TextEdit } from './types';
import { detach, detachFinding } from './detach';
import { analysisTimeoutNotice, Deadline, ruleTimeoutNotice, type AnalysisNotice } from './budget';

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
  /** Run every check on every match, ignoring the rules' `callNames` and `fileGate`s (tests compare both ways). */
  noPrefilter?: boolean;
  /** Wall-clock budget for query matching plus all checks (ms); beyond it analysis stops with a notice. */
  analysisBudgetMs?: number;
  /** Cumulative time one rule's checks may take on this file (ms); beyond it the rule is skipped with a notice. */
  ruleBudgetMs?: number;
  /**
   * Before reporting a syntax error, check that it is not tree-sitter's misreading of a whole-line comment
   * (`errorsOnlyFromComments`): costs a second parse of a file with errors. The CLI and the scan ask for it;
   * the editor's analyses, which only use the syntax error to schedule a fresh parse, do not.
   */
  verifySyntaxErrors?: boolean;
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
  /** Budgets exceeded (information level); present only when non-empty. */
  notices?: AnalysisNotice[];
}

/** What incremental re-analysis restricts an analysis to (see engine/incremental.ts). */
export interface AnalysisPlan {
  /** UTF-16 ranges whose nodes are checked. */
  ranges: readonly { start: number; end: number }[];
  /** Nodes whose own matches (rooted at them) are checked: the module, class definitions and bodies. */
  spanning: readonly Node[];
  /** Import records of the rest of the file (already in the new text's coordinates). */
  records: readonly ImportRecord[];
}

/** Where a raw finding came from (DetailedAnalysis `origins`). */
export interface Origin {
  start: number;
  end: number;
  /**
   * The match node is the module itself. It belongs to no analysis unit even when a one-statement file gives the
   * module and the statement the same extent: incremental analysis re-matches the root every time.
   */
  root?: true;
  idents?: string[];
  /** The edits of the fixes dropped for touching an ERROR node. */
  dropped?: { start: number; end: number }[];
}

export interface DetailedAnalysis {
  /** With a plan, `result` holds only failures/notices/syntaxError: suppression is applied by the caller. */
  result: AnalysisResult;
  /** Findings before suppression, in visit order. */
  raw: Finding[];
  /**
   * For each raw finding, the range of the query match's node that produced it; `idents` when the check built
   * fixes from the whole file: the names it asked edits.ts `addImportEdit` about; `dropped` when fixes were
   * dropped for touching an ERROR node.
   */
  origins: Origin[];
  /** Import records found by this analysis (all of them, or those inside the plan's ranges). */
  records: ImportRecord[];
  /** Offsets of Python-2-only statements found. */
  py2: number[];
  suppressions: SuppressionMap;
}

/**
 * Findings in order of their tested node's start, then Bandit's test order (`order`, from `banditTestOrder`), rule
 * id, line, column and message: a total order, so full and incremental analyses of the same text list them
 * identically.
 */
export function sortFindings(list: Finding[], order?: ReadonlyMap<string, number>): Finding[] {
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const rank = (f: Finding) => order?.get(f.ruleId) ?? Number.MAX_SAFE_INTEGER;
  return list.sort(
    (a, b) =>
      (a.offset ?? 0) - (b.offset ?? 0) ||
      rank(a) - rank(b) ||
      cmp(a.ruleId, b.ruleId) ||
      a.line - b.line ||
      a.range.start.row - b.range.start.row ||
      a.range.start.column - b.range.start.column ||
      cmp(a.message, b.message),
  );
}

/**
 * The order of Bandit's tests on one node, as a rank per rule id: Bandit runs them in its plugins' entry-point name
 * order (`request_with_no_cert_validation` B501 before `request_without_timeout` B113, `start_process_with_partial_path`
 * B607 before `subprocess_popen_with_shell_equals_true` B602), then the blacklist (B3xx/B4xx); Vigil's own rules
 * come after Bandit's, by id.
 */
export function banditTestOrder(rules: readonly RuleDefinition[]): Map<string, number> {
  const key = (r: RuleDefinition): [number, string] =>
    r.id.startsWith('VG') ? [2, r.id] : r.banditTestName === 'blacklist' ? [1, r.id] : [0, r.banditPlugin ?? r.banditName];
  const sorted = [...rules].sort((a, b) => {
    const [ga, na] = key(a);
    const [gb, nb] = key(b);
    return ga - gb || (na < nb ? -1 : na > nb ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
  return new Map(sorted.map((r, i) => [r.id, i]));
}

/** Applies suppressions to findings (counting Bandit's nosec / skipped_tests metrics) into `result`. */
export function applySuppressions(raw: readonly Finding[], suppressions: SuppressionMap | undefined, result: AnalysisResult): void {
  for (const f of raw) {
    const verdict = suppressions ? suppressions.check(f.ruleId, f.line, f.lineRange) : undefined;
    if (verdict === 'nosec') result.nosec++;
    else if (verdict === 'skipped') result.skippedTests++;
    else result.findings.push(f);
  }
}

interface Group {
  rules: RuleDefinition[];
  /** The capture that becomes `match.node`. */
  mainCapture: string | undefined;
}

/**
 * Which of a group's rules run on a call, by the call's resolved name (`CallContext.name`): the rules that list
 * the name in `callNames` plus those that declare none, in group order; computed once per name.
 */
class CallDispatch {
  private readonly byName = new Map<string, readonly RuleDefinition[]>();
  /** The rules that declare no names: all that runs on a name no rule lists (most calls). */
  private readonly unnamed: readonly RuleDefinition[];
  /**
   * Every name some rule lists, and every rule's patterns. Asked first: a small set, where `byName` holds every
   * name seen so far (tens of thousands on a large code base), whose look-ups of fresh strings miss the caches.
   */
  private readonly listed = new Set<string>();
  private readonly patterns: RegExp[] = [];
  constructor(
    private readonly rules: readonly RuleDefinition[],
    private readonly names: readonly (NameFilter | undefined)[],
  ) {
    this.unnamed = rules.filter((_, i) => names[i] === undefined);
    for (const f of names) {
      if (!f) continue;
      for (const x of f.exact) this.listed.add(x);
      this.patterns.push(...f.patterns);
    }
  }

  rulesFor(name: string | undefined): readonly RuleDefinition[] {
    if (name === undefined) return this.rules;
    if (!this.listed.has(name) && !this.patterns.some((p) => p.test(name))) return this.unnamed;
    let list = this.byName.get(name);
    if (!list) {
      list = this.rules.filter((_, i) => {
        const f = this.names[i];
        return f === undefined || f.exact.has(name) || f.patterns.some((p) => p.test(name));
      });
      // A name read from a tree is a slice of the whole source text: cache a copy, or the cache (which lives as
      // long as the engine) would keep every file that first used a name alive.
      this.byName.set(detach(name), list);
    }
    return list;
  }
}

/** The match handed to checks; most read only `node`, so the captures object is built on first use. */
class LazyMatch implements Match {
  private built?: Record<string, Node>;
  constructor(
    readonly node: Node,
    private readonly caps: readonly { name: string; node: Node }[],
    private readonly names: ReadonlyMap<string, string>,
  ) {}

  get captures(): Record<string, Node> {
    if (!this.built) {
      const out: Record<string, Node> = {};
      for (const c of this.caps) out[this.names.get(c.name) ?? c.name] ??= c.node;
      this.built = out;
    }
    return this.built;
  }
}

/** A rule's `callNames`: exact names and patterns (tested against the whole name). */
interface NameFilter {
  exact: ReadonlySet<string>;
  patterns: readonly RegExp[];
}

/** A call's resolved name for dispatch; undefined if resolving throws (every check then runs and is isolated). */
function callName(file: FileContext, node: Node, innermost: boolean): string | undefined {
  try {
    return file.call(node, innermost).name;
  } catch {
    return undefined;
  }
}

/**
 * Whether the call of `items[k]` is the last call among the items starting at its offset: the innermost call there,
 * when every call is an item (items of one offset are adjacent, outer nodes first).
 */
function innermostCall(items: readonly Item[], k: number): boolean {
  const { start, node } = items[k]!;
  for (let j = k + 1; j < items.length; j++) {
    const o = items[j]!;
    if (o.start !== start) break;
    if (o.node !== node && o.node.type === 'call') return false;
  }
  return true;
}

/** A group listening to one (deduplicated) pattern of the combined query. */
interface Subscriber {
  group: number;
  /** Canonical capture name -> the group's own capture name. */
  names: Map<string, string>;
  /** The canonical name of the group's main capture in this pattern. */
  mainCanon: string | undefined;
}

const byVisitOrder = (a: Item, b: Item) => a.start - b.start || b.end - a.end || a.order - b.order || a.group - b.group;

/** Sorts `collectItems`' items into visit order (tree-sitter usually returns them so: checked in one pass first). */
function inVisitOrder(items: Item[]): void {
  for (let i = 1; i < items.length; i++) {
    if (byVisitOrder(items[i - 1]!, items[i]!) > 0) {
      items.sort(byVisitOrder);
      return;
    }
  }
}

/** One query match for one main node: the groups subscribed to it, in group order (engine.ts `collectItems`). */
type Item = { start: number; end: number; order: number; group: number; node: Node; subs: Subscriber[]; caps: { name: string; node: Node }[] };

/**
 * The engine's own patterns: imports (for the import state), and Python 2 syntax that tree-sitter-python accepts
 * but CPython 3 rejects (print/exec statements, `except E, e`, `raise E, "text"`, tuple parameters, `<>`): a file
 * with any is a syntax error for Bandit. Each captures the token at the construct's start, the node that
 * incremental analysis finds again from its offset (engine/incremental.ts syntaxErrorOf). Literals (`0777`,
 * `10L`, `ur''`, backticks) are checked on the text instead (`py2Literal`), not by matching every number.
 */
const INTERNAL = `
[(import_statement) (import_from_statement) (future_import_statement)] @_vigil_import
[(print_statement) (exec_statement)] @_vigil_py2
(except_clause "," @_vigil_py2)
(raise_statement (expression_list "," @_vigil_py2))
(parameters (tuple_pattern "(" @_vigil_py2))
(lambda_parameters (tuple_pattern "(" @_vigil_py2))
(comparison_operator "<>" @_vigil_py2)
`;

/** Splits a query's source into its top-level patterns' texts (tree-sitter's own pattern boundaries). */
function patternTexts(q: Query, source: string): string[] {
  const bytes = Buffer.from(source, 'utf8');
  const out: string[] = [];
  for (let i = 0; i < q.patternCount(); i++) out.push(bytes.subarray(q.startIndexForPattern(i), q.endIndexForPattern(i)).toString('utf8'));
  return out;
}

/**
 * A query's text without comments and with whitespace collapsed, so queries that differ only there are one group;
 * with `rename`, every capture name is replaced by what it returns.
 */
function normalizeQuery(text: string, rename?: (capture: string) => string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === ';') {
      while (i < text.length && text[i] !== '\n') i++;
      if (!out.endsWith(' ')) out += ' ';
    } else if (c === '@' && rename) {
      const m = /^[\w.-]+/.exec(text.slice(i + 1));
      const name = m ? m[0] : '';
      out += '@' + rename(name);
      i += name.length;
    } else if (/\s/.test(c)) {
      if (!out.endsWith(' ')) out += ' ';
    } else out += c;
  }
  return out.trim();
}

/**
 * A pattern's canonical form: comments and layout removed, captures renamed `@_vN` in order of appearance
 * (predicates included), so `(call) @call` and `(call) @import` become one pattern of the combined query.
 */
function canonicalPattern(text: string): { key: string; names: Map<string, string> } {
  const names = new Map<string, string>(); // original -> canonical
  const key = normalizeQuery(text, (name) => {
    let canonName = names.get(name);
    if (canonName === undefined) names.set(name, (canonName = `_v${names.size}`));
    return canonName;
  });
  const reverse = new Map<string, string>();
  for (const [orig, cn] of names) reverse.set(cn, orig);
  return { key, names: reverse };
}

/**
 * The captures of a canonical pattern whose node type the pattern fixes: a childless node of one named type,
 * `(call) @_v0`, not a supertype and not a name several symbols share (aliases), so the capture's symbol is known.
 */
function knownTypes(parser: PythonParser, key: string): { name: string; typeId: number }[] | undefined {
  const lang = parser.language;
  const out: { name: string; typeId: number }[] = [];
  for (const m of key.matchAll(/(?<!["\w])\((\w+)\) @(_v\d+)/g)) {
    const type = m[1]!;
    const id = lang.idForNodeType(type, true);
    if (id === null || lang.supertypes.includes(id)) continue;
    let symbols = 0;
    for (let i = 0; i < lang.nodeTypeCount; i++) if (lang.types[i] === type) symbols++;
    if (symbols === 1) out.push({ name: m[2]!, typeId: id });
  }
  return out.length ? out : undefined;
}

/** Compiles rule queries; throws a clear error naming the rule on a bad query. */
export function compileRuleQuery(parser: PythonParser, rule: RuleDefinition): Query {
  try {
    return new parser.runtime.Query(parser.language, rule.query);
  } catch (e) {
    throw new Error(`${rule.id} query: ${(e as Error).message}`);
  }
}

export class Engine {
  readonly rules: readonly RuleDefinition[];
  private readonly byId = new Map<string, RuleDefinition>();
  /** Bandit's order of the tests on one node (`banditTestOrder`), for the order of findings. */
  readonly testOrder: ReadonlyMap<string, number>;
  private readonly nameToId = new Map<string, string>();
  private query: Query;
  /** The combined query's source (compiled again on a fresh runtime: `recover`). */
  private readonly querySource: string;
  /** Pattern index -> its canonical text (rule patterns only). */
  private readonly patternKeys: string[] = [];
  /**
   * Queries without the patterns no rule listens to on a file (their groups are all disabled or gated off), by
   * the list of patterns left out; each maps its pattern indices to the combined query's (`queryFor`).
   */
  private readonly variants = new Map<string, { query: Query; index: number[] }>();
  /** Pattern index -> subscribers (empty for the engine's own patterns). */
  private readonly subscribers: Subscriber[][] = [];
  private readonly internalPatterns: number;
  /**
   * Pattern index -> its `@_parent` capture and the main capture it is the parent of (canonical names): a query
   * like `(_ (string) @string) @_parent` hands tree-sitter's parent to the node memo, sparing a WASM lookup.
   */
  private readonly parentCaptures: ({ parent: string; child: string } | undefined)[] = [];
  /**
   * Pattern index -> its captures whose node type the pattern fixes (`(call) @x`: canonical capture name and type
   * id), handed to the node memo so that `node.type` of a captured node needs no WASM call (`knownTypes`).
   */
  private readonly capturedTypes: ({ name: string; typeId: number }[] | undefined)[] = [];
  private readonly groups: Group[] = [];
  /** The index of the pattern `(call) @_v0` (every call), when some rule has it. */
  private callPattern: number | undefined;
  /** The rules with a `fileGate`. */
  private readonly gated: readonly RuleDefinition[];
  private readonly fileReaders: readonly RuleDefinition[];

  /**
   * What the enabled rules read of the whole file beyond the statements they check (RuleDefinition.fileInputs),
   * one string per rule that declares it ('' for a disabled one). `skip(i, triggers)` true keeps rule i's '' without
   * reading the text (the caller knows no trigger can have appeared).
   * @internal used by engine/incremental.ts
   */
  fileInputsOf(text: string, enabled: ReadonlySet<string> | undefined, skip?: (i: number, triggers: readonly string[]) => boolean): string[] {
    return this.fileReaders.map((r, i) => {
      if ((enabled && !enabled.has(r.id)) || skip?.(i, r.fileInputs!.triggers)) return '';
      try {
        return r.fileInputs!.read(text);
      } catch {
        return '\0failed'; // the rule's checks will be isolated if they throw too
      }
    });
  }
  /** Rules disabled because their query did not compile, with the reason. */
  readonly brokenRules: RuleFailure[] = [];
  /** What this engine's analyses asked about imports (context.ts; read by engine/incremental.ts). */
  readonly imports = new ImportTracking();

  /** The tree-sitter runtime in use: replaced by `recover`. */
  parser: PythonParser;
  /**
   * Counts the runtimes this engine has left (`recover`): a caller holding trees compares it with the value it saw
   * when it parsed them, and drops them when it changed.
   */
  generation = 0;
  /** Set while `recover` loads a fresh runtime: the engine must not be used until it resolves (`ready`). */
  private renewing: Promise<void> | undefined;

  constructor(parser: PythonParser, rules: readonly RuleDefinition[]) {
    this.parser = parser;
    this.rules = rules;
    this.configurableNames = rules.some((r) => typeof r.callNames === 'function');
    this.gated = rules.filter((r) => r.fileGate);
    this.fileReaders = rules.filter((r) => r.fileInputs);
    this.testOrder = banditTestOrder(rules);
    for (const r of rules) {
      this.byId.set(r.id, r);
      this.nameToId.set(r.banditName, r.id);
    }
    // Group rules by identical query text so shared patterns run once; each distinct text compiles once (a
    // text that does not compile disables the rules that use it).
    const byText = new Map<string, RuleDefinition[]>();
    for (const r of rules) {
      const key = normalizeQuery(r.query);
      const list = byText.get(key);
      if (list) list.push(r);
      else byText.set(key, [r]);
    }
    let source = INTERNAL;
    const internal = new parser.runtime.Query(parser.language, INTERNAL);
    this.internalPatterns = internal.patternCount();
    for (let i = 0; i < this.internalPatterns; i++) this.subscribers.push([]);
    internal.delete();
    // Then every distinct pattern of every group once; groups whose patterns coincide share its matches.
    const byKey = new Map<string, number>();
    for (const list of byText.values()) {
      let q: Query;
      try {
        q = compileRuleQuery(parser, list[0]!);
      } catch (e) {
        for (const r of list) this.brokenRules.push({ ruleId: r.id, error: `${r.id} query: ${(e as Error).message.replace(/^\S+ query: /, '')}` });
        continue;
      }
      const main = q.captureNames.find((n) => !n.startsWith('_'));
      const texts = patternTexts(q, list[0]!.query);
      q.delete();
      const gi = this.groups.length;
      this.groups.push({ rules: list, mainCapture: main });
      for (const t of texts) {
        const { key, names } = canonicalPattern(t);
        let pi = byKey.get(key);
        if (pi === undefined) {
          pi = this.subscribers.length;
          byKey.set(key, pi);
          if (key === '(call) @_v0') this.callPattern = pi;
          this.subscribers.push([]);
          source += '\n' + key;
          this.patternKeys[pi] = key;
        }
        let mainCanon: string | undefined;
        let parentCanon: string | undefined;
        for (const [cn, orig] of names) {
          if (orig === main) mainCanon = cn;
          else if (orig === '_parent') parentCanon = cn;
        }
        this.capturedTypes[pi] ??= knownTypes(parser, key);
        this.subscribers[pi]!.push({ group: gi, names, mainCanon });
        if (parentCanon && mainCanon) this.parentCaptures[pi] ??= { parent: parentCanon, child: mainCanon };
      }
    }
    this.querySource = source;
    this.query = new parser.runtime.Query(parser.language, source);
    if (this.query.patternCount() !== this.subscribers.length) {
      throw new Error(`Vigil: combined query has ${this.query.patternCount()} patterns, expected ${this.subscribers.length}`);
    }
  }

  /**
   * A nosec token's rule: an id or a Bandit test name, matched case-sensitively as Bandit's extension manager does
   * (`# nosec b602` names no test, so unless the comment names another it is a blanket nosec, as in Bandit).
   * `B001`, the id of Bandit's built-in blacklist test, is a valid token there, but Bandit compares a finding's
   * own id (B301...) with the comment's, so it suppresses nothing: it only keeps the comment from being a blanket.
   */
  readonly resolveTestId: TestIdResolver = (token) => {
    if (this.byId.has(token) || token === 'B001') return token;
    return this.nameToId.get(token);
  };

  rule(id: string): RuleDefinition | undefined {
    return this.byId.get(id);
  }

  /** Parses `source` from scratch (callers that keep trees use their own incremental parse). */
  parse(source: string, oldTree?: Tree): Tree {
    this.usable();
    const tree = this.parser.parser.parse(textInput(loneCrToLf(source)), oldTree ?? null);
    if (!tree) throw new Error('tree-sitter returned no tree (parse cancelled or timed out)');
    return tree;
  }

  /** Parses within `budgetMs` (tree-sitter's progress callback cancels it); undefined when cancelled. */
  tryParse(source: string, oldTree?: Tree, budgetMs?: number): Tree | undefined {
    if (budgetMs === undefined || !(budgetMs > 0)) return this.parse(source, oldTree);
    this.usable();
    const d = new Deadline(budgetMs);
    const tree = this.parser.parser.parse(textInput(loneCrToLf(source)), oldTree ?? null, { progressCallback: d.expired as never });
    // A cancelled parse is otherwise resumed by the parser's next call, whatever text that call passes.
    if (!tree) this.parser.parser.reset();
    return tree ?? undefined;
  }

  /**
   * A parse of `source` from scratch in slices, on a parser of its own (the one `parse` uses keeps its state): each
   * `step` parses until `stop()` says so and returns undefined, or returns the tree once done; the next `step`
   * resumes where the last one stopped. A new `slicedParse` starts afresh whatever the previous one left, and
   * `cancel()` frees an abandoned one's state early. The language server parses a large document again this way
   * while the user is idle, letting the event loop run between slices.
   */
  slicedParse(source: string): { step(stop: () => boolean): Tree | undefined; cancel(): void } {
    this.usable();
    const parser = (this.slicedParser ??= new this.parser.runtime.Parser().setLanguage(this.parser.language));
    parser.reset(); // tree-sitter would otherwise resume a parse left unfinished, on whatever text it is given
    const input = textInput(loneCrToLf(source));
    return {
      step: (stop) => parser.parse(input, null, { progressCallback: stop as never }) ?? undefined,
      cancel: () => parser.reset(),
    };
  }
  private slicedParser: Parser | undefined;

  /**
   * After the watchdog interrupted a parse or an analysis on this thread (watchdog.ts). The interrupted code ran no
   * `finally`, and it may have stopped inside tree-sitter's WASM, its memory allocator included: interrupting
   * parses at random points and parsing normally in between crashed with "memory access out of bounds" after
   * about 75 interrupts, when the engine only reset its parser. So nothing calls into that runtime again
   * (parser.ts `abandonRuntime`): the engine loads a fresh one (`ready()` resolves when it can be used again), and
   * `generation` changes now, so callers drop every tree of the old runtime (their `delete()` now does nothing).
   * Another engine built on the same `PythonParser` is left on the abandoned runtime: an engine that may be
   * interrupted should have a runtime of its own (`loadFreshPython`), as every process and scan worker's has.
   */
  recover(): void {
    resetNodeMemo();
    abandonRuntime(this.parser);
    this.generation++;
    this.slicedParser = undefined;
    this.variants.clear();
    const renewing: Promise<void> = loadFreshPython(this.parser.wasmDir)
      .then((fresh) => {
        this.parser = fresh;
        this.query = new fresh.runtime.Query(fresh.language, this.querySource);
      })
      .finally(() => {
        if (this.renewing === renewing) this.renewing = undefined;
      });
    // A caller that never awaits `ready()` (the CLI after stopping its only file) must not get an unhandled rejection.
    renewing.catch(() => undefined);
    this.renewing = renewing;
  }

  /** Resolves when the engine can be used: at once, unless `recover` is loading a fresh runtime. */
  ready(): Promise<void> {
    return this.renewing ?? Promise.resolve();
  }

  /** Whether `recover` is loading a fresh runtime (the engine must not be used until `ready()` resolves). */
  get recovering(): boolean {
    return this.renewing !== undefined;
  }

  private usable(): void {
    if (this.renewing) throw new Error('Vigil: the engine is loading a fresh tree-sitter runtime after a stopped analysis (await engine.ready())');
  }

  /** Analyses one parsed file. Never throws unless `strict`. */
  analyze(tree: Tree, source: string, opts: AnalyzeOptions = {}): AnalysisResult {
    this.usable();
    const text = loneCrToLf(source);
    return withNodeMemo(tree, () => this.analyzeMemo(tree, text, opts).result);
  }

  /**
   * The engine's full analysis plus what incremental re-analysis caches: findings before suppression, the
   * import records and the Python-2 statements found. With a `plan`, only matches inside the plan's ranges (and
   * the matches rooted at its spanning nodes) are checked, with the plan's import records.
   * `text` is already normalised by `loneCrToLf` (the caller has it: no second scan of the text per keystroke).
   * @internal used by engine/incremental.ts
   */
  analyzeDetailed(tree: Tree, text: string, opts: AnalyzeOptions, plan?: AnalysisPlan): DetailedAnalysis {
    this.usable();
    return withNodeMemo(tree, () => this.analyzeMemo(tree, text, opts, plan));
  }

  private analyzeMemo(tree: Tree, source: string, opts: AnalyzeOptions, plan?: AnalysisPlan): DetailedAnalysis {
    this.lineRanges.clear();
    const options = opts.options ?? DEFAULT_OPTIONS;
    const root = canonical(tree.rootNode)!;
    const enabled = opts.enabled;
    // Rules whose file gate says they cannot report here: whole analyses only (see `RuleDefinition.fileGate`).
    const gatedOff = plan || opts.noPrefilter ? undefined : this.gatedOff(source, options, enabled, opts.strict);
    const groupOn = this.groups.map((g) => g.rules.some((r) => (!enabled || enabled.has(r.id)) && !gatedOff?.has(r.id)));
    const deadline = opts.analysisBudgetMs && opts.analysisBudgetMs > 0 ? new Deadline(opts.analysisBudgetMs) : undefined;
    const notices: AnalysisNotice[] = [];
    let matches: ReturnType<Query['matches']>;
    if (!plan) {
      const { query, index } = this.queryFor(groupOn);
      matches = deadline ? query.matches(root, { progressCallback: deadline.expired as never }) : query.matches(root);
      if (index) for (const m of matches) m.patternIndex = index[m.patternIndex]!;
    } else {
      matches = [];
      for (const r of plan.ranges) {
        // web-tree-sitter 0.27 takes query ranges in bytes of its UTF-16 text (2 per code unit), while node
        // indices are in code units (checked in test/incremental-analysis.test.ts).
        for (const m of this.query.matches(root, { startIndex: r.start * 2, endIndex: r.end * 2 })) {
          // Only matches whose nodes lie inside the range: the others belong to spanning nodes or other units.
          // Not the module's: it is matched as a spanning node (a one-statement file's unit has the module's extent).
          if (m.captures.every((c) => c.node.startIndex >= r.start && c.node.endIndex <= r.end && c.node.type !== 'module')) matches.push(m);
        }
      }
      for (const n of plan.spanning) matches.push(...this.query.matches(n, { maxStartDepth: 0 }));
    }

    const { items, importNodes, py2, py2Nodes } = this.collectItems(matches, groupOn);

    const found: ImportRecord[] = [];
    // In a tree without errors an import statement's records are read from its text.
    const clean = importNodes.length > 0 && !root.hasError;
    for (const n of importNodes) found.push(...importRecords(n, clean));
    const records = plan ? [...plan.records, ...found] : found;
    records.sort((a, b) => a.at - b.at);
    const state = new ImportState(records);
    const file = new FileContext(source, root, state, !plan, this.imports);

    // With a plan, the caller (engine/incremental.ts) keeps suppressions and the syntax error up to date itself.
    const suppressions = opts.ignoreNosec || plan ? new SuppressionMap() : this.suppressionsOf(root, source);

    const ctx: RuleContext = {
      file,
      options,
      call: (n) => file.call(n),
      replace: (n, text): TextEdit => ({ start: n.startIndex, end: n.endIndex, text }),
    };

    const { raw, origins, failures } = this.runChecks(items, groupOn, state, ctx, opts, gatedOff, deadline, notices);
    const result: AnalysisResult = { findings: [], nosec: 0, skippedTests: 0, failures };
    if (!plan) {
      applySuppressions(raw, opts.ignoreNosec ? undefined : suppressions, result);
      sortFindings(result.findings, this.testOrder);
    }
    if (deadline?.hit) notices.push(analysisTimeoutNotice(opts.analysisBudgetMs!));
    if (notices.length) result.notices = notices;
    let se = plan ? undefined : findSyntaxError(root, py2);
    if (se && opts.verifySyntaxErrors && root.hasError && this.errorsOnlyFromComments(root, source, deadline)) se = findSyntaxError(undefined, py2);
    if (!se && !plan && opts.verifySyntaxErrors) se = findSyntaxError(undefined, py2Literal(root, source));
    if (se) result.syntaxError = se;
    return { result, raw, origins, records: found, py2: py2Nodes.map((p) => p.startIndex), suppressions };
  }

  /**
   * Whether the tree's errors come only from where whole-line comments sit. Python's tokenizer ignores such lines
   * wherever they are, but tree-sitter-python's scanner misreads some: a comment at column 0 between a decorator
   * and its `def` inside a block gives an ERROR (scapy's layers/tftp.py). Parses the text again with each of the
   * tree's whole-line comments blanked to spaces (same length), within the analysis deadline; no error there
   * means the file is valid Python, so no syntax error is reported. Only analyses asking for it
   * (`verifySyntaxErrors`) of trees with errors pay for it.
   */
  private errorsOnlyFromComments(root: Node, text: string, deadline: Deadline | undefined): boolean {
    const parts: string[] = [];
    let from = 0;
    for (const m of text.matchAll(/^[ \t\f]*(#[^\r\n]*)/gm)) {
      const at = m.index + m[0].length - m[1]!.length;
      // A `#` line inside a string or an ERROR's skipped text is not a comment.
      if (root.descendantForIndex(at)?.type !== 'comment') continue;
      parts.push(text.slice(from, at), ' '.repeat(m[1]!.length));
      from = at + m[1]!.length;
    }
    if (parts.length === 0) return false;
    parts.push(text.slice(from));
    const tree = this.parser.parser.parse(textInput(parts.join('')), null, deadline ? { progressCallback: deadline.expired as never } : undefined);
    if (!tree) {
      this.parser.parser.reset(); // cancelled: not resumed by the next parse
      return false;
    }
    try {
      return !tree.rootNode.hasError;
    } finally {
      tree.delete();
    }
  }

  /**
   * The query matches as the items the rules check, in visit order, and the engine's own matches (import
   * statements, Python-2 syntax). Order: document order, parents before children, engine bookkeeping before
   * rules; then match order and group order (groups sharing a pattern share its match). One item per match and
   * main node, listing the subscribed groups in group order; a group's captures object is built only when one of
   * its checks runs. (A method of its own, like `runChecks`: V8 optimises a hot loop of a long function by
   * compiling the whole function, again after every deoptimisation.)
   */
  private collectItems(matches: ReturnType<Query['matches']>, groupOn: readonly boolean[]): { items: Item[]; importNodes: Node[]; py2: Node | undefined; py2Nodes: Node[] } {
    const items: Item[] = [];
    const importNodes: Node[] = [];
    let py2: Node | undefined;
    const py2Nodes: Node[] = [];
    for (let i = 0; i < matches.length; i++) {
      const m = matches[i]!;
      const subs = this.subscribers[m.patternIndex];
      const caps = m.captures;
      if (m.patternIndex < this.internalPatterns || !subs) {
        const c = caps[0];
        if (!c) continue;
        if (c.name === '_vigil_import') importNodes.push(canonical(c.node)!);
        else {
          const p = canonical(c.node)!;
          // `print >> f, x` is a valid Python 3 expression (a tuple holding `print >> f`): the grammar's Python 2
          // rule takes it, CPython 3 parses it.
          if (p.namedChild(0)?.type === 'chevron') continue;
          py2Nodes.push(p);
          if (!py2 || p.startIndex < py2.startIndex) py2 = p;
        }
        continue;
      }
      if (caps.length === 0) continue;
      for (const c of caps) c.node = canonical(c.node)!;
      const typed = this.capturedTypes[m.patternIndex];
      if (typed) {
        for (const t of typed) {
          for (const c of caps) if (c.name === t.name) rememberTypeId(c.node, t.typeId);
        }
      }
      const pc = this.parentCaptures[m.patternIndex];
      if (pc) {
        let child: Node | undefined;
        let parent: Node | undefined;
        for (const c of caps) {
          if (c.name === pc.child) child = c.node;
          else if (c.name === pc.parent) parent = c.node;
        }
        if (child) rememberParent(child, parent);
      }
      let last: Item | undefined;
      for (const s of subs) {
        if (!groupOn[s.group]) continue;
        let node = caps[0]!.node;
        if (s.mainCanon !== undefined) {
          for (const c of caps) {
            if (c.name === s.mainCanon) {
              node = c.node;
              break;
            }
          }
        }
        if (last && last.node === node) last.subs.push(s);
        else {
          last = { start: node.startIndex, end: node.endIndex, order: i, group: s.group, node, subs: [s], caps };
          items.push(last);
        }
      }
    }
    inVisitOrder(items);
    return { items, importNodes, py2, py2Nodes };
  }

  /** The enabled rules whose `fileGate` is false for this text (undefined when there are none). */
  private gatedOff(source: string, options: RuleOptions, enabled: ReadonlySet<string> | undefined, strict: boolean | undefined): Set<string> | undefined {
    let off: Set<string> | undefined;
    const text = new FileText(source);
    for (const r of this.gated) {
      if (enabled && !enabled.has(r.id)) continue;
      let pass: boolean;
      try {
        pass = r.fileGate!(text, options);
      } catch (e) {
        if (strict) throw e;
        pass = true; // the check then runs, and is isolated if it throws too
      }
      if (!pass) (off ??= new Set()).add(r.id);
    }
    return off;
  }

  /**
   * Runs the rules subscribed to each item: the findings before suppression (`raw`) with their `origins`, and the
   * rules that threw. A rule over its time budget is dropped for the rest of the file, with a notice.
   */
  private runChecks(
    items: readonly Item[],
    groupOn: readonly boolean[],
    state: ImportState,
    ctx: RuleContext,
    opts: AnalyzeOptions,
    gatedOff: ReadonlySet<string> | undefined,
    deadline: Deadline | undefined,
    notices: AnalysisNotice[],
  ): { raw: Finding[]; origins: Origin[]; failures: RuleFailure[] } {
    const { file, options } = ctx;
    const source = file.source;
    const raw: Finding[] = [];
    const origins: Origin[] = [];
    const failures: RuleFailure[] = [];
    const enabled = opts.enabled;
    const ruleBudget = opts.ruleBudgetMs && opts.ruleBudgetMs > 0 ? opts.ruleBudgetMs : undefined;
    // Rules not run (again) on this file: gated off, or thrown, or over their time budget.
    const skip = new Set<string>(gatedOff);
    // Per list of rules (a group's, or a call dispatch's for one name): those that run here, neither disabled nor
    // skipped. Emptied whenever `skip` grows.
    const runnable = new Map<readonly RuleDefinition[], readonly RuleDefinition[]>();
    const runnableOf = (list: readonly RuleDefinition[]): readonly RuleDefinition[] => {
      let r = runnable.get(list);
      if (!r) {
        r = list.filter((rule) => (!enabled || enabled.has(rule.id)) && !skip.has(rule.id));
        runnable.set(list, r);
      }
      return r;
    };
    const spent = ruleBudget ? new Map<string, number>() : undefined;
    let n = 0;
    const dispatch = opts.noPrefilter ? undefined : this.dispatchFor(options.plugins);
    this.imports.editUsed.length = 0;
    // Every call in the matched ranges is an item when the plain `(call)` pattern is on: a call followed by no
    // other call starting at its offset is then the innermost one there (FileContext.call).
    const allCalls = this.callPattern !== undefined && this.subscribers[this.callPattern]!.some((s) => groupOn[s.group]);
    for (let k = 0; k < items.length; k++) {
      const it = items[k]!;
      if (deadline && (n++ & 63) === 0 && deadline.expired()) break;
      const node = it.node;
      state.advanceTo(it.start);
      const isCall = dispatch !== undefined && node.type === 'call';
      let name: string | undefined | null = null; // the call's name, resolved on first need
      for (const sub of it.subs) {
        const d = isCall ? dispatch[sub.group] : undefined;
        let rules: readonly RuleDefinition[] = this.groups[sub.group]!.rules;
        if (d) {
          if (name === null) name = callName(file, node, allCalls && innermostCall(items, k));
          rules = d.rulesFor(name);
        }
        rules = runnableOf(rules);
        if (rules.length === 0) continue;
        const match = new LazyMatch(node, it.caps, sub.names);
        for (const rule of rules) {
          // A rule skipped while this list runs (it threw, or ran over its budget) is this very rule.
          let reports: Report | Report[] | undefined | void;
          const t0 = spent ? performance.now() : 0;
          const importEdits = this.imports.editUsed.length;
          try {
            reports = rule.check(match, ctx);
          } catch (e) {
            if (opts.strict) throw e;
            skip.add(rule.id);
            runnable.clear();
            const err = e as Error;
            failures.push({ ruleId: rule.id, error: err?.stack ?? String(e) });
            continue;
          } finally {
            if (spent) {
              // A rule's first check on a file is not charged: it pays for lazy file-wide work (import state,
              // memoised contexts) that every later check of every rule shares.
              const prev = spent.get(rule.id);
              const total = prev === undefined ? 0 : prev + performance.now() - t0;
              spent.set(rule.id, total);
              if (total > ruleBudget! && !skip.has(rule.id)) {
                skip.add(rule.id);
                runnable.clear();
                notices.push(ruleTimeoutNotice(rule.id, ruleBudget!));
              }
            }
          }
          if (reports) this.record(rule, reports, it, importEdits, source, raw, origins);
        }
      }
    }
    return { raw, origins, failures };
  }

  /**
   * `runChecks`' findings of one check, with their origins. (A method of its own: the checks' loop stays short,
   * so that V8 does not deoptimise and recompile it for each path this code takes the first time.)
   */
  private record(rule: RuleDefinition, reports: Report | Report[], it: Item, importEdits: number, source: string, raw: Finding[], origins: Origin[]): void {
    for (const r of Array.isArray(reports) ? reports : [reports]) {
      const f = this.toFinding(rule, r, source);
      const used = this.imports.editUsed;
      const o: Origin = { start: it.start, end: it.end };
      if (it.node.type === 'module') o.root = true;
      if (used.length !== importEdits) o.idents = used.slice(importEdits);
      // A fix dropped for touching an ERROR node (fixes.ts withoutErrorEdits) may come back when it goes.
      if (r.fixes && r.fixes.length !== f.fixes.length) {
        o.dropped = [];
        for (const x of r.fixes) if (!f.fixes.includes(x)) for (const e of x.edits) o.dropped.push({ start: e.start, end: e.end });
      }
      raw.push(detachFinding(f));
      origins.push(o);
    }
  }

  /** The suppression comments of a text (only comments containing `nosec`/`noqa` are read). */
  suppressionsOf(root: Node, source: string): SuppressionMap {
    return SuppressionMap.of(scanSuppressions(root, source, this.resolveTestId));
  }

  /** Re-renders a finding's message from its rule's template (after its data changed). */
  renderMessage(f: Finding): string {
    const template = this.byId.get(f.ruleId)?.messages[f.messageId];
    if (template === undefined) return f.message;
    return template.replace(/\{(\w+)\}/g, (_, k: string) => f.data?.[k] ?? `{${k}}`);
  }

  /**
   * The line range `first..last`, one array for all the findings of an analysis that have it (no one changes a
   * finding's array in place). Bandit gives a string the line range of its parent: the n strings of an n-line
   * list each had an array of n lines, and 10,000 of them took 930 MB.
   */
  private lineRangeOf(first: number, last: number): number[] {
    if (first === last) return [first];
    const key = first * 2 ** 26 + last;
    let range = this.lineRanges.get(key);
    if (!range) {
      range = lineSpan(first, last);
      this.lineRanges.set(key, range);
    }
    return range;
  }
  /** `lineRangeOf`'s arrays of the current analysis (emptied when one starts). */
  private readonly lineRanges = new Map<number, number[]>();

  private toFinding(rule: RuleDefinition, r: Report, text: string): Finding {
    const node = r.node;
    // CPython's end of the node: a compound statement ends with its last statement, not with comments after it.
    const end = pyEnd(node);
    const rows = r.lineRangeRows ?? [node.startPosition.row, end.endPosition.row];
    const lineRange = this.lineRangeOf(rows[0] + 1, rows[1] + 1);
    const hl = r.highlight ?? node;
    const hlEnd = hl === node ? end : hl;
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
      colOffset: r.colOffset ?? utf8Column(text, node.startIndex, node.startPosition.column),
      endColOffset: utf8Column(text, end.endIndex, end.endPosition.column),
      lineRange,
      range: {
        start: { row: hl.startPosition.row, column: hl.startPosition.column },
        end: { row: hlEnd.endPosition.row, column: hlEnd.endPosition.column },
      },
      moreInfo: rule.moreInfo,
      fixes: withoutErrorEdits(r.fixes ?? [], node.tree.rootNode),
      offset: node.startIndex,
      ...(r.data ? { data: r.data } : {}),
    };
  }

  private readonly dispatchCache = new Map<string, (CallDispatch | undefined)[]>();
  /** Whether some rule's call names depend on the plugin settings. */
  private configurableNames = false;

  /** Per group, the call-name dispatch for these plugin settings (undefined: no rule of the group declares names). */
  private dispatchFor(plugins: PluginConfig): (CallDispatch | undefined)[] {
    // Static lists do not depend on the settings: one dispatch for every file then. Otherwise equal settings
    // share one (scan workers and the server receive a fresh copy of the same settings for every file).
    const key = this.configurableNames ? JSON.stringify(plugins) : '';
    let d = this.dispatchCache.get(key);
    if (!d) {
      if (this.dispatchCache.size >= 64) this.dispatchCache.clear();
      d = this.groups.map((g) => {
        const names = g.rules.map((r): NameFilter | undefined => {
          const list = typeof r.callNames === 'function' ? r.callNames(plugins) : r.callNames;
          if (!list) return undefined;
          const exact = new Set<string>();
          const patterns: RegExp[] = [];
          for (const x of list) {
            if (typeof x === 'string') exact.add(x);
            else patterns.push(x);
          }
          return { exact, patterns };
        });
        return names.some((x) => x !== undefined) ? new CallDispatch(g.rules, names) : undefined;
      });
      this.dispatchCache.set(key, d);
    }
    return d;
  }

  /**
   * The query for a whole analysis: the combined one, or when no group listens to some pattern (Django settings
   * rules on a file that mentions none of their settings: Nova's 85k assignments), a variant without those
   * patterns, so tree-sitter neither matches them nor hands them over. `index` maps the variant's pattern indices
   * to the combined query's. Variants are compiled on first need (few: only gated or disabled rules create them).
   */
  private queryFor(groupOn: readonly boolean[]): { query: Query; index?: readonly number[] } {
    let off = '';
    for (let pi = this.internalPatterns; pi < this.subscribers.length; pi++) {
      if (!this.subscribers[pi]!.some((s) => groupOn[s.group])) off += `${pi},`;
    }
    if (off === '') return { query: this.query };
    let v = this.variants.get(off);
    if (!v) {
      const index: number[] = [];
      for (let i = 0; i < this.internalPatterns; i++) index.push(i);
      let source = INTERNAL;
      for (let pi = this.internalPatterns; pi < this.subscribers.length; pi++) {
        if (!this.subscribers[pi]!.some((s) => groupOn[s.group])) continue;
        source += '\n' + this.patternKeys[pi]!;
        index.push(pi);
      }
      if (this.variants.size >= 32) {
        for (const old of this.variants.values()) old.query.delete();
        this.variants.clear();
      }
      v = { query: new this.parser.runtime.Query(this.parser.language, source), index };
      this.variants.set(off, v);
    }
    return v;
  }

  /** Frees the compiled queries. */
  dispose(): void {
    this.query.delete();
    for (const v of this.variants.values()) v.query.delete();
    this.variants.clear();
  }
}

/**
 * The parser's input for a text: a function returning the text from an offset, as web-tree-sitter makes of a string
 * argument, but at most 2K characters at a time. Measured (300 edits + incremental reparses of an 11k-line file):
 * with the string argument every parsed text survived the next scavenge and was promoted to the old generation
 * (162 MB promoted, and the mark-compacts that follow); with a function only the live one (26 MB). Why
 * web-tree-sitter's own closure is kept longer is not known; the tree's `textCallback` is not what holds it.
 *
 * The chunks: web-tree-sitter copies each one into its 10K-character input buffer in a JavaScript loop, and an
 * incremental reparse asks for 5 to 10 of them around the edits. In-process replay of 200 keystrokes in Nova's
 * compute/manager.py: 50 to 100K characters copied per reparse with the whole rest of the text, 10 to 25K with 2K
 * chunks. Full parses of three large files took as long either way.
 */
function textInput(text: string): (index: number) => string {
  return (index) => text.slice(index, index + 2048);
}

/**
 * A lone CR is a line break for Python's tokenizer and for LSP positions, but not for tree-sitter's rows or its
 * Python grammar. Replacing it by LF keeps every offset and makes rows, lines and parse agree.
 */
export function loneCrToLf(source: string): string {
  return source.indexOf('\r') < 0 ? source : source.replace(/\r(?!\n)/g, '\n');
}

/**
 * The UTF-8 byte column (Bandit's col_offset) of a point whose UTF-16 offset and column tree-sitter gives: its
 * line starts `column` code units before it, so nothing scans the text from the top (a keystroke's re-analysis
 * stays proportional to what it re-checks).
 */
export function utf8Column(text: string, offset: number, column: number): number {
  const lineStart = offset - column;
  // CPython drops a UTF-8 BOM before tokenizing, so Bandit's columns on line 1 start after it.
  const start = lineStart === 0 && text.charCodeAt(0) === 0xfeff ? Math.min(1, column) : lineStart;
  // Further along the line of the last call: only the characters in between are counted. 30,000 findings on one
  // generated line counted their whole prefixes: 2.5 s of a 3.7 s analysis. (Offsets are node boundaries, never
  // inside a surrogate pair, so the byte counts add up.)
  const last = lastColumn;
  const bytes = last.start === start && last.offset <= offset && last.text === text ? last.bytes + utf8Length(text, last.offset, offset) : utf8Length(text, start, offset);
  last.text = text;
  last.start = start;
  last.offset = offset;
  last.bytes = bytes;
  return bytes;
}
const lastColumn = { text: '', start: -1, offset: -1, bytes: 0 };

function utf8Length(text: string, from: number, to: number): number {
  const part = text.slice(from, to);
  // Fast path: ASCII.
  if (/^[\x00-\x7f]*$/.test(part)) return part.length;
  return Buffer.byteLength(part, 'utf8');
}

/** The first ERROR/MISSING node, or Python-2-only syntax that CPython 3 rejects. */
export function findSyntaxError(root: Node | undefined, py2?: Node): AnalysisResult['syntaxError'] {
  if (root?.hasError) {
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
  if (first) return { line: first.startPosition.row + 1, column: first.startPosition.column, message: `Python 2 ${py2What(first)}` };
  return undefined;
}

/**
 * Candidates for Python 2 literals CPython 3 rejects: octal `0777` (a zero followed by digits that are not all
 * zeros), longs `10L`/`0xFFL`, the `ur''` prefix, backtick repr. Found in the text (matching every number and
 * string in the query would cost more than the rest of it), each confirmed on the tree: one in a string or a
 * comment is not a literal.
 */
const PY2_LITERAL = /\b0[0-9_]*[1-9]|\b(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*)[lL]\b|\b[uU][rR]['"]|`/g;

/** The first Python 2 literal of the file (see PY2_LITERAL), as its integer or string_start node. */
function py2Literal(root: Node, text: string): Node | undefined {
  for (const m of text.matchAll(PY2_LITERAL)) {
    const n = root.descendantForIndex(m.index);
    if (!n || n.startIndex !== m.index) continue;
    if (n.type === 'integer') {
      const t = n.text;
      if (/[lL]$/.test(t) || (/^0[0-9_]+$/.test(t) && /[1-9]/.test(t))) return n;
    } else if (n.type === 'string_start' && (m[0] === '`' || /^[uU][rR]/.test(n.text))) return n;
  }
  return undefined;
}

/** What a Python 2 capture (INTERNAL's, or `py2Literal`'s) is, for the syntax error's message. */
function py2What(n: Node): string {
  switch (n.type) {
    case 'print_statement':
    case 'exec_statement':
      return n.type.replace('_', ' ');
    case '<>':
      return '`<>` operator';
    case 'integer':
      return 'integer literal';
    case 'string_start':
      return 'string literal';
  }
  const p = n.parent?.type;
  return p === 'except_clause' ? '`except E, name`' : p === 'tuple_pattern' ? 'tuple parameter' : p === 'expression_list' ? '`raise E, value`' : 'syntax';
}

/** Whether a finding passes Bandit-style severity and confidence thresholds. */
export function passesThreshold(f: { severity: Level; confidence: Level }, minSeverity: Level, minConfidence: Level): boolean {
  const rank = (l: Level) => (l === 'HIGH' ? 3 : l === 'MEDIUM' ? 2 : 1);
  return rank(f.severity) >= rank(minSeverity) && rank(f.confidence) >= rank(minConfidence);
}
