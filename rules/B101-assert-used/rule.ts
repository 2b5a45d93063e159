// B101 assert_used: any `assert` statement, unless the file name fnmatches a glob in `assert_used.skips`.
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { pluginBlock } from '../../server/src/engine/options';
import { dotRelative, fnmatchToRegExp } from '../../server/src/engine/scan/discover';
import type { Node } from '../../server/src/engine/parser';
import type { FileText } from '../../server/src/engine/context';
import type { Fix } from '../../server/src/engine/types';
import query from './query.scm';

const TITLE = 'Replace with an explicit `raise AssertionError`';

/**
 * `assert cond, msg` -> `if not (cond):\n<indent>    raise AssertionError(msg)`, when the assert is the whole line.
 * The new line break is the one that ends the assert's line (the file's on the last line): the file's own, read per
 * finding, took a pass over the whole text per assert (864 ms of a server's self time in 200 keystrokes into a
 * 650 KB pytest-style file with 871 findings, profiled; in a CLI scan of that file it did not show).
 */
function assertFix(node: Node, file: FileText): Fix[] {
  const source = file.source;
  if (node.hasError) return [];
  const lineStart = source.lastIndexOf('\n', node.startIndex - 1) + 1;
  const indent = source.slice(lineStart, node.startIndex);
  if (!/^[ \t]*$/.test(indent)) return []; // `if x: assert y` or `a; assert b`
  const nl = source.indexOf('\n', node.endIndex);
  const rest = source.slice(node.endIndex, nl < 0 ? source.length : nl).replace(/\r$/, '');
  if (!/^[ \t]*(#.*)?$/.test(rest)) return []; // `assert x; y = 1`
  const parts = node.namedChildren.filter((c) => c.type !== 'comment');
  const cond = parts[0];
  const msg = parts[1];
  if (!cond || parts.length > 2) return [];
  const eol = nl < 0 ? file.eol : source.charCodeAt(nl - 1) === 13 ? '\r\n' : '\n';
  const step = indent.includes('\t') ? '\t' : '    ';
  const raise = msg ? `raise AssertionError(${msg.text})` : 'raise AssertionError';
  return [
    {
      title: TITLE,
      safety: 'safe',
      edits: [{ start: node.startIndex, end: node.endIndex, text: `if not ${cond.type === 'parenthesized_expression' ? cond.text : `(${cond.text})`}:${eol}${indent}${step}${raise}` }],
    },
  ];
}

export default defineRule({
  id: 'B101',
  name: 'assert-used',
  banditName: 'assert_used',
  summary: 'assert statement (removed under python -O)',
  severity: 'LOW',
  confidence: 'HIGH',
  cwe: 703,
  tags: ['assert'],
  status: 'stable',
  moreInfo: pluginDocs('B101', 'assert_used'),
  query,
  messages: {
    assertUsed: 'Use of assert detected. The enclosed code will be removed when compiling to optimised byte code.',
  },
  fix: { availability: 'sometimes', safety: 'safe', title: TITLE },
  // The fix of an assert on a last line without a line break ends its text with the file's line break
  // (file.eol): whether the file has a CRLF.
  fileInputs: { triggers: ['\r\n'], read: (text) => (text.includes('\r\n') ? 'crlf' : '') },
  check(match, ctx) {
    const { skips } = pluginBlock(ctx.options, 'assert_used', { skips: [] as unknown[] });
    if (Array.isArray(skips) && skips.length > 0) {
      const { filename, relativeTo } = ctx.options;
      const dotted = relativeTo === undefined ? undefined : dotRelative(relativeTo, filename);
      for (const glob of skips) {
        if (typeof glob !== 'string') continue;
        const re = fnmatchToRegExp(glob);
        if (re.test(filename) || (dotted !== undefined && re.test(dotted))) return undefined;
      }
    }
    return {
      node: match.node,
      highlight: match.node.firstChild ?? match.node,
      messageId: 'assertUsed',
      fixes: assertFix(match.node, ctx.file),
    };
  },
});
