/** Shared by B110/B112 (Bandit's try_except_pass / try_except_continue): handler shape and the logging fix. */
import type { Node } from '../../server/src/engine/parser';
import type { RuleContext } from '../../server/src/engine/rule';
import type { Fix } from '../../server/src/engine/types';
import { addImportEdit } from '../../server/src/engine/edits';
import { pluginBlock } from '../../server/src/engine/options';
import { unparen } from '../../server/src/engine/python';

/**
 * The single statement of an except handler's body when the handler is one Bandit checks: untyped (`except:`) or
 * typed exactly `Exception` (a Name), or any type when `<plugin>.check_typed_exception` is true.
 */
export function soleStatement(handler: Node, ctx: RuleContext, plugin: string): Node | undefined {
  const body = handler.namedChildren.find((c) => c.type === 'block');
  if (!body) return undefined;
  const stmts = body.namedChildren.filter((c) => c.type !== 'comment');
  if (stmts.length !== 1) return undefined;
  const { check_typed_exception } = pluginBlock(ctx.options, plugin, { check_typed_exception: false as unknown });
  if (!check_typed_exception) {
    let type = handler.childForFieldName('value');
    if (type && type.type === 'as_pattern') type = type.namedChildren[0] ?? null;
    if (type) {
      const t = unparen(type);
      if (t.type !== 'identifier' || t.text !== 'Exception') return undefined;
    }
  }
  return stmts[0];
}

/**
 * Replaces `stmt` (the `pass` / `continue`) with `logging.exception("...")` (+ `continue`) and adds
 * `import logging`. The follow-up statement goes on its own line with the same indentation, or after `; `
 * when the body shares the `except` line.
 */
export function loggingFix(ctx: RuleContext, stmt: Node, message: string, then: string | undefined, title: string): Fix[] {
  if (stmt.hasError || stmt.parent?.hasError) return [];
  const src = ctx.file.source;
  const imp = addImportEdit(ctx.file, 'logging');
  if (imp === undefined) return [];
  let text = `logging.exception(${JSON.stringify(message)})`;
  if (then) {
    const lineStart = src.lastIndexOf('\n', stmt.startIndex - 1) + 1;
    const indent = src.slice(lineStart, stmt.startIndex);
    const eol = src.includes('\r\n') ? '\r\n' : '\n';
    text += /^[ \t]*$/.test(indent) ? `${eol}${indent}${then}` : `; ${then}`;
  }
  const edits = [ctx.replace(stmt, text)];
  if (imp) edits.push(imp);
  return [{ title, safety: 'unsafe', edits }];
}
