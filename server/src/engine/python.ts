/**
 * Python syntax helpers over tree-sitter nodes that reproduce what Bandit sees in CPython's AST:
 * string literal values, Bandit's literal evaluator, and the AST parent of a node.
 */
import type { Node, Tree } from './parser';

// ---------------------------------------------------------------------------------------------------------
// Per-analysis node memo. Every web-tree-sitter Node getter crosses into WASM (marshal the node, call, and
// unmarshal a fresh Node object), and rules ask the same nodes for `type`, `parent`, `children`, ... many
// times. While `Engine.analyze` runs, the getters below cache their answers on the node object, and the nodes
// they return are canonical (one object per node id of the analysed tree), so the caches are shared. Outside
// an analysis (and for nodes of other trees) the original getters run unchanged, so nothing is cached across
// `tree.edit()`.
// ---------------------------------------------------------------------------------------------------------
const MEMO = Symbol('vigil.nodeMemo');
export interface NodeMemo {
  /** Derived values (python.ts helpers). */
  prefix?: string;
  constStr?: { value: string; bytes: boolean } | null;
  joined?: boolean;
  /** rules/_shared/strings.ts `strConstants` (typed there). */
  strConstants?: unknown;
  gen: number;
  typeId?: number;
  isNamed?: boolean;
  isError?: boolean;
  isMissing?: boolean;
  hasError?: boolean;
  endIndex?: number;
  endRow?: number;
  endColumn?: number;
  text?: string;
  childCount?: number;
  namedChildCount?: number;
  parent?: Node | null;
  firstChild?: Node | null;
  lastChild?: Node | null;
  firstNamedChild?: Node | null;
  lastNamedChild?: Node | null;
  nextSibling?: Node | null;
  previousSibling?: Node | null;
  nextNamedSibling?: Node | null;
  previousNamedSibling?: Node | null;
  children?: Node[];
  namedChildren?: Node[];
  child?: Map<number, Node | null>;
  namedChild?: Map<number, Node | null>;
  field?: Map<string, Node | null>;
  fields?: Map<string, Node[]>;
}
type Memoised = Node & { [MEMO]?: NodeMemo };

let memoTree: Tree | null = null;
let memoGen = 0;
let canon: Map<number, Node> | null = null;
/** Whether `memoTree` has no ERROR or MISSING node (read on first need). */
let memoClean: boolean | undefined;

/**
 * The key of a node in `canon`: its id, and its alias. Tree-sitter gives one subtree two nodes when an alias
 * applies in one view of it and not in another (an ERROR in an `as` target: the parent's children list it as
 * ERROR, a query captures it as `as_pattern_target`). Both have the subtree's id; one canonical object for the two
 * made the first one read (which depends on what an analysis reads first) stand for both: a whole-file analysis
 * and an incremental one then found different syntax errors. web-tree-sitter keeps the alias symbol in `[0]`.
 */
function canonKey(n: Node): number {
  const alias = (n as unknown as { 0: number })[0];
  return alias ? n.id + alias * 2 ** 32 : n.id;
}

export function memoOf(n: Node): NodeMemo | undefined {
  if (n.tree !== memoTree) return undefined;
  const m = (n as Memoised)[MEMO];
  if (m && m.gen === memoGen) return m;
  const fresh: NodeMemo = { gen: memoGen };
  (n as Memoised)[MEMO] = fresh;
  return fresh;
}

/** The canonical object for a node of the tree being analysed (others pass through). */
export function canonical(n: Node | null): Node | null {
  if (!n || !canon || n.tree !== memoTree) return n;
  const k = canonKey(n);
  const c = canon.get(k);
  if (c) return c;
  canon.set(k, n);
  return n;
}

function canonicalAll(list: Node[]): Node[] {
  for (let i = 0; i < list.length; i++) list[i] = canonical(list[i]!)!;
  return list;
}

/**
 * Records `parent` as the (visible) parent of children just read from it, so a later `child.parent` needs no
 * WASM call (tree-sitter finds a parent by descending from the root again).
 */
