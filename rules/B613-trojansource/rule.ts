// B613 trojansource: the file text contains a bidirectional control character. One issue per file: the first line
// that has one, and on that line the first character of Bandit's list that occurs (col_offset = index + 1).
import { defineRule, pluginDocs } from '../../server/src/engine/rule';
import query from './query.scm';

/** Bandit's BIDI_CHARACTERS, in its order. */
const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200f'];
const ANY_BIDI = /[\u202a-\u202e\u2066-\u2069\u200f]/;

export default defineRule({
  id: 'B613',
  name: 'trojansource',
  banditName: 'trojansource',
  summary: 'Bidirectional control characters in source (Trojan Source)',
  severity: 'HIGH',
  confidence: 'MEDIUM',
  cwe: 838,
  tags: ['unicode', 'trojan-source'],
  status: 'stable',
  moreInfo: pluginDocs('B613', 'trojansource'),
  query,
  messages: {
    bidi: 'A Python source file contains bidirectional control characters ({char}).',
  },
  check(match, ctx) {
    const source = ctx.file.source;
    if (!ANY_BIDI.test(source)) return undefined;
    // Universal newlines, as Python's text-mode readlines() splits.
    const re = /\r\n|\r|\n/g;
    let lineStart = 0;
    let row = 0;
    for (;;) {
      const m = re.exec(source);
      const lineEnd = m ? m.index : source.length;
      const line = source.slice(lineStart, lineEnd);
      if (ANY_BIDI.test(line)) {
        for (const ch of BIDI) {
          const idx = line.indexOf(ch);
          if (idx < 0) continue;
          const cp = [...line.slice(0, idx)].length; // Python indexes code points
          const offset = lineStart + idx;
          const leaf = ctx.file.root.descendantForIndex(offset, offset + 1) ?? match.node;
          const code = ch.charCodeAt(0).toString(16).padStart(4, '0');
          return {
            node: match.node,
            line: row + 1,
            lineRangeRows: [row, row],
            colOffset: cp + 1,
            highlight: leaf,
            messageId: 'bidi',
            data: { char: `'\\u${code}'` },
          };
        }
      }
      if (!m) return undefined;
      lineStart = m.index + m[0].length;
      row++;
    }
  },
});
