/**
 * Intra-function taint tracking for the VG6xx rules (spec §5 "L" rows). Sources: Flask's `request.*` (when
 * flask is imported), Django's `request.GET/POST/...` on a parameter named `request` (when django is imported),
 * and Flask route parameters (`@app.route('/<x>')`). Propagation: assignments (plain, augmented, tuple
 * unpacking, `for` targets, `:=`) in source order within one function body; f-strings, `%`, `+`, `.format()`,
 * `.join()`, `str()`, `os.path.join()`, subscripts, attributes and method calls on tainted values. Sanitizers:
 * `int()`, `float()`, `shlex.quote`, `os.path.basename`, `secure_filename`, `re.escape`, `bleach.clean`,
 * `markupsafe.escape` (and a few equivalents). A tainted variable tested in a condition before the sink
 * (`if is_safe(x)`, `x in ALLOWED`, `x.startswith(...)`) counts as validated: these rules prefer a miss to noise.
 */
import type { Node } from '../../server/src/engine/parser';
import type { FileContext, CallContext } from '../../server/src/engine/context';
import type { Report, RuleContext } from '../../server/src/engine/rule';
import { constantString, isFString, unparen } from '../../server/src/engine/python';

/** Where tainted data came from, and how it was transformed on the way. */
export interface Taint {
  /** 1-based line of the source expression. */
  line: number;
  /** `request.args`, `request.GET`, `route parameter 'name'`. */
  what: string;
  /** Carried inside a list/tuple/dict (not the whole value). */
  container?: boolean;
  /** Went through string building (f-string, `%`, `+`, `.format`, `.join`). */
  built?: boolean;
  /** String building fixed a leading literal that pins the URL's host or path (`"https://x.com/" + t`, `"/a/" + t`). */
  prefixFixed?: boolean;
}

type State = Map<string, Taint>;

const FLASK_ATTRS = new Set(['args', 'form', 'values', 'json', 'data', 'cookies', 'headers', 'files', 'view_args', 'stream']);
const FLASK_CALLS = new Set(['get_json', 'get_data']);
const DJANGO_ATTRS = new Set(['GET', 'POST', 'COOKIES', 'META', 'FILES', 'body', 'headers', 'data', 'query_params']);

const SANITIZERS = new Set([
  'int',
  'float',
  'bool',
  'len',
  'shlex.quote',
  'pipes.quote',
  'os.path.basename',
  'posixpath.basename',
  'werkzeug.utils.secure_filename',
  'werkzeug.secure_filename',
  'secure_filename',
  're.escape',
  'bleach.clean',
  'markupsafe.escape',
  'flask.escape',
  'jinja2.escape',
  'html.escape',
  'django.utils.html.escape',
  'uuid.UUID',
]);

/** Calls whose result carries their arguments' taint. */
const PROPAGATORS = new Set([
  'str',
  'repr',
  'bytes',
  'bytearray',
  'format',
  'os.path.join',
  'posixpath.join',
  'os.path.abspath',
  'os.path.normpath',
  'os.path.realpath',
  'os.path.expanduser',
  'os.path.expandvars',
  'pathlib.Path',
  'pathlib.PurePath',
  'urllib.parse.urljoin',
  'urllib.parse.unquote',
  'urllib.parse.unquote_plus',
  'base64.b64decode',
  'base64.urlsafe_b64decode',
  'base64.b64encode',
  'base64.urlsafe_b64encode',
  'binascii.unhexlify',
  'binascii.a2b_base64',
  'bytes.fromhex',
  'json.loads',
  'io.BytesIO',
  'io.StringIO',
]);
/** String-building propagators: their result is a built string. */
const BUILDERS = new Set(['format', 'os.path.join', 'posixpath.join', 'urllib.parse.urljoin']);

/** Methods whose result carries no data of the receiver (booleans, counts). */
const CLEAN_METHODS = new Set([
  'startswith',
  'endswith',
  'isdigit',
  'isnumeric',
  'isdecimal',
  'isalpha',
  'isalnum',
  'isidentifier',
  'isspace',
  'islower',
  'isupper',
  'count',
  'find',
  'rfind',
  'index',
  'rindex',
]);
/** Methods on an untainted receiver (usually a literal) that build a string from their arguments. */
const BUILDING_METHODS = new Set(['format', 'format_map', 'join', 'replace']);