/**
 * Records `parent` (already known, e.g. captured by a query as `(_ (x) @child) @_parent`) as `child`'s parent
 * for this analysis, so `child.parent` needs no WASM call. No-op outside an analysis or when either is missing.
 */
export function rememberParent(child: Node, parent: Node | null | undefined): void {
  if (!parent) return;
  const m = memoOf(child);
  if (m && m.parent === undefined) m.parent = canonical(parent);
}

/**
 * Records `typeId` as `node`'s symbol for this analysis (a query pattern fixed it), so `node.type` needs no WASM
 * call. No-op outside an analysis.
 */
export function rememberTypeId(node: Node, typeId: number): void {
  const m = memoOf(node);
  if (m && m.typeId === undefined) m.typeId = typeId;
}

function noteParent(parent: Node, children: readonly Node[]): void {
  for (let i = 0; i < children.length; i++) {
    const m = memoOf(children[i]!);
    if (m && m.parent === undefined) m.parent = parent;
  }
}

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * `text` NFKC-normalised when it has characters other than ASCII, else undefined: what shortcut tests on raw
 * source text must also search, since CPython reads identifiers normalised (`ｓｈｅｌｌ=True` is `shell=True`).
 */
export function nfkcIfNonAscii(text: string): string | undefined {
  return NON_ASCII.test(text) ? text.normalize('NFKC') : undefined;
}

/** A cheap necessary condition for "some identifier in `text` is `name`" (an ASCII name). */
export function mayContainName(text: string, name: string): boolean {
  return text.includes(name) || !!nfkcIfNonAscii(text)?.includes(name);
}

/**
 * Puts the memo's getters on a web-tree-sitter runtime's Node class (once per runtime: parser.ts calls it for each
 * one it loads).
 */
