/**
 * Edit builders for fixes: adding an import where Python style expects it (after the module docstring and
 * `from __future__` imports, merged into an existing `from x import ...`), and keyword-argument edits.
 */
import { eolOf, type FileContext } from './context';
import type { Node } from './parser';
import type { TextEdit } from './types';

/** `s` as a literal inside a regular expression. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Top-level statements of the module. */
function topLevel(root: Node): Node[] {
  return root.namedChildren.filter((c) => c.type !== 'comment');
}

/** `n` or the first statement after it that is not a comment (one child read at a time). */
function skipComments(n: Node | null): Node | null {
  while (n && n.type === 'comment') n = n.nextNamedSibling;
  return n;
}

/**
 * An edit that makes `name` importable: `import module` (name undefined) or `from module import name`. Records
 * the names it reads in `file.tracking` (context.ts `ImportTracking`).
 * Returns no edit (null) when the import already exists. Returns undefined (no fix possible) when the insertion
 * point would touch an ERROR node, or when the file binds the name the fix would use to something else.
 */
export function addImportEdit(file: FileContext, module: string, name?: string): TextEdit | null | undefined {
  const { root, source, tracking } = file;
  const ident = name ?? module.split('.')[0]!;
  tracking.editUsed.push(ident);
  tracking.editKnown.add(ident);
  if (name !== undefined) {
    // The `from module import ...` statements it would extend mention the module, not the name.
    const top = module.split('.')[0]!;
    tracking.editUsed.push(top);
    tracking.editKnown.add(top);
  }
  // The fix would use `module.x` / `name`: refuse when the file binds that name to something else.
  if (rebinds(root, source, ident, module, name !== undefined)) return undefined;
  // What the top-level imports decide, once per analysis and import: a file with thousands of findings whose fixes
  // add an import (B105's read from os.environ) asked it for each one, reading every top-level statement.
  const existing = file.memo(`addImportEdit:${module}\0${name ?? ''}`, () => existingImport(root, module, name));
  if (existing.found) return existing.edit && { ...existing.edit };
  const eol = file.eol;
  const { at, newline, firstError } = importInsertion(root, source);
  if (firstError) return undefined;
  const line = name === undefined ? `import ${module}` : `from ${module} import ${name}`;
  return { start: at, end: at, text: `${newline ? eol : ''}${line}${eol}` };
}

type Existing = { found: false } | { found: true; edit: TextEdit | null | undefined };

/** What the file's top-level imports make of `import module` / `from module import name` (see addImportEdit). */
function existingImport(root: Node, module: string, name: string | undefined): Existing {
  for (const s of topLevel(root)) {
    if (name === undefined && s.type === 'import_statement') {
      for (const c of s.namedChildren) if (c.type === 'dotted_name' && c.text === module) return { found: true, edit: null };
    }
    if (name !== undefined && s.type === 'import_from_statement') {
      const mod = s.childForFieldName('module_name');
      if (mod?.text !== module) continue;
      const names = s.childrenForFieldName('name');
      if (names.some((n) => n.text === name)) return { found: true, edit: null };
      if (s.hasError) return { found: true, edit: undefined };
      const last = names[names.length - 1];
      if (!last) continue;
      return { found: true, edit: { start: last.endIndex, end: last.endIndex, text: `, ${name}` } };
    }
  }
  return { found: false };
}

/**
 * Where `addImportEdit` adds a new import line, and what decides it (the editor re-checks such fixes when any of
 * it changes, engine/incremental.ts):
 * - `at`: after the line of a leading docstring and `from __future__` imports (`newline` when the file ends there
 *   without a line break), else after a shebang / encoding comment block at the top, else 0;
 * - `leadEnd`: where the statement after those leading ones starts (the text's length when there is none);
 * - `firstError`: the first statement is an ERROR node: no import is added then.
 */
