// VG606 open_redirect: request data becomes the target of flask.redirect / Django redirect /
// HttpResponseRedirect within one function, unless a literal prefix pins the host or path, or the variable was
// checked first (url_has_allowed_host_and_scheme, an allowlist, startswith).
import { defineRule } from '../../server/src/engine/rule';
import { taintAt, taintPossible, taintReport } from '../_shared/taint';
import { lastNames } from '../_shared/callnames';
import query from './query.scm';

const SINKS = new Set([
  'flask.redirect',
  'werkzeug.utils.redirect',
  'django.shortcuts.redirect',
  'django.http.HttpResponseRedirect',
  'django.http.HttpResponsePermanentRedirect',
  'django.http.response.HttpResponseRedirect',
  'django.http.response.HttpResponsePermanentRedirect',
]);

export default defineRule({
  id: 'VG606',
  name: 'open-redirect',
  banditName: 'open_redirect',
  summary: 'Request data used as a redirect target',
  severity: 'MEDIUM',
  confidence: 'MEDIUM',
  cwe: 601,
  tags: ['vigil', 'redirect', 'taint', 'flask', 'django'],
  status: 'preview',
  moreInfo: 'https://cwe.mitre.org/data/definitions/601.html',
  query,
  // Sink names: SINKS (redirect, HttpResponseRedirect, HttpResponsePermanentRedirect).
  // Reports only at the sink call (taintAt/fnInfo run only past the sink test, so skipped calls change no state).
  callNames: lastNames(SINKS),
  messages: {
    tainted:
      '{source} read on line {line} reaches {sink} as the target URL, so a link to this site can send users to any other site.',
  },
  check(match, ctx) {
    const call = ctx.call(match.node);
    if (!SINKS.has(call.qualname)) return undefined;
    if (!taintPossible(ctx.file)) return undefined;
    const arg = call.kw('location') ?? call.kw('redirect_to') ?? call.kw('to') ?? call.args[0];
    if (!arg) return undefined;
    const t = taintAt(ctx, arg, match.node);
    return t && !t.container && !t.prefixFixed ? taintReport(call, arg, t, call.name + '()') : undefined;
  },
});