export function installNodeMemo(TSNode: { prototype: object }): void {
  const proto = TSNode.prototype as unknown as Record<string, unknown>;
  const flags = proto as unknown as Record<symbol, unknown>;
  if (flags[MEMO]) return;
  flags[MEMO] = true;
  const getter = (name: string): ((this: Node) => unknown) | undefined =>
    (Object.getOwnPropertyDescriptor(TSNode.prototype, name) as { get?: (this: Node) => unknown } | undefined)?.get;
  const method = (name: string) => proto[name] as (this: Node, ...a: unknown[]) => unknown;
  const defineGetter = (name: string, get: (this: Node) => unknown) =>
    Object.defineProperty(TSNode.prototype, name, { get, configurable: true, enumerable: false });

  // Plain values.
  const origHasError = getter('hasError');
  for (const name of ['isNamed', 'isError', 'isMissing', 'hasError', 'childCount', 'namedChildCount'] as const) {
    const orig = getter(name);
    if (!orig) continue;
    // In a tree without errors (its root's error cost, the sum of its nodes', is 0) no node is or has an error.
    const errorFlag = name === 'isError' || name === 'isMissing' || name === 'hasError';
    defineGetter(name, function (this: Node) {
      const m = memoOf(this);
      if (!m) return orig.call(this);
      if (errorFlag) {
        if (memoClean === undefined) memoClean = !origHasError!.call(memoTree!.rootNode);
        if (memoClean) return false;
      }
      const rec = m as unknown as Record<string, unknown>;
      let v = rec[name];
      if (v === undefined) rec[name] = v = orig.call(this);
      return v;
    });
  }
  // The two most read values get getters of their own: a direct property of the memo, not the shared getter's
  // keyed one (`type` is read for almost every node a check looks at).
  const origTypeId = getter('typeId');
  const origEndIndex = getter('endIndex');
  if (origTypeId) {
    const typeIdOf = (n: Node): number => {
      const m = memoOf(n);
      if (!m) return origTypeId.call(n) as number;
      let v = m.typeId;
      if (v === undefined) m.typeId = v = origTypeId.call(n) as number;
      return v;
    };
    defineGetter('typeId', function (this: Node) {
      return typeIdOf(this);
    });
    // `type` reads the memoised typeId.
    defineGetter('type', function (this: Node) {
      return this.tree.language.types[typeIdOf(this)] || 'ERROR';
    });
  } else {
    defineGetter('type', function (this: Node) {
      return this.tree.language.types[this.typeId] || 'ERROR';
    });
  }
  if (origEndIndex) {
    defineGetter('endIndex', function (this: Node) {
      const m = memoOf(this);
      if (!m) return origEndIndex.call(this);
      let v = m.endIndex;
      if (v === undefined) m.endIndex = v = origEndIndex.call(this) as number;
      return v;
    });
  }
  const origEndPosition = getter('endPosition');
  if (origEndPosition) {
    defineGetter('endPosition', function (this: Node) {
      const m = memoOf(this);
      if (!m) return origEndPosition.call(this);
      if (m.endRow === undefined) {
        const p = origEndPosition.call(this) as { row: number; column: number };
        m.endRow = p.row;
        m.endColumn = p.column;
      }
      return { row: m.endRow, column: m.endColumn! };
    });
  }
  const origText = getter('text');
  if (origText) {
    // CPython reads identifiers NFKC-normalised (PEP 3131): `ｅｖａｌ(x)` calls `eval`, `ｐａｓｓｗｏｒｄ = "x"` binds
    // `password`. Identifiers only: string contents and comments stay as written.
    const textOf = (n: Node): string => {
      const t = origText.call(n) as string;
      return n.type === 'identifier' && NON_ASCII.test(t) ? t.normalize('NFKC') : t;
    };
    defineGetter('text', function (this: Node) {
      const m = memoOf(this);
      if (!m) return textOf(this);
      return (m.text ??= textOf(this));
    });
  }
  // Single related nodes: canonical.
  for (const name of ['parent', 'firstChild', 'lastChild', 'firstNamedChild', 'lastNamedChild', 'nextSibling', 'previousSibling', 'nextNamedSibling', 'previousNamedSibling'] as const) {
    const orig = getter(name);
    if (!orig) continue;
    defineGetter(name, function (this: Node) {
      const m = memoOf(this);
      if (!m) return orig.call(this);
      let v = m[name];
      if (v === undefined) m[name] = v = canonical(orig.call(this) as Node | null);
      return v;
    });
  }
  // Child lists: web-tree-sitter already caches the arrays on the node; make their entries canonical.
  for (const name of ['children', 'namedChildren'] as const) {
    const orig = getter(name);
    if (!orig) continue;
    defineGetter(name, function (this: Node) {
      const m = memoOf(this);
      if (!m) return orig.call(this);
      let v = m[name];
      if (v === undefined) {
        m[name] = v = canonicalAll(orig.call(this) as Node[]);
        noteParent(canonical(this)!, v);
      }
      return v;
    });
  }
  const keyed = <K>(name: 'child' | 'namedChild' | 'childForFieldName', slot: 'child' | 'namedChild' | 'field') => {
    const orig = method(name);
    proto[name] = function (this: Node, key: K) {
      const m = memoOf(this);
      if (!m) return orig.call(this, key);
      const map = ((m[slot] as Map<K, Node | null> | undefined) ??= new Map<K, Node | null>() as never) as Map<K, Node | null>;
      let v = map.get(key);
      if (v === undefined) {
        map.set(key, (v = canonical(orig.call(this, key) as Node | null)));
        if (v) {
          const cm = memoOf(v);
          if (cm && cm.parent === undefined) cm.parent = canonical(this);
        }
      }
      return v;
    };
  };
  keyed<number>('child', 'child');
  keyed<number>('namedChild', 'namedChild');
  keyed<string>('childForFieldName', 'field');
  const origFields = method('childrenForFieldName');
  proto.childrenForFieldName = function (this: Node, name: string) {
    const m = memoOf(this);
    if (!m) return origFields.call(this, name);
    m.fields ??= new Map();
    let v = m.fields.get(name);
    if (!v) {
      m.fields.set(name, (v = canonicalAll(origFields.call(this, name) as Node[])));
      noteParent(canonical(this)!, v);
    }
    return v.slice();
  };
}

