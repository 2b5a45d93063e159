// Bandit's blacklisted calls B301-B323: one rule per id, generated from the data table in _shared/blacklist.ts.
import { blacklistDocs, defineRule, type RuleDefinition } from '../../server/src/engine/rule';
import { CALLS, callFix, entryCallNames, fixMeta, matchCall } from '../_shared/blacklist';
import query from './query.scm';

const rules: RuleDefinition[] = CALLS.map((entry) => {
  const fix = fixMeta(entry);
  return defineRule({
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
    moreInfo: blacklistDocs('calls', entry.anchor),
    query,
    messages: { blacklisted: entry.message },
    ...(fix ? { fix } : {}),
    callNames: entryCallNames(entry),
    check(match, ctx) {
      const hit = matchCall(match.node, ctx);
      if (!hit || hit.entry.id !== entry.id) return undefined;
      const f = callFix(entry, hit.name, match.node, ctx);
      return { node: match.node, messageId: 'blacklisted', data: { name: hit.name }, ...(f ? { fixes: [f] } : {}) };
    },
  });
});
export default rules;
