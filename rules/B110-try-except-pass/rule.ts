// B110 try_except_pass: an except handler whose whole body is `pass` (by default only `except:` and
// `except Exception:`; every handler with `try_except_pass.check_typed_exception: true`).
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { loggingFix, soleStatement } from '../_shared/except-handler';
import query from './query.scm';

const TITLE = 'Log the exception instead of ignoring it';

export default defineRule({
  id: 'B110',
  name: 'try-except-pass',
  banditName: 'try_except_pass',
  summary: 'Exception silently ignored (except: pass)',
  severity: 'LOW',
  confidence: 'HIGH',
  cwe: 703,
  tags: ['error-handling'],
  status: 'stable',
  moreInfo: pluginDocs('B110', 'try_except_pass'),
  query,
  messages: { tryExceptPass: 'Try, Except, Pass detected.' },
  fix: { availability: 'sometimes', safety: 'unsafe', title: TITLE },
  check(match, ctx) {
    const stmt = soleStatement(match.node, ctx, 'try_except_pass');
    if (!stmt || stmt.type !== 'pass_statement') return undefined;
    return {
      node: match.node,
      highlight: match.node.firstChild ?? match.node,
      messageId: 'tryExceptPass',
      fixes: loggingFix(ctx, stmt, 'Ignored exception', undefined, TITLE),
    };
  },
});