/** Runs `fn` with the node memo on for `tree` (re-entrant). */
export function withNodeMemo<T>(tree: Tree, fn: () => T): T {
  const prev = { memoTree, memoGen, canon, memoClean };
  memoTree = tree;
  memoGen = ++genCounter;
  canon = new Map();
  memoClean = undefined;
  try {
    return fn();
  } finally {
    memoTree = prev.memoTree;
    memoGen = prev.memoGen;
    canon = prev.canon;
    memoClean = prev.memoClean;
  }
}
let genCounter = 0;

/** Leaves every analysis' node memo (`Engine.recover`, after an interrupted `withNodeMemo` did not restore it). */
export function resetNodeMemo(): void {
  memoTree = null;
  memoGen = ++genCounter;
  canon = null;
}

/** A Python value as Bandit's `_get_literal_value` produces it. */
export type PyValue =
  | { kind: 'str'; value: string }
  | { kind: 'bytes'; value: string }
  | { kind: 'int'; value: bigint }
  | { kind: 'float'; value: number }
  | { kind: 'complex'; imag: number } // `2j`: a complex constant (its real part is 0)
  | { kind: 'name'; value: string } // Name id, attribute tail, or True/False/None as strings
  | { kind: 'list' | 'tuple' | 'set'; items: (PyValue | null)[] }
  | { kind: 'dict'; entries: [PyValue | null, PyValue | null][] };

/** Strips parentheses the way the Python AST does (no node for them). */
export function unparen(node: Node): Node {
  let n = node;
  for (;;) {
    const t = n.type;
    if (t === 'parenthesized_expression') {
      const inner = n.namedChildren.find((c) => c.type !== 'comment');
      if (!inner) break;
      n = inner;
    } else if (t === 'tuple_pattern') {
      // An assignment target `(x) = v` is a tuple_pattern in tree-sitter but a plain Name in CPython: one element
      // and no comma (`(x,) = v` is a Tuple).
      const inner = n.namedChildren.filter((c) => c.type !== 'comment');
      if (inner.length !== 1 || n.children.some((c) => c.type === ',')) break;
      n = inner[0]!;
    } else break;
  }
  return n;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\n': '',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** Decodes Python escape sequences of a non-raw literal body. */
export function decodeEscapes(body: string, bytes: boolean): string {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\' || i + 1 >= body.length) {
      out += ch;
      continue;
    }
    const nx = body[i + 1]!;
    const simple = SIMPLE_ESCAPES[nx];
    if (simple !== undefined) {
      out += simple;
      i++;
    } else if (nx >= '0' && nx <= '7') {
      const m = /^[0-7]{1,3}/.exec(body.slice(i + 1))![0];
      out += String.fromCharCode(parseInt(m, 8));
      i += m.length;
    } else if (nx === 'x' && /^[0-9a-fA-F]{2}/.test(body.slice(i + 2))) {
      out += String.fromCharCode(parseInt(body.slice(i + 2, i + 4), 16));
      i += 3;
    } else if (!bytes && nx === 'u' && /^[0-9a-fA-F]{4}/.test(body.slice(i + 2))) {
      out += String.fromCharCode(parseInt(body.slice(i + 2, i + 6), 16));
      i += 5;
    } else if (!bytes && nx === 'U' && /^[0-9a-fA-F]{8}/.test(body.slice(i + 2))) {
      const cp = parseInt(body.slice(i + 2, i + 10), 16);
      // Above U+10FFFF CPython rejects the literal (a syntax error); keep the escape's text rather than throw.
      out += cp <= 0x10ffff ? String.fromCodePoint(cp) : body.slice(i, i + 10);
      i += 9;
    } else if (!bytes && nx === 'N' && body[i + 2] === '{') {
      const close = body.indexOf('}', i + 3);
      // Named escapes are kept as their name: no Unicode name table is bundled.
      out += close > 0 ? body.slice(i, close + 1) : '\\N';
      i = close > 0 ? close : i + 1;
    } else {
      out += '\\' + nx;
      i++;
    }
  }
  return out;
}

