/**
 * Whether a file's bytes are Python source Bandit could read: valid UTF-8, or the encoding its PEP 263 coding
 * cookie names, and no NUL bytes. The scan checks this on the bytes it reads; the CLI's stdin path too.
 */

const CODING_COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/** A Python codec name (PEP 263 cookie) as a WHATWG TextDecoder label. */
function pythonCodecLabel(name: string): string {
  const s = name.toLowerCase().replace(/_/g, '-');
  if (/^(latin-?1|latin|l1|iso-?8859-1|8859|cp819)$/.test(s)) return 'latin1';
  if (/^(utf-?8(-sig)?|u8)$/.test(s)) return 'utf-8';
  return s;
}

/**
 * Checks that a file's bytes are Python source we can analyse: valid UTF-8 (or the encoding its PEP 263 cookie
 * names) and no NUL bytes. Returns the error reason, or undefined when fine.
 */
export function checkSourceBytes(buf: Uint8Array): string | undefined {
  if (buf.indexOf(0) >= 0) return 'binary file: source code cannot contain null bytes';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return undefined;
  } catch {
    // fall through: maybe a coding cookie
  }
  const head = Buffer.from(buf.subarray(0, 400)).toString('latin1').split(/\r\n|\r|\n/).slice(0, 2);
  for (const line of head) {
    const m = CODING_COOKIE.exec(line);
    if (!m) continue;
    const label = pythonCodecLabel(m[1]!);
    try {
      new TextDecoder(label, { fatal: true }).decode(buf);
      return undefined;
    } catch {
      return `cannot decode file with its declared encoding '${m[1]}'`;
    }
  }
  return 'cannot decode file as UTF-8 (binary file?)';
}

