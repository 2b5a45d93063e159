// Bandit's blacklisted imports B401-B415: imports (prefix match), dynamic imports and calls (exact match).
import { blacklistDocs, defineRule, type RuleDefinition } from '../../server/src/engine/rule';
import { entryCallNames, IMPORTS, matchCall, matchImport } from '../_shared/blacklist';
import query from './query.scm';

const rules: RuleDefinition[] = IMPORTS.map((entry) =>
  defineRule({
    id: entry.id,
    name: entry.kebab,
    banditName: entry.name,
    banditTestName: 'blacklist',
    summary: entry.summary,
    severity: entry.severity,
    confidence: 'HIGH',
    cwe: entry.cwe,
    tags: ['blacklist'],
    status: 'stable',
    moreInfo: blacklistDocs('imports', entry.anchor),
    query,
    messages: { blacklisted: entry.message },
    callNames: entryCallNames(entry),
    check(match, ctx) {
      const node = match.node;
      const hit = node.type === 'call' ? matchCall(node, ctx) : matchImport(node, ctx);
      if (!hit || hit.entry.id !== entry.id) return undefined;
      return { node, messageId: 'blacklisted', data: { name: hit.name } };
    },
  }),
);
export default rules;
