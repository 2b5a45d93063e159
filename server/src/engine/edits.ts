/**
 * Edit builders for fixes: adding an import where Python style expects it (after the module docstring and
 * `from __future__` imports, merged into an existing `from x import ...`), and keyword-argument edits.
 */
import type { Node } from './parser';
import type { TextEdit } from './types';

function eolOf(source: string): string {
  return source.includes('\r\n') ? '\r\n' : '\n';
}

/** Top-level statements of the module. */
function topLevel(root: Node): Node[] {
  return root.namedChildren.filter((c) => c.type !== 'comment');
}

/**
 * An edit that makes `name` importable: `import module` (name undefined) or `from module import name`.
 * Returns no edit when the import already exists. Never touches ERROR nodes (returns undefined when the
 * insertion point would).
 */
export function addImportEdit(root: Node, source: string, module: string, name?: string): TextEdit | null | undefined {
  const eol = eolOf(source);
  const stmts = topLevel(root);
  for (const s of stmts) {
    if (name === undefined && s.type === 'import_statement') {
      for (const c of s.namedChildren) if (c.type === 'dotted_name' && c.text === module) return null;
    }
    if (name !== undefined && s.type === 'import_from_statement') {
      const mod = s.childForFieldName('module_name');
      if (mod?.text !== module) continue;
      const names = s.childrenForFieldName('name');
      if (names.some((n) => n.text === name)) return null;
      if (s.hasError) return undefined;
      const last = names[names.length - 1];
      if (!last) continue;
      return { start: last.endIndex, end: last.endIndex, text: `, ${name}` };
    }
  }
  // Insertion point: after a leading docstring and `from __future__` imports, before the first other statement.
  let insertAfter: Node | undefined;
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i]!;
    const isDoc = i === 0 && s.type === 'expression_statement' && s.firstNamedChild?.type === 'string';
    if (isDoc || s.type === 'future_import_statement') insertAfter = s;
    else break;
  }
  if (root.hasError) {
    const first = stmts[0];
    if (first?.type === 'ERROR') return undefined;
  }
  const line = name === undefined ? `import ${module}` : `from ${module} import ${name}`;
  if (insertAfter) {
    // After the end of that statement's line.
    const end = source.indexOf('\n', insertAfter.endIndex);
    const at = end < 0 ? source.length : end + 1;
    const prefix = end < 0 ? eol : '';
    return { start: at, end: at, text: `${prefix}${line}${eol}` };
  }
  // At the top, after a shebang / encoding comment block.
  let at = 0;
  for (const c of root.namedChildren) {
    if (c.type !== 'comment' || c.startIndex !== at) break;
    if (!/^#!|coding[:=]/.test(c.text)) break;
    const end = source.indexOf('\n', c.endIndex);
    at = end < 0 ? source.length : end + 1;
  }
  return { start: at, end: at, text: `${line}${eol}` };
}

/** Removes a keyword argument (and its separating comma) from a call's argument list. */
export function removeArgumentEdit(kwNode: Node): TextEdit {
  const prev = kwNode.previousSibling;
  const next = kwNode.nextSibling;
  if (next && next.type === ',') {
    // Multi-line call where `a=1,` is alone on its line: remove the whole line.
    const src = kwNode.tree.rootNode.text;
    const lineStart = src.lastIndexOf('\n', kwNode.startIndex - 1) + 1;
    const lineEnd = src.indexOf('\n', next.endIndex);
    if (lineEnd >= 0 && /^[ \t]*$/.test(src.slice(lineStart, kwNode.startIndex)) && /^[ \t]*\r?$/.test(src.slice(next.endIndex, lineEnd))) {
      return { start: lineStart, end: lineEnd + 1, text: '' };
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
      const src = argumentList.tree.rootNode.text;
      const eol = eolOf(src);
      const lineStart = src.lastIndexOf('\n', last.startIndex - 1) + 1;
      const indent = /^[ \t]*/.exec(src.slice(lineStart, last.startIndex))![0];
      return { start: beforeClose.endIndex, end: beforeClose.endIndex, text: `${eol}${indent}${text},` };
    }
    return { start: end, end, text: ` ${text}` };
  }
  const last = args[args.length - 1]!;
  return { start: last.endIndex, end: last.endIndex, text: `, ${text}` };
}
