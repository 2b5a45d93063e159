// VG205 hardcoded_secret_key: a string literal assigned to Django's SECRET_KEY (settings module) or Flask's
// secret key (`app.secret_key`, `app.config["SECRET_KEY"]`, `app.config.update(SECRET_KEY=...)`).
import { defineRule } from '../../server/src/engine/rule';
import type { Node } from '../../server/src/engine/parser';
import type { Report, RuleContext } from '../../server/src/engine/rule';
import { constantString, strValue, unparen } from '../../server/src/engine/python';
import { addImportEdit } from '../../server/src/engine/edits';
import type { TextEdit } from '../../server/src/engine/types';
import { isSettingsModule, isTestPath, moduleLevelName } from '../_shared/django';
import query from './query.scm';

/** `app.config.update(SECRET_KEY=...)` and `app.config.from_mapping(...)`. */
const CONFIG_METHODS = ['update', 'from_mapping'];
const CONFIG_CALL = new RegExp(`(?:^|\\.)config\\.(?:${CONFIG_METHODS.join('|')})$`);

const TITLE = 'Read the key from the SECRET_KEY environment variable';

function literalSecret(n: Node | null | undefined): Node | undefined {
  if (!n) return undefined;
  const u = unparen(n);
  const v = constantString(u);
  return v && v.value.length > 0 ? u : undefined;
}

function report(ctx: RuleContext, node: Node, literal: Node, framework: string): Report {
  const edits: TextEdit[] = [ctx.replace(literal, 'os.environ["SECRET_KEY"]')];
  const imp = addImportEdit(ctx.file, 'os');
  const fixes = imp === undefined ? [] : [{ title: TITLE, safety: 'unsafe' as const, edits: imp ? [imp, ...edits] : edits }];
  return { node, highlight: literal, messageId: 'hardcoded', data: { framework }, fixes };
}

/** A report needs one of these words (`fileGate`). */
const GATE_WORDS = ['SECRET_KEY', 'flask'];

export default defineRule({
  id: 'VG205',
  name: 'hardcoded-secret-key',
  banditName: 'hardcoded_secret_key',
  summary: 'Hard-coded Django/Flask SECRET_KEY',
  severity: 'HIGH',
  confidence: 'MEDIUM',
  cwe: 798,
  tags: ['vigil', 'django', 'flask', 'secrets'],
  status: 'preview',
  moreInfo: 'https://cwe.mitre.org/data/definitions/798.html',
  query,
  // Calls report only as `<...>config.<CONFIG_METHODS>(...)`; assignment matches are not filtered.
  callNames: CONFIG_METHODS,
  messages: {
    hardcoded:
      'The {framework} secret key is a string literal in the source, so anyone with the code can forge session cookies, signed data and password-reset tokens.',
  },
  fix: { availability: 'sometimes', safety: 'unsafe', title: TITLE },
  // Django's report needs `SECRET_KEY`, every Flask report an import whose name contains `flask`.
  fileGate: (file, options) => !isTestPath(options.filename) && file.mentionsAny(GATE_WORDS),
  check(match, ctx) {
    if (isTestPath(ctx.options.filename)) return undefined;
    const n = match.node;
    if (n.type === 'call') {
      if (!ctx.file.importedLike('flask')) return undefined;
      const call = ctx.call(n);
      if (!CONFIG_CALL.test(call.qualname)) return undefined;
      const lit = literalSecret(call.kw('SECRET_KEY'));
      return lit ? report(ctx, n, lit, 'Flask') : undefined;
    }
    const left = n.childForFieldName('left');
    const lit = literalSecret(n.childForFieldName('right'));
    if (!left || !lit) return undefined;
    if (left.type === 'identifier') {
      if (moduleLevelName(n) !== 'SECRET_KEY' || !isSettingsModule(ctx.file, ctx.options.filename)) return undefined;
      return report(ctx, n, lit, 'Django');
    }
    if (!ctx.file.importedLike('flask')) return undefined;
    if (left.type === 'attribute' && left.childForFieldName('attribute')?.text === 'secret_key') return report(ctx, n, lit, 'Flask');
    if (left.type === 'subscript') {
      const obj = left.childForFieldName('value');
      const key = left.childForFieldName('subscript');
      if (obj?.type === 'attribute' && obj.childForFieldName('attribute')?.text === 'config' && strValue(key) === 'SECRET_KEY') {
        return report(ctx, n, lit, 'Flask');
      }
    }
    return undefined;
  },
});
