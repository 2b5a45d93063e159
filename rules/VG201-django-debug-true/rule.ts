// VG201 django_debug_true: `DEBUG = True` at module level of a Django settings module (not in files named like
// development/local/test settings).
import { defineRule } from '../../server/src/engine/rule';
import { isSettingsModule, isTestPath, moduleLevelName, rhs } from '../_shared/django';
import query from './query.scm';

const DEV_FILE = /(^|[\\/_])(dev|devel|develop|development|local|test|tests|testing|ci)(_settings|_\w+)?\.py$/i;

export default defineRule({
  id: 'VG201',
  name: 'django-debug-true',
  banditName: 'django_debug_true',
  summary: 'Django settings with DEBUG = True',
  severity: 'MEDIUM',
  confidence: 'MEDIUM',
  cwe: 489,
  tags: ['vigil', 'django', 'settings', 'debug'],
  status: 'preview',
  moreInfo: 'https://cwe.mitre.org/data/definitions/489.html',
  query,
  messages: {
    debugTrue:
      'DEBUG = True in a Django settings module makes error pages show source code, settings and request data to anyone who triggers an error.',
  },
  fix: { availability: 'always', safety: 'safe', title: 'Set DEBUG = False' },
  fileGate: (file, options) => !isTestPath(options.filename) && file.mentions('DEBUG'),
  check(match, ctx) {
    if (isTestPath(ctx.options.filename)) return undefined;
    if (moduleLevelName(match.node) !== 'DEBUG') return undefined;
    const value = rhs(match.node);
    if (value?.type !== 'true') return undefined;
    if (DEV_FILE.test(ctx.options.filename) || !isSettingsModule(ctx.file, ctx.options.filename)) return undefined;
    return {
      node: match.node,
      highlight: value,
      messageId: 'debugTrue',
      fixes: [{ title: 'Set DEBUG = False', safety: 'safe', edits: [ctx.replace(value, 'False')] }],
    };
  },
});
