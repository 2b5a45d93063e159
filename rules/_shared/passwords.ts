/** Shared by B105-B107 (Bandit's general_hardcoded_password): the candidate-name test, messages and the fix. */
import type { Node } from '../../server/src/engine/parser';
import type { RuleContext } from '../../server/src/engine/rule';
import type { Fix } from '../../server/src/engine/types';
import type { FileText } from '../../server/src/engine/context';
import { addImportEdit } from '../../server/src/engine/edits';
import { constantString, nfkcIfNonAscii, parseIntLiteral, pyComplexStr, pyFloatRepr, unparen } from '../../server/src/engine/python';
import { mayMatchWords } from './strings';

const WORDS = '(?:pas+wo?r?d|pass(?:phrase)?|pwd|token|secrete?)';
// Python's `$` also matches before a final newline.
const END = '(?=\\n?$)';
const CANDIDATES = new RegExp(`(?:^${WORDS}${END}|_${WORDS}_|^${WORDS}_|_${WORDS}${END})`, 'i');

/** Every name RE_CANDIDATES accepts contains one of these (a cheap pre-test on larger texts). */
const CANDIDATE_WORDS = /pas|pwd|token|secret/i;

/**
 * False when no part of `text` can be a password-like name (so no name inside it is one). `ascii`: the caller knows
 * the text is ASCII (FileText.asciiOnly), so it needs no normalised second look.
 */
export function mayMentionPassword(text: string, ascii = false): boolean {
  if (CANDIDATE_WORDS.test(text)) return true;
  if (ascii) return false;
  // Identifiers read NFKC-normalised (`ｐａｓｓｗｏｒｄ` is `password`).
  const n = nfkcIfNonAscii(text);
  return n !== undefined && CANDIDATE_WORDS.test(n);
}

/**
 * False when the text from `start` to `end` of an ASCII file certainly holds no password-like name: no
 * CANDIDATE_WORDS match starts there. Decided from where such words start in the whole text, found in one pass
 * per file (about 40 ms over Nova's 24 MB) instead of a WASM read of each call's argument list (B106: 164k calls).
 * Always true in a partial analysis or a file with other than ASCII (identifiers read NFKC-normalised).
 */
export function spanMayMentionPassword(file: FileText, start: number, end: number): boolean {
  const at = file.memo('passwords.wordStarts', () => (file.asciiOnly ? candidateWordStarts(file.source) : null));
  if (at === null) return true;
  // The first start at or after `start`.
  let lo = 0;
  let hi = at.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < at.length && at[lo]! < end;
}

/** Every offset where a CANDIDATE_WORDS match starts, overlapping ones included (`secretoken`), in order. */
function candidateWordStarts(text: string): number[] {
  const re = new RegExp(CANDIDATE_WORDS.source, 'gi');
  const out: number[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(m.index);
    re.lastIndex = m.index + 1;
  }
  return out;
}

/** False when the value of a single `string` node with source text `raw` certainly does not look like a password. */
export function literalMayLookLikePassword(raw: string): boolean {
  return mayMatchWords(raw, CANDIDATE_WORDS);
}

/** Bandit's RE_CANDIDATES.search(name). */
export function looksLikePassword(name: string): boolean {
  return CANDIDATES.test(name);
}

export const PASSWORD_MESSAGE = "Possible hardcoded password: '{value}'";

export const PASSWORD_FIX_META = {
  availability: 'sometimes' as const,
  safety: 'unsafe' as const,
  title: 'Read the secret from an environment variable',
};

/** repr() of a bytes value as Python prints it. */
function bytesRepr(v: string): string {
  let body = '';
  for (const ch of v) {
    const c = ch.charCodeAt(0);
    if (ch === '\\') body += '\\\\';
    else if (ch === "'") body += "\\'";
    else if (ch === '\n') body += '\\n';
    else if (ch === '\r') body += '\\r';
    else if (ch === '\t') body += '\\t';
    else if (c < 0x20 || c >= 0x7f) body += '\\x' + c.toString(16).padStart(2, '0');
    else body += ch;
  }
  return `b'${body}'`;
}

/**
 * Python's str() of a constant node (a CPython `Constant`), or undefined when the node is not a constant
 * (names, calls, unary minus, f-strings, containers...).
 */
export function constantText(node: Node): string | undefined {
  const n = unparen(node);
  switch (n.type) {
    case 'string':
    case 'concatenated_string': {
      const v = constantString(n);
      if (!v) return undefined;
      return v.bytes ? bytesRepr(v.value) : v.value;
    }
    case 'integer': {
      const v = parseIntLiteral(n.text);
      return v === undefined ? (/j$/i.test(n.text) ? pyComplexStr(Number(n.text.replace(/_/g, '').slice(0, -1))) : undefined) : v.toString();
    }
    case 'float':
      if (/j$/i.test(n.text)) return pyComplexStr(Number(n.text.replace(/_/g, '').slice(0, -1)));
      return pyFloatRepr(Number(n.text.replace(/_/g, '')));
    case 'true':
      return 'True';
    case 'false':
      return 'False';
    case 'none':
      return 'None';
    case 'ellipsis':
      return 'Ellipsis';
    default:
      return undefined;
  }
}

/** An environment variable name for a target (`db_password` -> `DB_PASSWORD`). */
export function envName(target: string): string {
  const n = target.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return /^[0-9]/.test(n) ? `_${n}` : n;
}

/** Replaces `literal` with `os.environ["NAME"]` and adds `import os`; none when the edit would touch broken code. */
export function envFix(ctx: RuleContext, literal: Node, target: string): Fix[] {
  if (literal.hasError || literal.isMissing) return [];
  const imp = addImportEdit(ctx.file, 'os');
  if (imp === undefined) return [];
  const edits = [ctx.replace(literal, `os.environ["${envName(target)}"]`)];
  if (imp) edits.push(imp);
  return [{ title: PASSWORD_FIX_META.title, safety: 'unsafe', edits }];
}
