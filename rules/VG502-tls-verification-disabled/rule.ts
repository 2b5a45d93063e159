// VG502 tls_verification_disabled: `ctx.check_hostname = False` / `ctx.verify_mode = ssl.CERT_NONE` on an SSL
// context (files importing ssl), and `session.verify = False` on a requests Session.
import { defineRule } from '../../server/src/engine/rule';
import { unparen } from '../../server/src/engine/python';
import { escapeRegExp } from '../../server/src/engine/edits';
import { isTestPath } from '../_shared/django';
import query from './query.scm';

/** The texts that make a requests Session: a token then `= Session(` (or `= requests.Session(`), or `Session() as name`. */
export const SESSION_MADE = /[^\s=(),]+\s*=\s*(?:requests\.)?[Ss]ession\(|(?:requests\.)?[Ss]ession\(\)\s+as\s+[^\s:,)]+/g;
// The same, with the first form starting only where a token starts. SESSION_MADE tries it again from every character
// of a long token, and each try runs to the token's end: quadratic (a 40,000-character token took 2.5 s). From inside
// a token the first form matches exactly when it matches from the token's start, since it must take the whole token.
const SESSION_MADE_AT_TOKEN = /(?<![^\s=(),])[^\s=(),]+\s*=\s*(?:requests\.)?[Ss]ession\(|(?:requests\.)?[Ss]ession\(\)\s+as\s+[^\s:,)]+/g;
const SESSION_ASSIGNED_HERE = /[^\s=(),]+\s*=\s*(?:requests\.)?[Ss]ession\(/y;
const TOKEN_CHAR = /[^\s=(),]/;

/** `text.match(SESSION_MADE) ?? []`, in linear time. */
export function sessionsMade(text: string): string[] {
  const out: string[] = [];
  const re = SESSION_MADE_AT_TOKEN;
  re.lastIndex = 0;
  for (;;) {
    const at = re.lastIndex;
    // A `Session() as name` match can end inside a token (before a ':'), where SESSION_MADE's next search starts.
    if (at > 0 && at < text.length && TOKEN_CHAR.test(text[at - 1]!) && TOKEN_CHAR.test(text[at]!)) {
      SESSION_ASSIGNED_HERE.lastIndex = at;
      const here = SESSION_ASSIGNED_HERE.exec(text);
      if (here) {
        out.push(here[0]);
        re.lastIndex = SESSION_ASSIGNED_HERE.lastIndex;
        continue;
      }
    }
    const m = re.exec(text);
    if (!m) return out;
    out.push(m[0]);
  }
}

/**
 * `from requests import ... Session` at a line's start. `[^\S\n]*` after the newline, where `\s*` would find the
 * same imports: `(^|\n)\s*` runs over every blank line after each newline, quadratic in a run of them (40,000 took
 * 1.9 s).
 */
export const IMPORTS_SESSION = /(^|\n)[^\S\n]*from\s+requests(\.sessions)?\s+import\s+[^\n]*\b[Ss]ession\b/;

export default defineRule({
  id: 'VG502',
  name: 'tls-verification-disabled',
  banditName: 'tls_verification_disabled',
  summary: 'TLS certificate or host name verification turned off',
  severity: 'HIGH',
  confidence: 'MEDIUM',
  cwe: 295,
  tags: ['vigil', 'crypto', 'tls', 'ssl', 'requests'],
  status: 'preview',
  moreInfo: 'https://cwe.mitre.org/data/definitions/295.html',
  query,
  messages: {
    checkHostname:
      'Setting check_hostname = False on an SSL context accepts a valid certificate for any host name, so a man in the middle with any certificate can read and change the traffic.',
    certNone:
      'Setting verify_mode = ssl.CERT_NONE on an SSL context accepts any certificate, so a man in the middle can read and change the traffic.',
    sessionVerify:
      'Setting verify = False on a requests Session turns off certificate checks for every request it makes, so a man in the middle can read and change the traffic.',
  },
  fix: { availability: 'sometimes', safety: 'unsafe', title: 'Use ssl.CERT_REQUIRED' },
  // Each report needs one of these attribute names (`verify_mode` contains `verify`).
  fileGate: (file, options) => !isTestPath(options.filename) && (file.mentions('verify') || file.mentions('check_hostname')),
  // `s.verify = False` is reported when the file makes `s` a requests Session, anywhere in the text: those
  // assignments, and the `from requests import Session` the bare form needs.
  fileInputs: {
    triggers: ['ession('],
    read: (text) => {
      if (!text.includes('ession(')) return '';
      const sessions = sessionsMade(text);
      const imported = IMPORTS_SESSION.test(text);
      return `${imported}\0${sessions.join('\0')}`;
    },
  },
  check(match, ctx) {
    if (isTestPath(ctx.options.filename)) return undefined;
    const left = match.node.childForFieldName('left');
    const right = match.node.childForFieldName('right');
    if (left?.type !== 'attribute' || !right) return undefined;
    const attr = left.childForFieldName('attribute')?.text;
    const obj = left.childForFieldName('object');
    const value = unparen(right);
    if (attr === 'check_hostname' && value.type === 'false' && ctx.file.importedPrefix('ssl')) {
      // `if not server_hostname: ctx.check_hostname = False` (asyncio): there is no name to check.
      for (let p = match.node.parent; p && p.type !== 'function_definition'; p = p.parent) {
        if ((p.type === 'if_statement' || p.type === 'elif_clause') && /host_?name/i.test(p.childForFieldName('condition')?.text ?? '')) return undefined;
      }
      return { node: match.node, highlight: match.node, messageId: 'checkHostname' };
    }
    if (attr === 'verify_mode' && ctx.file.importedPrefix('ssl') && ctx.file.qualName(value) === 'ssl.CERT_NONE') {
      const name = value.type === 'attribute' ? value.childForFieldName('attribute')! : value;
      return {
        node: match.node,
        highlight: value,
        messageId: 'certNone',
        fixes: [{ title: 'Use ssl.CERT_REQUIRED', safety: 'unsafe', edits: [ctx.replace(name, 'CERT_REQUIRED')] }],
      };
    }
    if (attr === 'verify' && value.type === 'false' && obj && ctx.file.importedPrefix('requests')) {
      // Only receivers the file creates as a requests Session.
      const o = escapeRegExp(obj.text);
      const src = ctx.file.source;
      const direct = new RegExp(`(^|[^\\w.])${o}\\s*=\\s*requests\\.[Ss]ession\\(|requests\\.[Ss]ession\\(\\)\\s+as\\s+${o}\\b`, 'm');
      const bare = new RegExp(`(^|[^\\w.])${o}\\s*=\\s*[Ss]ession\\(|(^|[^\\w.])[Ss]ession\\(\\)\\s+as\\s+${o}\\b`, 'm');
      const importedSession = IMPORTS_SESSION.test(src);
      if (direct.test(src) || (importedSession && bare.test(src))) {
        return { node: match.node, highlight: match.node, messageId: 'sessionVerify' };
      }
    }
    return undefined;
  },
});