/** Whether any taint source can exist in this file (as of the current node). */
export function taintPossible(file: FileContext): boolean {
  return file.importedLike('flask') || file.importedLike('django') || file.importedLike('rest_framework');
}

function line(n: Node): number {
  return n.startPosition.row + 1;
}

const SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);

/** The innermost enclosing `def` (through lambdas and comprehensions), or undefined at module/class level. */
export function enclosingFunction(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_definition') return p;
    if (p.type === 'class_definition') return undefined;
  }
  return undefined;
}

/** Parameter names of a def. */
function paramNames(fn: Node): string[] {
  const params = fn.childForFieldName('parameters');
  const out: string[] = [];
  if (!params) return out;
  for (const p of params.namedChildren) {
    if (p.type === 'identifier') out.push(p.text);
    else if (p.type === 'typed_parameter') {
      const id = p.namedChildren.find((c) => c.type === 'identifier');
      if (id) out.push(id.text);
    } else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
      const id = p.childForFieldName('name');
      if (id) out.push(id.text);
    }
  }
  return out;
}

/** Flask route parameters: names in `<conv:name>` of a `@x.route('...')` (or `.get/.post/...`) decorator. */
function routeParams(fn: Node, file: FileContext): Map<string, number> {
  const out = new Map<string, number>();
  const dec = fn.parent;
  if (!dec || dec.type !== 'decorated_definition' || !file.importedLike('flask')) return out;
  const params = new Set(paramNames(fn));
  for (const d of dec.namedChildren) {
    if (d.type !== 'decorator') continue;
    const call = d.namedChildren.find((c) => c.type === 'call');
    if (!call) continue;
    const func = call.childForFieldName('function');
    if (!func || func.type !== 'attribute') continue;
    const attr = func.childForFieldName('attribute')?.text ?? '';
    if (!['route', 'get', 'post', 'put', 'patch', 'delete'].includes(attr)) continue;
    const first = call.childForFieldName('arguments')?.namedChildren.find((c) => c.type !== 'comment' && c.type !== 'keyword_argument');
    const rule = first ? constantString(unparen(first)) : undefined;
    if (!rule || rule.bytes) continue;
    for (const m of rule.value.matchAll(/<(?:[^:<>]+:)?([A-Za-z_]\w*)>/g)) {
      if (params.has(m[1]!)) out.set(m[1]!, line(d));
    }
  }
  return out;
}

/** An assignment-like event in a function body, applied in source order. */
interface Event {
  /** The event applies to sinks starting at or after this offset. */
  at: number;
  node: Node;
  /** A sink inside this node is part of the event itself (`x = f(x)`): the event does not apply to it. */
  own?: Node;
}

interface FnInfo {
  fn: Node | undefined;
  events: Event[];
  initial: State;
  /** Condition expressions (if/elif/while/assert/ternary), by start offset. */
  guards: Node[];
  djangoRequest: boolean;
}

const fnCache = new WeakMap<FileContext, Map<string, FnInfo>>();

function keyOf(n: Node | undefined): string {
  return n ? `${n.startIndex}:${n.endIndex}` : 'module';
}

function collect(body: Node, events: Event[], guards: Node[]): void {
  const stack: Node[] = [body];
  const found: Node[] = [];
  while (stack.length) {
    const n = stack.pop()!;
    for (const c of n.namedChildren) {
      if (SCOPES.has(c.type) || c.type === 'decorated_definition') continue;
      found.push(c);
      stack.push(c);
    }
  }
  for (const n of found) {
    switch (n.type) {
      case 'assignment': {
        const right = n.childForFieldName('right');
        if (right) events.push({ at: right.endIndex, node: n, own: right });
        break;
      }
      case 'augmented_assignment':
      case 'named_expression': {
        events.push({ at: n.endIndex, node: n });
        break;
      }
      case 'for_statement': {
        const right = n.childForFieldName('right');
        if (right) events.push({ at: right.endIndex, node: n, own: right });
        break;
      }
      case 'if_statement':
      case 'elif_clause':
      case 'while_statement':
      case 'conditional_expression': {
        const cond = n.type === 'conditional_expression' ? n.namedChildren[1] : n.childForFieldName('condition');
        if (cond) guards.push(cond);
        break;
      }
      case 'assert_statement': {
        const cond = n.namedChildren[0];
        if (cond) guards.push(cond);
        break;
      }
    }
  }
  events.sort((a, b) => a.at - b.at);
}

