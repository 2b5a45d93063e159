// B112 try_except_continue: an except handler whose whole body is `continue` (by default only `except:` and
// `except Exception:`; every handler with `try_except_continue.check_typed_exception: true`).
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import { loggingFix, soleStatement } from '../_shared/except-handler';
import query from './query.scm';

const TITLE = 'Log the exception before continuing';

export default defineRule({
  id: 'B112',
  name: 'try-except-continue',
  banditName: 'try_except_continue',
  summary: 'Exception silently skipped (except: continue)',
  severity: 'LOW',
  confidence: 'HIGH',
  cwe: 703,
  tags: ['error-handling'],
  status: 'stable',
  moreInfo: pluginDocs('B112', 'try_except_continue'),
  query,
  messages: { tryExceptContinue: 'Try, Except, Continue detected.' },
  fix: { availability: 'sometimes', safety: 'unsafe', title: TITLE },
  check(match, ctx) {
    const stmt = soleStatement(match.node, ctx, 'try_except_continue');
    if (!stmt || stmt.type !== 'continue_statement') return undefined;
    return {
      node: match.node,
      highlight: match.node.firstChild ?? match.node,
      messageId: 'tryExceptContinue',
      fixes: loggingFix(ctx, stmt, 'Skipped an item after an exception', 'continue', TITLE),
    };
  },
});
