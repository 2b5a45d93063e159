/**
 * Python source bytes to text, by CPython's rules (PEP 263 and Lib/tokenize.py's `detect_encoding`, which Bandit
 * runs on every file before `ast.parse`): a UTF-8 BOM, a coding cookie on line 1, or on line 2 when line 1 is blank
 * or a comment, else UTF-8. A file Python would reject is an error here too, with the reason, and is not analysed:
 * NUL bytes, a cookie naming no codec or a codec that is not a text encoding, a BOM with a cookie other than UTF-8,
 * or bytes the encoding cannot decode (or an encoding Node cannot decode, unless the bytes are ASCII). The scan
 * decodes every file it reads with this; the CLI's stdin and `--fix` too.
 */

import { TextDecoder } from 'node:util';
import { PYTHON_CODECS, SINGLE_BYTE_TABLES } from './python-codecs';

const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
const BLANK = /^[ \t\f]*(?:[#\r\n]|$)/;

export type Decoded = { text: string; encoding: string } | { error: string };

/** `_get_normal_name` of Lib/tokenize.py (and `get_normal_name` of CPython's tokenizer). */
function normalName(cookie: string): string {
  const enc = cookie.slice(0, 12).toLowerCase().replace(/_/g, '-');
  if (enc === 'utf-8' || enc.startsWith('utf-8-')) return 'utf-8';
  if (/^(latin-1|iso-8859-1|iso-latin-1)(-|$)/.test(enc)) return 'iso-8859-1';
  return cookie;
}

/** The codec `codecs.lookup(name)` finds, and its kind; undefined when Python knows no such codec. */
function lookup(name: string): readonly [string, 'ascii' | 'other' | 'bytes'] | undefined {
  const key = name
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return Object.hasOwn(PYTHON_CODECS, key) ? PYTHON_CODECS[key] : undefined;
}

/** WHATWG labels for the multi-byte codecs whose Python names differ. */
const LABELS: Readonly<Record<string, string>> = { cp932: 'shift_jis', cp936: 'gbk', cp949: 'euc-kr', gb2312: 'gbk' };

/** `buf` decoded by a single-byte codec's table (see SINGLE_BYTE_TABLES); undefined at a byte it cannot decode. */
function decodeTable(table: string, buf: Uint8Array): string | undefined {
  const base = 256 - table.length;
  let out = '';
  for (let i = 0; i < buf.length; i += 8192) {
    let chunk = '';
    for (const b of buf.subarray(i, i + 8192)) {
      const c = b < base ? String.fromCharCode(b) : table[b - base]!;
      if (c === '\ufffe') return undefined;
      chunk += c;
    }
    out += chunk;
  }
  return out;
}

function decodeWith(codec: string, ascii: boolean, buf: Uint8Array): string | undefined {
  const asAscii = () => (buf.every((b) => b < 0x80) ? Buffer.from(buf).toString('latin1') : undefined);
  if (codec === 'iso8859-1') return Buffer.from(buf).toString('latin1');
  if (codec === 'ascii') return asAscii();
  const table = SINGLE_BYTE_TABLES[codec];
  if (table) return decodeTable(table, buf);
  // The multi-byte codecs (CJK): Node's decoders. They may accept a few byte sequences that Python rejects.
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(LABELS[codec] ?? codec.replace(/^iso2022[-_]/, 'iso-2022-').replace(/_/g, '-'), { fatal: true });
  } catch {
    // No decoder for it here: ASCII bytes read the same in every ASCII-compatible codec.
    return ascii ? asAscii() : undefined;
  }
  return decoder.decode(buf);
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of a Python source file, or why Python (and so Bandit) cannot read it. */
export function decodeSource(buf: Uint8Array): Decoded {
  if (buf.indexOf(0) >= 0) return { error: 'binary file: source code cannot contain null bytes' };
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  // The first two lines, as `readline` on the binary file gives them (split after b'\n' only).
  const lines: Uint8Array[] = [];
  for (let start = bom ? 3 : 0; lines.length < 2 && start < buf.length; ) {
    const nl = buf.indexOf(0x0a, start);
    const end = nl < 0 ? buf.length : nl + 1;
    lines.push(buf.subarray(start, end));
    start = end;
  }
  let cookie: string | undefined;
  for (let i = 0; i < lines.length && cookie === undefined; i++) {
    let line: string;
    try {
      line = utf8.decode(lines[i]);
    } catch {
      return { error: `invalid or missing encoding declaration (line ${i + 1} is not UTF-8)` };
    }
    const m = COOKIE.exec(line);
    if (m) cookie = m[1]!;
    else if (!BLANK.test(line)) break;
  }
  if (cookie === undefined) {
    try {
      return { text: utf8.decode(buf), encoding: 'utf-8' };
    } catch {
      return { error: 'cannot decode file as UTF-8 (binary file?)' };
    }
  }
  const name = normalName(cookie);
  const codec = lookup(name);
  if (!codec) return { error: `unknown encoding: ${name}` };
  if (bom && name !== 'utf-8') return { error: `encoding problem: ${cookie} with BOM` };
  if (codec[1] === 'bytes') return { error: `'${name}' is not a text encoding` };
  // The cookie line, read as ASCII, would not read as itself in UTF-16 or UTF-32: Python fails on such a file.
  if (/^utf-(16|32)/.test(codec[0])) return { error: `cannot decode file with its declared encoding '${cookie}'` };
  let text: string | undefined;
  try {
    text = codec[0] === 'utf-8' || codec[0] === 'utf-8-sig' ? utf8.decode(buf) : decodeWith(codec[0], codec[1] === 'ascii', buf);
  } catch {
    text = undefined;
  }
  if (text === undefined) return { error: `cannot decode file with its declared encoding '${cookie}'` };
  return { text, encoding: codec[0] };
}

/**
 * The bytes `--fix` writes for a fixed text of a file read as `encoding` (a `decodeSource` result): UTF-8 and
 * ISO-8859-1 are encoded, and ASCII text reads the same in every ASCII-compatible codec. Undefined for anything
 * else: the file is left as it is.
 */
export function encodeSource(text: string, encoding: string): Buffer | undefined {
  if (encoding === 'utf-8' || encoding === 'utf-8-sig') return Buffer.from(text, 'utf8');
  if (encoding === 'iso8859-1' && /^[\0-\xff]*$/.test(text)) return Buffer.from(text, 'latin1');
  if (lookup(encoding)?.[1] === 'ascii' && /^[\0-\x7f]*$/.test(text)) return Buffer.from(text, 'latin1');
  return undefined;
}