function fnInfo(file: FileContext, fn: Node | undefined): FnInfo {
  let m = fnCache.get(file);
  if (!m) fnCache.set(file, (m = new Map<string, FnInfo>()));
  const key = keyOf(fn);
  let info = m.get(key);
  if (info) return info;
  const events: Event[] = [];
  const guards: Node[] = [];
  const initial: State = new Map();
  let djangoRequest = false;
  if (fn) {
    const body = fn.childForFieldName('body');
    if (body) collect(body, events, guards);
    for (const [name, ln] of routeParams(fn, file)) initial.set(name, { line: ln, what: `route parameter '${name}'` });
    if (file.importedLike('django') || file.importedLike('rest_framework')) {
      for (let f: Node | undefined = fn; f; f = enclosingFunction(f)) {
        if (paramNames(f).includes('request')) djangoRequest = true;
      }
    }
  }
  info = { fn, events, initial, guards, djangoRequest };
  m.set(key, info);
  return info;
}

class Evaluator {
  private depth = 0;
  constructor(
    private readonly file: FileContext,
    private readonly info: FnInfo,
    readonly state: State,
  ) {}

  /** A source expression itself (`request.args`, `request.get_json()`, `request.GET`). */
  source(n: Node): Taint | undefined {
    if (n.type === 'attribute') {
      const obj = unparen(n.childForFieldName('object')!);
      const attr = n.childForFieldName('attribute')?.text ?? '';
      if (FLASK_ATTRS.has(attr) && this.isFlaskRequest(obj)) return { line: line(n), what: `request.${attr}` };
      if (DJANGO_ATTRS.has(attr) && this.isDjangoRequest(obj)) return { line: line(n), what: `request.${attr}` };
    } else if (n.type === 'call') {
      const func = n.childForFieldName('function');
      if (func?.type === 'attribute') {
        const attr = func.childForFieldName('attribute')?.text ?? '';
        const obj = unparen(func.childForFieldName('object')!);
        if (FLASK_CALLS.has(attr) && this.isFlaskRequest(obj)) return { line: line(n), what: `request.${attr}()` };
      }
    }
    return undefined;
  }

  private isFlaskRequest(obj: Node): boolean {
    if (obj.type !== 'identifier' && obj.type !== 'attribute') return false;
    return this.file.qualName(obj) === 'flask.request';
  }

  private isDjangoRequest(obj: Node): boolean {
    if (obj.type === 'identifier') return obj.text === 'request' && this.info.djangoRequest && !this.state.has('request');
    // Class-based views: self.request.GET
    if (obj.type === 'attribute' && (this.file.importedLike('django') || this.file.importedLike('rest_framework'))) {
      const o = obj.childForFieldName('object');
      return obj.childForFieldName('attribute')?.text === 'request' && o?.type === 'identifier' && o.text === 'self';
    }
    return false;
  }

  taint(node: Node | null | undefined): Taint | undefined {
    if (!node) return undefined;
    if (this.depth > 60) return undefined;
    this.depth++;
    try {
      return this.eval(unparen(node));
    } finally {
      this.depth--;
    }
  }

  private anyOf(nodes: (Node | null | undefined)[]): Taint | undefined {
    for (const n of nodes) {
      const t = this.taint(n);
      if (t) return t;
    }
    return undefined;
  }