/** Prefix letters of a `string` node, lower-cased (`rb`, `f`, ``). */
export function stringPrefix(node: Node): string {
  const memo = memoOf(node);
  if (memo) return (memo.prefix ??= computeStringPrefix(node));
  return computeStringPrefix(node);
}

/**
 * The `string_start` token text (prefix letters and opening quotes) of a well-formed `string` node, read from the
 * node's own text (the token starts the node): no child node is read. Undefined for nodes with errors.
 */
function startTokenFromText(node: Node): string | undefined {
  if (node.type !== 'string' || node.hasError) return undefined;
  const t = node.text;
  let i = 0;
  for (let c = t.charCodeAt(0); (c >= 65 && c <= 90) || (c >= 97 && c <= 122); c = t.charCodeAt(++i));
  const q = t[i];
  if (q !== '"' && q !== "'") return undefined;
  return t.slice(0, t[i + 1] === q && t[i + 2] === q ? i + 3 : i + 1);
}

function computeStringPrefix(node: Node): string {
  const token = startTokenFromText(node);
  if (token !== undefined) return token.slice(0, token.length - (token.endsWith('"""') || token.endsWith("'''") ? 3 : 1)).toLowerCase();
  const start = node.firstChild;
  const t = start && start.type === 'string_start' ? start.text : node.text;
  const m = /^[a-zA-Z]*/.exec(t);
  return (m ? m[0] : '').toLowerCase();
}

/** True for an f-string part (a `string` with an `f` prefix). */
export function isFString(node: Node): boolean {
  return node.type === 'string' && stringPrefix(node).includes('f');
}

function quoteLength(node: Node): number {
  const token = startTokenFromText(node);
  if (token !== undefined) return token.length - stringPrefix(node).length;
  const start = node.firstChild;
  if (!start || start.type !== 'string_start') return 1;
  const q = start.text.replace(/^[a-zA-Z]*/, '');
  return q.length;
}

/** The decoded value of one non-f `string` node (str or bytes). Undefined for f-strings or broken literals. */
function simpleStringValue(node: Node): { value: string; bytes: boolean } | undefined {
  const prefix = stringPrefix(node);
  if (prefix.includes('f')) return undefined;
  const text = node.text;
  const q = quoteLength(node);
  const bodyStart = prefix.length + q;
  const bodyEnd = text.length - q;
  if (bodyEnd < bodyStart) return undefined;
  const body = text.slice(bodyStart, bodyEnd);
  const bytes = prefix.includes('b');
  return { value: prefix.includes('r') ? body : decodeEscapes(body, bytes), bytes };
}

/**
 * The value of a string constant: a `string` or a `concatenated_string` with no f-string part
 * (CPython folds implicit concatenation into one Constant). Bytes are reported as such.
 */
export function constantString(node: Node): { value: string; bytes: boolean } | undefined {
  const memo = memoOf(node);
  if (!memo) return computeConstantString(node);
  if (memo.constStr === undefined) memo.constStr = computeConstantString(node) ?? null;
  return memo.constStr ?? undefined;
}

function computeConstantString(node: Node): { value: string; bytes: boolean } | undefined {
  if (node.type === 'string') return simpleStringValue(node);
  if (node.type === 'concatenated_string') {
    let value = '';
    let bytes: boolean | undefined;
    for (const part of node.namedChildren) {
      if (part.type !== 'string') continue;
      const v = simpleStringValue(part);
      if (!v) return undefined;
      if (bytes !== undefined && bytes !== v.bytes) return undefined;
      bytes = v.bytes;
      value += v.value;
    }
    return bytes === undefined ? undefined : { value, bytes };
  }
  return undefined;
}

