// VG607 template_injection: request data (or a string built at run time) becomes template *source*:
// flask.render_template_string, jinja2.Template, Environment.from_string, django.template.Template.
import { defineRule } from '../../server/src/engine/rule';
import { isFString, unparen } from '../../server/src/engine/python';
import type { Node } from '../../server/src/engine/parser';
import { taintAt, taintPossible, taintReport } from '../_shared/taint';
import { lastNames } from '../_shared/callnames';
import query from './query.scm';

const RENDER_STRING = 'flask.render_template_string';
const JINJA_TEMPLATE = new Set(['jinja2.Template', 'jinja2.environment.Template']);
const DJANGO_TEMPLATE = 'django.template.Template';
/** `Environment.from_string` on any receiver (in files importing jinja2). */
const FROM_STRING = 'from_string';

/** A template source built from interpolated parts at the call itself. */
function builtInPlace(arg: Node): boolean {
  const a = unparen(arg);
  if (a.type === 'string') return isFString(a) && a.namedChildren.some((c) => c.type === 'interpolation');
  if (a.type === 'binary_operator') {
    const op = a.childForFieldName('operator')?.text;
    if (op === '%') return true;
    if (op === '+') return [a.childForFieldName('left'), a.childForFieldName('right')].some((x) => x && !['string', 'binary_operator'].includes(unparen(x).type)) || [a.childForFieldName('left'), a.childForFieldName('right')].some((x) => x && builtInPlace(x));
  }
  if (a.type === 'call') {
    const f = a.childForFieldName('function');
    const obj = f?.type === 'attribute' ? f.childForFieldName('object') : null;
    return f?.type === 'attribute' && f.childForFieldName('attribute')?.text === 'format' && !!obj && unparen(obj).type === 'string';
  }
  return false;
}

export default defineRule({
  id: 'VG607',
  name: 'template-injection',
  banditName: 'template_injection',
  summary: 'Template source built from request data',
  severity: 'HIGH',
  confidence: 'MEDIUM',
  cwe: 1336,
  tags: ['vigil', 'injection', 'ssti', 'jinja2', 'flask', 'django'],
  status: 'preview',
  moreInfo: 'https://cwe.mitre.org/data/definitions/1336.html',
  query,
  // Sink names: RENDER_STRING, JINJA_TEMPLATE, DJANGO_TEMPLATE, FROM_STRING (both messages report only at a sink).
  // Reports only at the sink call (taintAt/fnInfo run only past the sink test, so skipped calls change no state).
  callNames: [...lastNames([RENDER_STRING, DJANGO_TEMPLATE], JINJA_TEMPLATE), FROM_STRING],
  messages: {
    tainted:
      '{source} read on line {line} becomes template source in {sink}, so a client can run template code (and through it Python) on the server.',
    built:
      '{sink} compiles a template source built with string formatting; pass the values as template variables instead, or a client may inject template code.',
  },
  check(match, ctx) {
    const call = ctx.call(match.node);
    const q = call.qualname;
    let sink: string | undefined;
    let arg: Node | undefined;
    if (q === RENDER_STRING) {
      sink = 'render_template_string()';
      arg = call.kw('source') ?? call.args[0];
    } else if (JINJA_TEMPLATE.has(q) && ctx.file.importedPrefix('jinja2')) {
      sink = 'jinja2.Template()';
      arg = call.kw('source') ?? call.args[0];
    } else if (q === DJANGO_TEMPLATE) {
      sink = 'django.template.Template()';
      arg = call.kw('template_string') ?? call.args[0];
    } else if (q.endsWith(`.${FROM_STRING}`) && ctx.file.importedPrefix('jinja2')) {
      sink = 'Environment.from_string()';
      arg = call.kw('source') ?? call.args[0];
    }
    if (!sink || !arg) return undefined;
    const t = taintPossible(ctx.file) ? taintAt(ctx, arg, match.node) : undefined;
    if (t && !t.container) return taintReport(call, arg, t, sink);
    if (builtInPlace(arg)) return { node: match.node, highlight: arg, messageId: 'built', data: { sink }, confidence: 'LOW', severity: 'MEDIUM' };
    return undefined;
  },
});