  private eval(n: Node): Taint | undefined {
    switch (n.type) {
      case 'identifier':
        return this.state.get(n.text);
      case 'attribute': {
        const s = this.source(n);
        if (s) return s;
        return this.taint(n.childForFieldName('object'));
      }
      case 'subscript': {
        const t = this.taint(n.childForFieldName('value'));
        return t ? { ...t, container: false } : undefined;
      }
      case 'call':
        return this.call(n);
      case 'string': {
        if (!isFString(n)) return undefined;
        const parts = n.namedChildren.filter((c) => c.type === 'interpolation');
        const t = this.anyOf(parts.map((p) => p.childForFieldName('expression')));
        return t ? this.built(t, n) : undefined;
      }
      case 'concatenated_string': {
        const t = this.anyOf(n.namedChildren.filter((c) => c.type === 'string'));
        return t ? this.built(t, n) : undefined;
      }
      case 'binary_operator': {
        const op = n.childForFieldName('operator')?.text;
        if (op !== '+' && op !== '%') return undefined;
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        const t = this.anyOf([left, right]);
        if (!t) return undefined;
        const l = left ? unparen(left) : undefined;
        // List concatenation keeps the container view (`["ls"] + [x]`).
        if (op === '+' && l && (l.type === 'list' || l.type === 'tuple')) return { ...t, container: true };
        return this.built({ ...t, container: false }, n);
      }
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list': {
        const t = this.anyOf(n.namedChildren);
        return t ? { ...t, container: true } : undefined;
      }
      case 'dictionary': {
        const vals = n.namedChildren.map((p) => (p.type === 'pair' ? p.childForFieldName('value') : p));
        const t = this.anyOf(vals);
        return t ? { ...t, container: true } : undefined;
      }
      case 'list_splat':
      case 'dictionary_splat':
      case 'await':
        return this.taint(n.namedChildren[0]);
      case 'conditional_expression':
        return this.anyOf([n.namedChildren[0], n.namedChildren[2]]);
      case 'boolean_operator':
        // `request.args.get("x") or "default"`
        return this.anyOf([n.childForFieldName('left'), n.childForFieldName('right')]);
      default:
        return undefined;
    }
  }

  private built(t: Taint, n: Node): Taint {
    if (t.built) return t;
    const lead = leadingLiteral(n);
    return { ...t, built: true, prefixFixed: lead !== undefined && fixesPrefix(lead) };
  }

  private call(n: Node): Taint | undefined {
    const s = this.source(n);
    if (s) return s;
    const func = n.childForFieldName('function');
    if (!func) return undefined;
    const f = unparen(func);
    const qual = this.file.qualName(f);
    const args = n.childForFieldName('arguments');
    const argNodes = args?.type === 'argument_list' ? args.namedChildren.filter((c) => c.type !== 'comment') : [];
    const argValues = () => argNodes.map((a) => (a.type === 'keyword_argument' ? a.childForFieldName('value') : a));
    if (SANITIZERS.has(qual)) return undefined;
    if (PROPAGATORS.has(qual)) {
      const t = this.anyOf(argValues());
      if (!t) return undefined;
      return BUILDERS.has(qual) ? this.built({ ...t, container: false }, n) : { ...t, container: false };
    }
    if (f.type === 'attribute') {
      const method = f.childForFieldName('attribute')?.text ?? '';
      const objT = this.taint(f.childForFieldName('object'));
      if (objT) {
        if (CLEAN_METHODS.has(method)) return undefined;
        // `request.args.getlist(...)` is a list of values; other methods return (parts of) the value.
        return { ...objT, container: method === 'getlist' || method === 'split' || method === 'items' || method === 'values' };
      }
      if (BUILDING_METHODS.has(method)) {
        const t = this.anyOf(argValues());
        if (!t) return undefined;
        return this.built({ ...t, container: false }, n);
      }
    }
    return undefined;
  }

  /** Applies one event to the state. `sink` decides strong updates: only a kill in a block enclosing the sink. */
  apply(e: Event, sink: Node): void {
    const n = e.node;
    if (n.type === 'assignment') {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (!left || !right) return;
      this.assign(left, right, sink, n);
    } else if (n.type === 'augmented_assignment') {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (left?.type !== 'identifier') return;
      const t = this.taint(right);
      if (t && !this.state.has(left.text)) this.state.set(left.text, this.built({ ...t, container: false }, n));
    } else if (n.type === 'named_expression') {
      const name = n.childForFieldName('name');
      const t = this.taint(n.childForFieldName('value'));
      if (name) this.set(name.text, t, sink, n);
    } else if (n.type === 'for_statement') {
      const left = n.childForFieldName('left');
      const t = this.taint(n.childForFieldName('right'));
      if (!left) return;
      for (const id of targets(left)) this.set(id, t ? { ...t, container: false } : undefined, sink, n);
    }
  }

  private assign(left: Node, right: Node, sink: Node, stmt: Node): void {
    const l = unparen(left);
    const r = unparen(right);
    if (l.type === 'identifier') return this.set(l.text, this.taint(r), sink, stmt);
    if (l.type === 'pattern_list' || l.type === 'tuple_pattern' || l.type === 'list_pattern') {
      const ls = l.namedChildren.filter((c) => c.type !== 'comment');
      const rs = r.type === 'expression_list' || r.type === 'tuple' || r.type === 'list' ? r.namedChildren.filter((c) => c.type !== 'comment') : undefined;
      if (rs && rs.length === ls.length) {
        ls.forEach((x, i) => this.assign(x, rs[i]!, sink, stmt));
        return;
      }
      const t = this.taint(r);
      for (const x of ls) for (const id of targets(x)) this.set(id, t ? { ...t, container: false } : undefined, sink, stmt);
      return;
    }
    // `a = b = value`
    if (r.type === 'assignment') {
      const inner = r.childForFieldName('right');
      if (inner) {
        this.assign(l, inner, sink, stmt);
        this.apply({ at: 0, node: r }, sink);
      }
    }
  }

  private set(name: string, t: Taint | undefined, sink: Node, stmt: Node): void {
    if (t) this.state.set(name, t);
    else if (this.state.has(name) && enclosesSink(stmt, sink)) this.state.delete(name);
  }
}

