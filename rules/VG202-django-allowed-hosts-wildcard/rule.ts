// VG202 django_allowed_hosts_wildcard: `ALLOWED_HOSTS` containing '*' at module level of a Django settings module.
import { defineRule } from '../../server/src/engine/rule';
import { strValue } from '../../server/src/engine/python';
import { isSettingsModule, isTestPath, moduleLevelName, rhs } from '../_shared/django';
import query from './query.scm';

export default defineRule({
  id: 'VG202',
  name: 'django-allowed-hosts-wildcard',
  banditName: 'django_allowed_hosts_wildcard',
  summary: "Django ALLOWED_HOSTS contains '*'",
  severity: 'MEDIUM',
  confidence: 'HIGH',
  cwe: 20,
  tags: ['vigil', 'django', 'settings'],
  status: 'preview',
  moreInfo: 'https://cwe.mitre.org/data/definitions/20.html',
  query,
  messages: {
    wildcard:
      "ALLOWED_HOSTS contains '*', so Django accepts any Host header and password-reset and absolute URLs can be built with an attacker's host name.",
  },
  fileGate: (file, options) => !isTestPath(options.filename) && file.mentions('ALLOWED_HOSTS'),
  check(match, ctx) {
    if (isTestPath(ctx.options.filename)) return undefined;
    if (moduleLevelName(match.node) !== 'ALLOWED_HOSTS') return undefined;
    const value = rhs(match.node);
    if (!value || !['list', 'tuple', 'set'].includes(value.type)) return undefined;
    const star = value.namedChildren.find((c) => strValue(c) === '*');
    if (!star || !isSettingsModule(ctx.file, ctx.options.filename)) return undefined;
    return { node: match.node, highlight: star, messageId: 'wildcard' };
  },
});