/** A `str` constant's value (not bytes, not f-string), or undefined. */
export function strValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const n = unparen(node);
  const v = constantString(n);
  return v && !v.bytes ? v.value : undefined;
}

/** True when the node is an f-string, or a concatenation containing one (a JoinedStr in the AST). */
export function isJoinedStr(node: Node): boolean {
  const memo = memoOf(node);
  if (memo) return (memo.joined ??= computeIsJoinedStr(node));
  return computeIsJoinedStr(node);
}

function computeIsJoinedStr(node: Node): boolean {
  if (node.type === 'string') return isFString(node);
  if (node.type === 'concatenated_string') return node.namedChildren.some((c) => c.type === 'string' && isFString(c));
  return false;
}

/**
 * The literal text pieces of an f-string (JoinedStr) in order, with their nodes: what CPython exposes as
 * Constant values between FormattedValues. Adjacent literal text across implicit concatenation merges.
 */
export function joinedStrParts(node: Node): { text: string; nodes: Node[] }[] {
  const parts: { text: string; nodes: Node[] }[] = [];
  let cur: { text: string; nodes: Node[] } | undefined;
  const strings = node.type === 'concatenated_string' ? node.namedChildren.filter((c) => c.type === 'string') : [node];
  for (const s of strings) {
    if (!isFString(s)) {
      const v = simpleStringValue(s);
      if (!v) continue;
      cur ??= { text: '', nodes: [] };
      cur.text += v.value;
      cur.nodes.push(s);
      continue;
    }
    const raw = stringPrefix(s).includes('r');
    for (const c of s.namedChildren) {
      if (c.type === 'string_content') {
        let t = c.text;
        t = raw ? t : decodeEscapes(t, false);
        t = t.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
        cur ??= { text: '', nodes: [] };
        cur.text += t;
        cur.nodes.push(c);
      } else if (c.type === 'interpolation') {
        if (cur) parts.push(cur);
        cur = undefined;
      }
    }
  }
  if (cur) parts.push(cur);
  return parts;
}