/** Whether the block holding `stmt` also holds `sink` (the assignment runs on every path to the sink). */
function enclosesSink(stmt: Node, sink: Node): boolean {
  let s: Node | null = stmt;
  while (s && s.parent && s.parent.type !== 'block' && s.parent.type !== 'module') s = s.parent;
  const block = s?.parent;
  if (!block) return false;
  return block.startIndex <= sink.startIndex && sink.endIndex <= block.endIndex;
}

function targets(n: Node): string[] {
  const u = unparen(n);
  if (u.type === 'identifier') return [u.text];
  if (u.type === 'pattern_list' || u.type === 'tuple_pattern' || u.type === 'list_pattern' || u.type === 'expression_list' || u.type === 'tuple' || u.type === 'list') {
    return u.namedChildren.flatMap(targets);
  }
  if (u.type === 'list_splat_pattern') return u.namedChildren.flatMap(targets);
  return [];
}

/** The literal text a string-building expression starts with, if any. */
export function leadingLiteral(n: Node): string | undefined {
  const u = unparen(n);
  if (u.type === 'string') {
    if (!isFString(u)) return constantString(u)?.value;
    let out = '';
    for (const c of u.namedChildren) {
      if (c.type === 'interpolation') break;
      if (c.type === 'string_content' || c.type === 'escape_sequence') out += c.text;
    }
    return out;
  }
  if (u.type === 'concatenated_string') {
    const first = u.namedChildren.find((c) => c.type === 'string');
    return first ? leadingLiteral(first) : undefined;
  }
  if (u.type === 'binary_operator') {
    const left = u.childForFieldName('left');
    const op = u.childForFieldName('operator')?.text;
    if (!left) return undefined;
    if (op === '+') return leadingLiteral(left);
    if (op === '%') {
      const t = leadingLiteral(left);
      return t === undefined ? undefined : t.split('%')[0];
    }
  }
  if (u.type === 'call') {
    const f = u.childForFieldName('function');
    if (f?.type === 'attribute' && f.childForFieldName('attribute')?.text === 'format') {
      const obj = f.childForFieldName('object');
      const t = obj ? leadingLiteral(obj) : undefined;
      return t === undefined ? undefined : t.split('{')[0];
    }
  }
  return undefined;
}

/** A literal prefix that pins the host (`https://host/`) or a path (`/a`, `?q=`): the rest cannot redirect elsewhere. */
function fixesPrefix(lead: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#\\@]+[/?#]/i.test(lead) || /^\/[^/\\]/.test(lead) || /^[?#]/.test(lead);
}

function identifiersIn(n: Node): Node[] {
  const out: Node[] = [];
  const stack = [n];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.type === 'identifier') out.push(x);
    else if (x.type === 'attribute') stack.push(x.childForFieldName('object')!);
    else if (x.type === 'keyword_argument') {
      const v = x.childForFieldName('value');
      if (v) stack.push(v);
    } else if (!SCOPES.has(x.type)) stack.push(...x.namedChildren);
  }
  return out;
}