export function importInsertion(root: Node, source: string): { at: number; newline: boolean; leadEnd: number; firstError: boolean } {
  // Only the leading statements matter: they are read one at a time (the editor calls this on keystrokes in files
  // with such fixes, and a module can have hundreds of top-level statements).
  const first = skipComments(root.firstNamedChild);
  const firstError = root.hasError && first?.type === 'ERROR';
  // After a leading docstring and `from __future__` imports, before the first other statement.
  let insertAfter: Node | undefined;
  let leadEnd = source.length;
  for (let s = first, i = 0; s; s = skipComments(s.nextNamedSibling), i++) {
    const isDoc = i === 0 && s.type === 'expression_statement' && s.firstNamedChild?.type === 'string';
    if (isDoc || s.type === 'future_import_statement') insertAfter = s;
    else {
      leadEnd = s.startIndex;
      break;
    }
  }
  if (insertAfter) {
    // After the end of that statement's line.
    const end = source.indexOf('\n', insertAfter.endIndex);
    return end < 0 ? { at: source.length, newline: true, leadEnd, firstError } : { at: end + 1, newline: false, leadEnd, firstError };
  }
  // At the top, after a shebang / encoding comment block.
  let at = 0;
  for (let c = root.firstNamedChild; c; c = c.nextNamedSibling) {
    if (c.type !== 'comment' || c.startIndex !== at) break;
    if (!/^#!|coding[:=]/.test(c.text)) break;
    const end = source.indexOf('\n', c.endIndex);
    at = end < 0 ? source.length : end + 1;
  }
  return { at, newline: false, leadEnd, firstError };
}

const BINDING_PARENTS = new Set([
  'function_definition', 'class_definition', 'parameters', 'lambda_parameters', 'default_parameter', 'typed_parameter',
  'typed_default_parameter', 'list_splat_pattern', 'dictionary_splat_pattern', 'aliased_import', 'as_pattern_target',
  'global_statement', 'nonlocal_statement',
]);
const TARGET_WRAPPERS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression', 'expression_list', 'list_splat_pattern', 'list_splat']);

/** Whether `node` (an identifier) is a name binding: assignment/for/with/except target, def/class/parameter, alias. */
function isBinding(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (node.previousSibling?.type === 'as') return true;
  if (parent.type === 'named_expression') return parent.childForFieldName('name')?.id === node.id;
  if (BINDING_PARENTS.has(parent.type)) {
    // `def f(x=name)`: the default value is a read.
    if (parent.type === 'default_parameter' || parent.type === 'typed_default_parameter') return parent.childForFieldName('name')?.id === node.id;
    if (parent.type === 'function_definition' || parent.type === 'class_definition') return parent.childForFieldName('name')?.id === node.id;
    return true;
  }
  let n: Node = node;
  let p: Node | null = parent;
  while (p && TARGET_WRAPPERS.has(p.type)) {
    n = p;
    p = p.parent;
  }
  if (!p) return false;
  if (p.type === 'assignment' || p.type === 'augmented_assignment' || p.type === 'for_statement' || p.type === 'for_in_clause') {
    return p.childForFieldName('left')?.id === n.id;
  }
  return false;
}

/** How one occurrence of an identifier uses the name (plain data: cached without keeping tree nodes alive). */
type Occurrence =
  | { kind: 'alias' | 'binding' | 'read' }
  | { kind: 'import'; whole: boolean } // `import name[.sub]` (whole: it binds `name`)
  | { kind: 'from-module' } // `from name import x`
  | { kind: 'from-name'; module: string }; // `from module import name`

let occurrenceCache: { source: string; root: number; names: Map<string, Occurrence[]> } | undefined;

function classify(id: Node): Occurrence {
  const imp = ancestorOfType(id, 'import_statement', 'import_from_statement', 'future_import_statement');
  if (imp) {
    if (id.parent?.type === 'aliased_import' && id.parent.childForFieldName('alias')?.id === id.id) return { kind: 'alias' };
    if (imp.type === 'import_statement') {
      const dotted = id.parent;
      const whole = dotted?.type === 'dotted_name' && dotted.firstChild?.id === id.id && dotted.parent?.type !== 'aliased_import';
      return { kind: 'import', whole };
    }
    if (imp.type === 'import_from_statement') {
      const mod = imp.childForFieldName('module_name');
      if (mod && id.startIndex >= mod.startIndex && id.endIndex <= mod.endIndex) return { kind: 'from-module' };
      return { kind: 'from-name', module: mod?.text ?? '' };
    }
    return { kind: 'read' };
  }
  return { kind: isBinding(id) ? 'binding' : 'read' };
}

/**
 * True when `ident` is bound in the file other than by the import the fix relies on (`import module` for a
 * module, `from module import ident` for a name): `secrets = ...`, `def f(os): ...`, `import x as logging`,
 * `from other import SystemRandom`. A fix that adds `import secrets` and calls `secrets.choice` there would call
 * the wrong object.
 */
function rebinds(root: Node, source: string, ident: string, module: string, fromImport: boolean): boolean {
  // Only the occurrences of the name itself are classified: found by text (not as an attribute `x.ident`), then
  // checked to be identifier nodes, so no walk of the whole tree is needed.
  if (!occurrenceCache || occurrenceCache.source !== source || occurrenceCache.root !== root.id) {
    occurrenceCache = { source, root: root.id, names: new Map() };
  }
  let occurrences = occurrenceCache.names.get(ident);
  if (!occurrences) {
    occurrences = [];
    const escaped = escapeRegExp(ident);
    const re = new RegExp(`(?<![\\w.])${escaped}(?!\\w)`, 'g');
    for (let m = re.exec(source); m; m = re.exec(source)) {
      const n = root.descendantForIndex(m.index, m.index + ident.length);
      if (n && n.type === 'identifier' && n.startIndex === m.index && n.text === ident) occurrences.push(classify(n));
    }
    occurrenceCache.names.set(ident, occurrences);
  }
  for (const o of occurrences) {
    switch (o.kind) {
      case 'read':
      case 'from-module':
        break;
      case 'import':
        // `import ident` / `import ident.sub` bind the module itself: fine for `import module`, not for a name.
        if (fromImport || !o.whole) return true;
        break;
      case 'from-name':
        if (!fromImport || o.module !== module) return true; // `from other import ident`
        break;
      case 'alias':
      case 'binding':
        return true;
    }
  }
  return false;
}

function ancestorOfType(n: Node, ...types: string[]): Node | undefined {
  for (let p = n.parent; p; p = p.parent) if (types.includes(p.type)) return p;
  return undefined;
}

/** Removes a keyword argument (and its separating comma) from a call's argument list. */
export function removeArgumentEdit(kwNode: Node): TextEdit {
  const prev = kwNode.previousSibling;
  const next = kwNode.nextSibling;
  if (next && next.type === ',') {
    // Multi-line call where `a=1,` is alone on its line: remove the whole line. Such a line lies inside the
    // argument list (its brackets are on other lines), so the list's text is enough: the whole file's text, read
    // from the tree for each fix, made a file with thousands of them quadratic.
    const list = kwNode.parent ?? kwNode.tree.rootNode;
    const src = list.text;
    const base = list.startIndex;
    const lineStart = src.lastIndexOf('\n', kwNode.startIndex - base - 1) + 1;
    const lineEnd = src.indexOf('\n', next.endIndex - base);
    if (lineEnd >= 0 && /^[ \t]*$/.test(src.slice(lineStart, kwNode.startIndex - base)) && /^[ \t]*\r?$/.test(src.slice(next.endIndex - base, lineEnd))) {
      return { start: base + lineStart, end: base + lineEnd + 1, text: '' };
    }
    // `f(a=1, b)` -> remove "a=1, " up to the next argument.
    const after = next.nextSibling;
    // `f(b, a=1,)` -> remove ", a=1" and keep the trailing comma.
    if ((!after || after.type === ')') && prev && prev.type === ',') return { start: prev.startIndex, end: kwNode.endIndex, text: '' };
    return { start: kwNode.startIndex, end: after && after.type !== ')' ? after.startIndex : next.endIndex, text: '' };
  }
  if (prev && prev.type === ',') return { start: prev.startIndex, end: kwNode.endIndex, text: '' };
  return { start: kwNode.startIndex, end: kwNode.endIndex, text: '' };
}

/** Appends `text` (e.g. `timeout=30`) as the last argument of a call's argument list. */
export function appendArgumentEdit(argumentList: Node, text: string): TextEdit {
  const close = argumentList.lastChild;
  const end = close && close.type === ')' ? close.startIndex : argumentList.endIndex;
  const args = argumentList.namedChildren.filter((c) => c.type !== 'comment');
  if (args.length === 0) return { start: end, end, text };
  // Trailing comma already present: `f(a,)` -> `f(a, timeout=30)`.
  const beforeClose = close?.previousSibling;
  if (beforeClose && beforeClose.type === ',') {
    const last = args[args.length - 1]!;
    // Multi-line call with a trailing comma: a new line with the last argument's indentation, comma kept.
    if (close && close.startPosition.row > beforeClose.endPosition.row && last.startPosition.row > argumentList.startPosition.row) {
      // The last argument's line starts inside the list: its text is enough (see removeArgumentEdit).
      const src = argumentList.text;
      const base = argumentList.startIndex;
      const eol = eolOf(src);
      const lineStart = src.lastIndexOf('\n', last.startIndex - base - 1) + 1;
      const indent = /^[ \t]*/.exec(src.slice(lineStart, last.startIndex - base))![0];
      return { start: beforeClose.endIndex, end: beforeClose.endIndex, text: `${eol}${indent}${text},` };
    }
    return { start: end, end, text: ` ${text}` };
  }
  const last = args[args.length - 1]!;
  return { start: last.endIndex, end: last.endIndex, text: `, ${text}` };
}