/** Parses a Python integer literal (`0o777`, `0x1F`, `1_000`); undefined for floats or imaginary. */
export function parseIntLiteral(text: string): bigint | undefined {
  const t = text.replace(/_/g, '').toLowerCase();
  try {
    if (/^0[xob][0-9a-f]+$/.test(t)) return BigInt(t);
    if (/^[0-9]+$/.test(t)) return BigInt(t.replace(/^0+(?=\d)/, ''));
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * Bandit's `_get_literal_value`: constants give their value, True/False/None their names as strings, a
 * Name its identifier, an Attribute only where Bandit reads `.attr` (callers decide), containers recurse,
 * everything else null.
 */
export function literalValue(node: Node | null | undefined): PyValue | null {
  if (!node) return null;
  const n = unparen(node);
  switch (n.type) {
    case 'string':
    case 'concatenated_string': {
      const v = constantString(n);
      if (!v) return null;
      return v.bytes ? { kind: 'bytes', value: v.value } : { kind: 'str', value: v.value };
    }
    case 'integer':
    case 'float': {
      // tree-sitter has no node for imaginary literals: `1j` is an integer, `1.5j` a float.
      const text = n.text.replace(/_/g, '');
      if (/j$/i.test(text)) return { kind: 'complex', imag: Number(text.slice(0, -1)) };
      if (n.type === 'float') return { kind: 'float', value: Number(text) };
      const v = parseIntLiteral(text);
      return v === undefined ? null : { kind: 'int', value: v };
    }
    case 'true':
      return { kind: 'name', value: 'True' };
    case 'false':
      return { kind: 'name', value: 'False' };
    case 'none':
      return { kind: 'name', value: 'None' };
    case 'identifier':
      return { kind: 'name', value: n.text };
    case 'list':
    case 'tuple':
    case 'set':
      return { kind: n.type, items: n.namedChildren.filter((c) => c.type !== 'comment').map((c) => literalValue(c)) };
    case 'dictionary': {
      const entries: [PyValue | null, PyValue | null][] = [];
      for (const p of n.namedChildren) {
        if (p.type === 'pair') entries.push([literalValue(p.childForFieldName('key')), literalValue(p.childForFieldName('value'))]);
        else if (p.type === 'dictionary_splat') entries.push([null, literalValue(p.namedChild(0))]);
      }
      return { kind: 'dict', entries };
    }
    default:
      return null;
  }
}

/**
 * Bandit's reading of an argument in `call_args` / `call_keywords`: an Attribute gives its final name,
 * anything else goes through the literal evaluator.
 */
export function argValue(node: Node | null | undefined): PyValue | null {
  if (!node) return null;
  const n = unparen(node);
  if (n.type === 'attribute') {
    const attr = n.childForFieldName('attribute');
    return attr ? { kind: 'name', value: attr.text } : null;
  }
  return literalValue(n);
}

/** Python's repr() of a float: shortest digits, scientific below 1e-4 and from 1e16 on (`1e-05`, `1.5e+16`). */
export function pyFloatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const [mantissa, e] = n.toExponential().split('e') as [string, string];
  const exp = Number(e);
  if (exp >= -4 && exp < 16) {
    const fixed = String(n);
    return fixed.includes('.') ? fixed : `${fixed}.0`;
  }
  return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** Python's str() of an imaginary constant (real part 0): `1j`, `1.5j`, `1e+16j`. */
export function pyComplexStr(imag: number): string {
  return `${pyFloatRepr(imag).replace(/\.0$/, '')}j`;
}

/** Python truthiness of a literal value (for `shell=` and friends). */
export function pyTruthy(v: PyValue): boolean {
  switch (v.kind) {
    case 'str':
    case 'bytes':
      return v.value.length > 0;
    case 'int':
      return v.value !== 0n;
    case 'float':
      return v.value !== 0;
    case 'complex':
      return v.imag !== 0;
    case 'name':
      return v.value !== 'False' && v.value !== 'None';
    case 'list':
    case 'tuple':
    case 'set':
      return v.items.length > 0;
    case 'dict':
      return v.entries.length > 0;
  }
}

/** Equality as Bandit's `==` on literal values (used for `check_call_arg_value`). */
export function pyEquals(v: PyValue | null, expected: string | number | boolean): boolean {
  if (!v) return false;
  if (typeof expected === 'string') return (v.kind === 'str' || v.kind === 'name') && v.value === expected;
  if (typeof expected === 'boolean') return v.kind === 'name' && v.value === (expected ? 'True' : 'False');
  if (v.kind === 'int') return v.value === BigInt(expected);
  if (v.kind === 'float') return v.value === expected;
  if (v.kind === 'complex') return v.imag === 0 && expected === 0;
  return false;
}

/** Node types that CPython's AST does not have: walking up skips them. */
// `type` wraps an annotation: CPython's annotation is a field of the FunctionDef, AnnAssign or arg itself.
const TRANSPARENT = new Set(['parenthesized_expression', 'argument_list', 'pair', 'block', 'concatenated_string', 'type']);

/**
 * The node's parent as CPython's AST sees it (Bandit's `_bandit_parent`): parentheses, argument lists,
 * dict pairs and blocks are skipped; an expression statement wrapping an assignment is the assignment.
 */
export function astParent(node: Node): Node | null {
  let p = node.parent;
  while (p && TRANSPARENT.has(p.type)) p = p.parent;
  return p;
}

/**
 * The AST ancestors of `node` (as `astParent` would give them one by one), root first. One descent with a tree
 * cursor (`ancestorsByDescent`): `node.parent` walks down from the root each time, so climbing a long chain (a `+`
 * of thousands of terms) by `astParent` costs the square of its depth. A node the descent cannot find is climbed to.
 */
export function astAncestors(node: Node): Node[] {
  const down = ancestorsByDescent(node);
  if (down) return down;
  const up: Node[] = [];
  for (let p = astParent(node); p; p = astParent(p)) up.push(p);
  return up.reverse();
}

/**
 * `astAncestors` by one descent from the root: at each level the first child whose range holds the node's.
 * Undefined when that way does not lead to the node: a zero-width node (a MISSING token) at the end of its parent
 * sits where the parent ends, and the descent passes it by.
 */
export function ancestorsByDescent(node: Node): Node[] | undefined {
  const out: Node[] = [];
  const [start, end] = [node.startIndex, node.endIndex];
  const c = node.tree.walk();
  try {
    while (c.nodeId !== node.id) {
      if (!TRANSPARENT.has(c.nodeType)) out.push(c.currentNode);
      let found = c.gotoFirstChild();
      while (found && !(c.startIndex <= start && c.endIndex >= end && (c.endIndex > start || c.nodeId === node.id))) found = c.gotoNextSibling();
      if (!found) return undefined;
    }
    return out;
  } finally {
    c.delete();
  }
}

/** True for a docstring or bare string statement (an `Expr` whose value is the string). */
export function isExprStatementValue(node: Node): boolean {
  const p = node.parent;
  if (!p) return false;
  if (p.type === 'expression_statement') return p.namedChildCount === 1;
  return false;
}

/**
 * The node where `node` ends as CPython's AST sees it (its `end_lineno`/`end_col_offset`): `node` itself, or, for a
 * compound statement whose block ends with comments at the block's indentation (tree-sitter keeps those inside the
 * block; CPython's node ends with its last statement), the last token before them. Walks down the last children.
 */
export function pyEnd(node: Node): Node {
  // CPython's Module has no position: a file-level report keeps the module's own end (Bandit's file checks have
  // end_col_offset 0).
  if (node.type === 'module') return node;
  let n = node;
  for (;;) {
    // A string ends where it ends (its parts hold no comments).
    if (n.type === 'string') return n;
    let c = n.lastChild;
    while (c && c.type === 'comment') c = c.previousSibling;
    if (!c) return n; // a leaf (or a node of comments only, which is no AST node)
    n = c;
  }
}

/** Tree-sitter parameter nodes with no CPython AST node of their own (`*` and `/` separators). */
const SEPARATORS = new Set(['keyword_separator', 'positional_separator', 'comment']);

/**
 * Bandit's line range of `parent`, the CPython AST parent of a tested node (the string tests: B104, B105, B108,
 * B608), 0-based rows: the node's start and end lines. A parameter default's parent is CPython's `arguments`, which
 * has no position: Bandit's linerange then spans the smallest to the largest *start* line of the nodes inside it
 * (the parameters, their annotations and defaults). `child` is the tested node: under a default parameter, an
 * annotation's parent is the `arg` instead.
 */
export function parentRows(parent: Node, child: Node): [number, number] {
  if (parent.type === 'default_parameter' || parent.type === 'typed_default_parameter') {
    const value = parent.childForFieldName('value');
    if (!value || child.startIndex < value.startIndex || child.endIndex > value.endIndex) {
      // Not the default: the annotation, whose parent is CPython's `arg` (the name and its annotation).
      const annotation = parent.childForFieldName('type');
      return [parent.startPosition.row, pyEnd(annotation ?? parent).endPosition.row];
    }
    const params = parent.parent;
    if (params && (params.type === 'parameters' || params.type === 'lambda_parameters')) {
      const named = params.namedChildren.filter((c): c is Node => !!c && !SEPARATORS.has(c.type));
      if (named.length > 0) {
        // The largest start line is that of the last node in source order: down the last children.
        let last = named[named.length - 1]!;
        for (;;) {
          if (last.type === 'string' || last.type === 'concatenated_string') break;
          const kids = last.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
          if (kids.length === 0) break;
          last = kids[kids.length - 1]!;
        }
        return [named[0]!.startPosition.row, last.startPosition.row];
      }
    }
  }
  return [parent.startPosition.row, pyEnd(parent).endPosition.row];
}