/** Calls in a condition that test something other than the value's content. */
const NOT_VALIDATORS = new Set([
  'len',
  'bool',
  'isinstance',
  'print',
  'str',
  'type',
  'repr',
  'hasattr',
  'getattr',
  'any',
  'all',
  'exists',
  'lexists',
  'isfile',
  'isdir',
  'islink',
  'is_file',
  'is_dir',
  'debug',
  'info',
  'warning',
  'error',
]);

/** Whether `name` is tested by a condition before `before` (a validator call, `in`, `==`, `.startswith`). */
function guarded(info: FnInfo, name: string, before: number): boolean {
  for (const g of info.guards) {
    if (g.startIndex >= before) continue;
    const stack = [g];
    while (stack.length) {
      const x = stack.pop()!;
      if (x.type === 'call') {
        const f = x.childForFieldName('function');
        const fname = f?.type === 'identifier' ? f.text : f?.type === 'attribute' ? f.childForFieldName('attribute')?.text ?? '' : '';
        const args = x.childForFieldName('arguments');
        if (!NOT_VALIDATORS.has(fname)) {
          if (args?.namedChildren.some((a) => mentions(a, name))) return true;
          // `x.startswith("/")`, `x.isdigit()`, `pattern.match(x)` (covered above)
          if (f?.type === 'attribute' && mentions(f.childForFieldName('object')!, name)) return true;
        }
      } else if (x.type === 'comparison_operator') {
        const ops = x.children.filter((c) => !c.isNamed).map((c) => c.text);
        if (ops.some((o) => o === 'in' || o === '==' || o === 'not in' || o === '!=')) {
          if (x.namedChildren.some((c) => mentions(c, name))) return true;
        }
      }
      stack.push(...x.namedChildren);
    }
  }
  return false;
}

function mentions(n: Node, name: string): boolean {
  const u = n.type === 'keyword_argument' ? unparen(n.childForFieldName('value') ?? n) : unparen(n);
  if (u.type === 'identifier') return u.text === name;
  if (u.type === 'attribute' || u.type === 'subscript' || u.type === 'call') {
    const inner = u.type === 'attribute' ? u.childForFieldName('object') : u.type === 'subscript' ? u.childForFieldName('value') : null;
    return inner ? mentions(inner, name) : false;
  }
  return false;
}

/**
 * The taint of `expr` at its position: replays the enclosing function's assignments that end before it.
 * Returns undefined when untainted, or when every tainted variable in `expr` was validated by a condition.
 */
export function taintAt(ctx: RuleContext, expr: Node | null | undefined, sink?: Node): Taint | undefined {
  if (!expr) return undefined;
  const at = sink ?? expr;
  const file = ctx.file;
  const fn = enclosingFunction(at);
  const info = fnInfo(file, fn);
  const ev = new Evaluator(file, info, new Map(info.initial));
  for (const e of info.events) {
    if (e.at > at.startIndex) break;
    const own = e.own ?? e.node;
    if (own.startIndex <= at.startIndex && at.endIndex <= own.endIndex) continue;
    ev.apply(e, at);
  }
  const t = ev.taint(expr);
  if (!t) return undefined;
  // Validation by condition: every tainted identifier used in the expression must be unchecked.
  const ids = identifiersIn(expr).filter((id) => ev.state.has(id.text));
  if (ids.length > 0 && ids.every((id) => guarded(info, id.text, at.startIndex))) {
    // A direct source in the expression keeps it tainted.
    if (!hasDirectSource(ev, expr)) return undefined;
  }
  return t;
}

function hasDirectSource(ev: Evaluator, n: Node): boolean {
  const stack = [n];
  while (stack.length) {
    const x = stack.pop()!;
    if (ev.source(x)) return true;
    if (!SCOPES.has(x.type)) stack.push(...x.namedChildren);
  }
  return false;
}

/** The standard report of a taint rule: message data `source`, `line`, `sink`. */
export function taintReport(call: CallContext, arg: Node, t: Taint, sink: string, messageId = 'tainted'): Report {
  return {
    node: call.node,
    highlight: arg,
    messageId,
    data: { source: t.what, line: String(t.line), sink },
  };
}

/** A call's positional argument `i` or keyword `name`. */
export function sinkArg(call: CallContext, name: string | undefined, i: number): Node | undefined {
  return (name ? call.kw(name) : undefined) ?? call.args[i];
}
