// B702 use_of_mako_templates: any mako Template() (a `mako` segment in the resolved name, ending in Template).
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import query from './query.scm';

export default defineRule({
  id: 'B702',
  name: 'mako-templates',
  banditName: 'use_of_mako_templates',
  summary: 'Mako template (no autoescaping)',
  severity: 'MEDIUM',
  confidence: 'HIGH',
  cwe: 80,
  tags: ['xss', 'mako', 'templates'],
  status: 'stable',
  moreInfo: pluginDocs('B702', 'use_of_mako_templates'),
  query,
  messages: {
    makoTemplate:
      "Mako templates allow HTML/JS rendering by default and are inherently open to XSS attacks. Ensure variables in all templates are properly sanitized via the 'n', 'h' or 'x' flags (depending on context). For example, to HTML escape the variable 'data' do ${ data |h }.",
  },
  // The check requires name === 'Template'.
  callNames: ['Template'],
  check(match, ctx) {
    const call = ctx.call(match.node);
    if (call.name !== 'Template') return undefined;
    const parts = call.qualname.split('.');
    if (!parts.includes('mako') || parts[parts.length - 1] !== 'Template') return undefined;
    return { node: match.node, messageId: 'makoTemplate' };
  },
});
