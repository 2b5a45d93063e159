// Source decoding by CPython's rules (PEP 263 coding cookies, BOM): what Python reads, and what it rejects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSource, encodeSource } from '../server/src/engine/scan/decode';

const BOM = '\xef\xbb\xbf';
const bytes = (s: string) => Buffer.from(s, 'latin1');

// Each expectation is what python3.11 gave for the same bytes (tokenize.detect_encoding, then decoding, ast.parse and
// tokenizing the whole file, as Bandit does), checked by hand: 0xe9 is 'é' in Latin-1, 0x80 '€' in cp1252, 0x82 'é'
// in cp437.
const READ: [bytes: string, text: string][] = [
  ['# -*- coding: latin-1 -*-\nx = "\xe9"\n', '# -*- coding: latin-1 -*-\nx = "é"\n'],
  [BOM + '# coding: utf-8\nx = "\xc3\xa9"\n', '\ufeff# coding: utf-8\nx = "é"\n'],
  ['#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nx = "\x80"\n', '#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nx = "€"\n'],
  ['# coding: cp437\nx = "\x82"\n', '# coding: cp437\nx = "é"\n'],
  ['# coding: utf-8-unix\nx = "\xc3\xa9"\n', '# coding: utf-8-unix\nx = "é"\n'],
  ['# coding: euc-jp\nx = "\xc6\xfc\xcb\xdc"\n', '# coding: euc-jp\nx = "日本"\n'],
  ['# coding=Latin_1\nx = "\xe9"\n', '# coding=Latin_1\nx = "é"\n'],
  ['x = "\xc3\xa9"\n', 'x = "é"\n'],
];

const REJECTED: [bytes: string, reason: RegExp][] = [
  ['# -*- coding: uft-8 -*-\nx = 1\n', /^unknown encoding: uft-8$/],
  [BOM + '# coding: utf8\nx = 1\n', /encoding problem: utf8 with BOM/],
  ['import os\n# coding: latin-1\nx = "\xe9"\n', /UTF-8/], // the cookie only counts after a blank or comment line
  ['\n\n# coding: latin-1\nx = "\xe9"\n', /UTF-8/], // or on line 1
  ['# coding: base64\nx = 1\n', /not a text encoding/],
  ['# coding: ascii\nx = "\xc3\xa9"\n', /declared encoding 'ascii'/],
  ['# coding: cp1252\nx = "\x81"\n', /declared encoding 'cp1252'/], // 0x81 is undefined in cp1252
  ['# coding: latin-1 \xe9\nx = 1\n', /invalid or missing encoding declaration/],
  ['x = "\xe9"  # coding: latin-1\n', /invalid or missing encoding declaration/], // a cookie must be the whole line
  ['# coding: utf-16\nx = 1\n', /declared encoding 'utf-16'/],
  ['x = "\xe9"\n', /invalid or missing encoding declaration/],
  ['x = 1\0\n', /null bytes/],
];

test('decodeSource reads what Python reads, with the codec the cookie names', () => {
  for (const [b, text] of READ) {
    const d = decodeSource(bytes(b));
    assert.ok(!('error' in d), `${JSON.stringify(b)}: ${'error' in d ? d.error : ''}`);
    assert.equal(d.text, text, JSON.stringify(b));
  }
});

test('decodeSource rejects what Python rejects, with the reason', () => {
  for (const [b, reason] of REJECTED) {
    const d = decodeSource(bytes(b));
    assert.ok('error' in d, `${JSON.stringify(b)} was read`);
    assert.match(d.error, reason, JSON.stringify(b));
  }
});

test('encodeSource writes a fixed text back in the encoding it was read in, or declines', () => {
  const latin = decodeSource(bytes('# coding: latin-1\nx = "\xe9"\n'));
  assert.ok(!('error' in latin));
  assert.equal(latin.encoding, 'iso8859-1');
  assert.deepEqual(encodeSource(latin.text + 'y = 1\n', latin.encoding), bytes('# coding: latin-1\nx = "\xe9"\ny = 1\n'));
  assert.equal(encodeSource(latin.text + 'y = "€"\n', latin.encoding), undefined, '€ is not in Latin-1');
  assert.deepEqual(encodeSource('x = "é"\n', 'utf-8'), Buffer.from('x = "é"\n'));
  // cp1252: only an all-ASCII text can be written (Node has no cp1252 encoder).
  assert.deepEqual(encodeSource('# coding: cp1252\nx = 1\n', 'cp1252'), Buffer.from('# coding: cp1252\nx = 1\n'));
  assert.equal(encodeSource('# coding: cp1252\nx = "€"\n', 'cp1252'), undefined);
});
