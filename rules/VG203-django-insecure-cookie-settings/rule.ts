// VG203 django_insecure_cookie_settings: SESSION_COOKIE_SECURE / CSRF_COOKIE_SECURE / SECURE_SSL_REDIRECT /
// SESSION_COOKIE_HTTPONLY set to False at module level of a Django settings module.
import { defineRule } from '../../server/src/engine/rule';
import { isSettingsModule, isTestPath, moduleLevelName, rhs } from '../_shared/django';
import query from './query.scm';

const SETTINGS: Record<string, string> = {
  SESSION_COOKIE_SECURE: 'the session cookie is also sent over plain HTTP, where it can be stolen',
  CSRF_COOKIE_SECURE: 'the CSRF cookie is also sent over plain HTTP, where it can be read or overwritten',
  SECURE_SSL_REDIRECT: 'plain HTTP requests are served instead of being redirected to HTTPS',
  SESSION_COOKIE_HTTPONLY: 'JavaScript (and any XSS payload) can read the session cookie',
};

const SETTING_NAMES = Object.keys(SETTINGS);

export default defineRule({
  id: 'VG203',
  name: 'django-insecure-cookie-settings',
  banditName: 'django_insecure_cookie_settings',
  summary: 'Django cookie/HTTPS security setting turned off',
  severity: 'MEDIUM',
  confidence: 'HIGH',
  cwe: 614,
  tags: ['vigil', 'django', 'settings', 'cookies'],
  status: 'preview',
  moreInfo: 'https://cwe.mitre.org/data/definitions/614.html',
  query,
  messages: {
    off: '{name} = False in a Django settings module: {effect}.',
  },
  fix: { availability: 'always', safety: 'unsafe', title: 'Set to True' },
  fileGate: (file, options) => !isTestPath(options.filename) && file.mentionsAny(SETTING_NAMES),
  check(match, ctx) {
    if (isTestPath(ctx.options.filename)) return undefined;
    const name = moduleLevelName(match.node);
    if (!name || !Object.hasOwn(SETTINGS, name)) return undefined;
    const value = rhs(match.node);
    if (value?.type !== 'false') return undefined;
    if (!isSettingsModule(ctx.file, ctx.options.filename)) return undefined;
    return {
      node: match.node,
      highlight: value,
      messageId: 'off',
      data: { name, effect: SETTINGS[name]! },
      fixes: [{ title: `Set ${name} = True`, safety: 'unsafe', edits: [ctx.replace(value, 'True')] }],
    };
  },
});
