// B608 hardcoded_sql_expressions: a str constant taking part in string building (+/% chains, .format(),
// .replace(), f-strings) whose built text looks like SQL. MEDIUM confidence inside execute()/executemany().
import type { Node } from '../../server/src/engine/parser';
import type { FileContext, FileText } from '../../server/src/engine/context';
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { astAncestors, astParent, constantString, isJoinedStr, joinedStrParts, parentRows, unparen } from '../../server/src/engine/python';
import query from './query.scm';

/**
 * Bandit 1.9's SIMPLE_SQL_RE (case-insensitive, dot-all search). Tested through `looksLikeSql`, not directly: its
 * `.*` backtracks over the rest of the text for every `select`/`insert into`/`update` without a match after it,
 * quadratic in the text (8,000 "select " took 0.3 s, and it grows fourfold per doubling).
 */
export const SQL_RE = /(select\s.*from\s|delete\s+from\s|insert\s+into\s.*values[\s(]|update\s.*set\s)/is;

/**
 * SQL_RE needs one of these words inside one str constant (the pieces of a chain are joined with spaces), so a
 * file whose text has none of them, and no escape that could spell one, cannot report. Decided once per file.
 * Adjacent literals are one constant (`"SEL" "ECT * FROM t"`), so the text is also searched with the quotes,
 * prefixes and whitespace or comments between two literals taken out (`STRING_JOINT`; a joint it finds outside
 * strings only opens the gate for nothing).
 */
const SQL_WORD = /select|delete|insert|update|\\(?:[xuUN0-7]|\r?\n|\r)/i;
// One way only to match each character between the literals: no backtracking blow-up on a long run of them.
const STRING_JOINT = /["']+(?:[ \t\f]|\\?\r(?!\n)|\\?\r?\n|#[^\r\n]*(?![^\r\n]))*[rRbBuUfF]{0,2}["']+/g;
function fileMaySpellSql(file: FileText): boolean {
  return file.textTest('B608.sqlWord', () => SQL_WORD.test(file.source) || SQL_WORD.test(file.source.replace(STRING_JOINT, '')));
}

/** A str constant (not bytes, not an f-string). */
function strOf(node: Node): string | undefined {
  const c = constantString(unparen(node));
  return c && !c.bytes ? c.value : undefined;
}

/** Climbing further than this, `chainRoot` switches to one descent from the tree's root. */
const CLIMB_MAX = 16;

/**
 * The outermost BinOp of the chain holding `binop`, and its AST parent. Short chains climb with astParent (each
 * step costs the node's depth: web-tree-sitter's node.parent walks down from the root); a longer chain, such as a
 * generated `+` of thousands of terms, takes astAncestors' single descent instead of a climb that costs the
 * square of its length.
 */
function chainRoot(binop: Node): { root: Node; wrapper: Node | null } {
  let root = binop;
  for (let i = 0; i < CLIMB_MAX; i++) {
    const p = astParent(root);
    if (!p || p.type !== 'binary_operator') return { root, wrapper: p };
    root = p;
  }
  const up = astAncestors(root);
  let k = up.length;
  while (k > 0 && up[k - 1]!.type === 'binary_operator') k--;
  return { root: up[k] ?? root, wrapper: up[k - 1] ?? null };
}

/**
 * A BinOp chain (`"a" + b + "c"`, `"..." % x`): its outermost BinOp, that one's AST parent, the str value of each
 * operand that is not a BinOp (undefined for other operands), in source order, and for each BinOp of the chain the
 * operands under it (`span`: [first, end) indexes into `strs`).
 */
interface Chain {
  root: Node;
  wrapper: Node | null;
  strs: (string | undefined)[];
  span: Map<number, readonly [number, number]>;
  /** Each operand's index into `strs`, by node id. */
  index: Map<number, number>;
  /** For a long chain: its strings joined, to test suffixes of (`suffixLooksLikeSql`); built on first use. */
  joined?: JoinedChain;
}

/** Per analysis (FileContext): every BinOp of a chain met so far, by node id, to its chain. */
const chains = new WeakMap<FileContext, Map<number, Chain>>();

/**
 * The chain holding `binop`, walked once per analysis: each of its strings is tested against the others, so a
 * generated chain of n strings took n walks of n operands (n² WASM reads; 14 s for 4,000 terms, against 0.3 s now).
 */
function chainOf(binop: Node, file: FileContext): Chain {
  let known = chains.get(file);
  if (!known) chains.set(file, (known = new Map<number, Chain>()));
  const hit = known.get(binop.id);
  if (hit) return hit;
  const { root, wrapper } = chainRoot(binop);
  const chain: Chain = { root, wrapper, strs: [], span: new Map(), index: new Map() };
  // Iterative, left operand first: a chain of thousands of terms would overflow the stack.
  const todo: { n: Node; from: number }[] = [{ n: root, from: -1 }];
  while (todo.length > 0) {
    const top = todo[todo.length - 1]!;
    if (top.from >= 0) {
      chain.span.set(top.n.id, [top.from, chain.strs.length]);
      known.set(top.n.id, chain);
      todo.pop();
      continue;
    }
    const b = top.n;
    if (b.type !== 'binary_operator') {
      chain.index.set(b.id, chain.strs.length);
      chain.strs.push(strOf(b));
      todo.pop();
      continue;
    }
    top.from = chain.strs.length;
    const left = b.childForFieldName('left');
    const right = b.childForFieldName('right');
    if (right) todo.push({ n: unparen(right), from: -1 });
    if (left) todo.push({ n: unparen(left), from: -1 });
  }
  known.set(binop.id, chain);
  return chain;
}

/**
 * Bandit's utils.concat_string(node, stop=parent): the tested string `own`, then every str constant of the whole
 * chain except those under the string's own parent BinOp `stop`, joined with spaces, in source order.
 */
function concatString(own: string, stop: Node, chain: Chain): string {
  const [from, end] = chain.span.get(stop.id) ?? [0, 0];
  const strs = chain.strs;
  const bits = [own];
  for (let i = 0; i < strs.length; i++) {
    if (i === from) i = end;
    const s = strs[i];
    if (s !== undefined) bits.push(s);
  }
  return bits.join(' ');
}

/**
 * SQL_RE's alternatives as tokens: `a.*b` for each pair (dot-all: an `a` match, then a `b` match starting at or after
 * its end, anywhere later) and one token alone. None can overlap itself, has an anchor or looks around, so a token's
 * matches in a suffix of a text are exactly its matches in the text that start inside the suffix.
 */
const SQL_PAIRS: readonly (readonly [RegExp, RegExp])[] = [
  [/select\s/gi, /from\s/gi],
  [/insert\s+into\s/gi, /values[\s(]/gi],
  [/update\s/gi, /set\s/gi],
];
const SQL_ALONE = /delete\s+from\s/gi;

/** `SQL_RE.test(text)`, in time linear in the text: the first `a` match of a pair ends first. */
export function looksLikeSql(text: string): boolean {
  SQL_ALONE.lastIndex = 0;
  if (SQL_ALONE.test(text)) return true;
  for (const [a, b] of SQL_PAIRS) {
    a.lastIndex = 0;
    const m = a.exec(text);
    if (!m) continue;
    b.lastIndex = m.index + m[0].length;
    if (b.test(text)) return true;
  }
  return false;
}

/** Every match of a global token in `text`: starts and ends, in order. */
function tokenMatches(re: RegExp, text: string): { starts: number[]; ends: number[] } {
  const starts: number[] = [];
  const ends: number[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    starts.push(m.index);
    ends.push(m.index + m[0].length);
  }
  return { starts, ends };
}

/** A long chain's str values joined with spaces, each one's offset in it, and where SQL_RE's tokens match in it. */
export interface JoinedChain {
  offsets: number[];
  /** Per pair: the `a` matches, and the start of the last `b` match (-1: none). */
  pairs: { starts: number[]; ends: number[]; lastB: number }[];
  /** The start of the last match of the token that stands alone (-1: none). */
  lastAlone: number;
}

export function joinChain(strs: readonly (string | undefined)[]): JoinedChain {
  const offsets: number[] = [];
  const bits: string[] = [];
  let at = 0;
  for (const s of strs) {
    offsets.push(s === undefined ? -1 : at);
    if (s === undefined) continue;
    bits.push(s);
    at += s.length + 1;
  }
  const text = bits.join(' ');
  const last = (re: RegExp) => tokenMatches(re, text).starts.at(-1) ?? -1;
  return { offsets, pairs: SQL_PAIRS.map(([a, b]) => ({ ...tokenMatches(a, text), lastB: last(b) })), lastAlone: last(SQL_ALONE) };
}

/** SQL_RE.test on the chain's joined strings from `strs[i]` on, without building that text: O(log n). */
function suffixLooksLikeSql(chain: Chain, i: number): boolean {
  return joinedLooksLikeSql((chain.joined ??= joinChain(chain.strs)), i);
}

/** `SQL_RE.test(strs.slice(i).filter(defined).join(' '))` for `joined = joinChain(strs)` and a defined `strs[i]`. */
export function joinedLooksLikeSql(j: JoinedChain, i: number): boolean {
  const from = j.offsets[i]!;
  if (j.lastAlone >= from) return true;
  for (const p of j.pairs) {
    // The first `a` match starting in the suffix ends first: it is the one to test.
    let lo = 0;
    let hi = p.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (p.starts[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    if (lo < p.starts.length && p.ends[lo]! <= p.lastB) return true;
  }
  return false;
}

/** Chains shorter than `longChain` build each string's text (`concatString`); tests set it to compare both ways. */
export const chainTuning = { longChain: 32 };

/**
 * SQL_RE.test(concatString(...)) for the string at `own`: for a long chain, when that text is the chain's joined
 * strings from `own` on (`own` is the last str of `stop`'s operands and no str comes before them, as in every
 * `"a" + b + "c" + ...`, which parses leaning left), it is tested on the joined text once built instead: a
 * generated chain of 20,000 strings built and tested 20,000 texts of its whole length (14 s).
 */
function chainLooksLikeSql(ownNode: Node, own: string, stop: Node, chain: Chain): boolean {
  const i = chain.index.get(ownNode.id);
  const span = chain.span.get(stop.id);
  if (chain.strs.length >= chainTuning.longChain && i !== undefined && span && chain.strs[i] === own) {
    const [from, end] = span;
    let contiguous = i >= from && i < end;
    for (let k = 0; contiguous && k < from; k++) contiguous = chain.strs[k] === undefined;
    for (let k = i + 1; contiguous && k < end; k++) contiguous = chain.strs[k] === undefined;
    if (contiguous) return suffixLooksLikeSql(chain, i);
  }
  return looksLikeSql(concatString(own, stop, chain));
}

/** Bandit's utils.get_called_name: the callee's attribute or name, '' otherwise. */
function calledName(call: Node): string {
  const f = call.childForFieldName('function');
  if (!f) return '';
  if (f.type === 'attribute') return f.childForFieldName('attribute')?.text ?? '';
  if (f.type === 'identifier') return f.text;
  return '';
}

export default defineRule({
  id: 'B608',
  name: 'hardcoded-sql-expressions',
  banditName: 'hardcoded_sql_expressions',
  summary: 'SQL query built from strings',
  severity: 'MEDIUM',
  confidence: 'LOW',
  cwe: 89,
  tags: ['injection', 'sql'],
  status: 'stable',
  moreInfo: pluginDocs('B608', 'hardcoded_sql_expressions'),
  query,
  messages: {
    sql: 'Possible SQL injection vector through string-based query construction.',
  },
  fileGate: (file) => fileMaySpellSql(file),
  check(match, ctx) {
    const node = match.node;
    // The parts of an implicit concatenation are one constant in the AST: the concatenated node stands for them.
    if (node.type === 'string' && node.parent?.type === 'concatenated_string') return undefined;
    // Only f-strings and strings under `+`/`%` or `.format`/`.replace` are tested: decide before decoding. An
    // argument's AST parent is a call or class, a dict pair's a dict or comprehension, without asking WASM.
    const direct = node.parent?.type;
    if ((direct === 'argument_list' || direct === 'pair') && !isJoinedStr(node)) return undefined;
    const up = astParent(node)?.type;
    if (up !== 'binary_operator' && up !== 'attribute' && !isJoinedStr(node)) return undefined;
    // Each branch returns early when Bandit's text of the string does not look like SQL (SQL_RE).
    let wrapper: Node | null = null;
    let strReplace = false;
    // The node whose start is Bandit's col_offset: the string itself, or an f-string's first literal part (the editor
    // still underlines the whole f-string: the query).
    let at = node;
    if (isJoinedStr(node)) {
      // f-string: the first literal part stands for all of them (Bandit 1.9 joins them and tests once), and is the
      // Constant Bandit reports: its own position, as for B104/B108 (Python 3.12+ positions of f-string parts).
      const parts = joinedStrParts(node);
      if (parts.length === 0 || !looksLikeSql(parts.map((p) => p.text).join(''))) return undefined;
      wrapper = astParent(node);
      at = parts[0]!.nodes[0]!;
    } else {
      const own = strOf(node);
      if (own === undefined) return undefined;
      const parent = astParent(node);
      if (!parent) return undefined;
      if (parent.type === 'binary_operator') {
        // The chain's root is the outermost BinOp above the string's parent; the wrapper is its AST parent.
        const chain = chainOf(parent, ctx.file);
        if (!chainLooksLikeSql(unparen(node), own, parent, chain)) return undefined;
        wrapper = chain.wrapper;
      } else if (parent.type === 'attribute') {
        const attr = parent.childForFieldName('attribute')?.text;
        if ((attr !== 'format' && attr !== 'replace') || !looksLikeSql(own)) return undefined;
        const callNode = astParent(parent);
        wrapper = callNode ? astParent(callNode) : null;
        strReplace = attr === 'replace';
      } else {
        return undefined;
      }
    }
    const execute = !!wrapper && wrapper.type === 'call' && ['execute', 'executemany'].includes(calledName(wrapper));
    // A string test: Bandit's line range is the string's AST parent's (an f-string is its parts' parent).
    const rangeOf = isJoinedStr(node) ? node : astParent(node);
    return { node: at, ...(at !== node ? { highlight: node } : {}), messageId: 'sql', confidence: execute && !strReplace ? 'MEDIUM' : 'LOW', ...(rangeOf ? { lineRangeRows: parentRows(rangeOf, node) } : {}) };
  },
});
