/**
 * Bandit's YAML format: the JSON report's data written as PyYAML's `yaml.safe_dump(data,
 * default_flow_style=False)` writes it (Bandit's yaml formatter).
 *
 * Why not js-yaml's dump (js-yaml is bundled for reading configs): PyYAML folds long plain and quoted scalars at
 * column 80 and never emits block scalars, while js-yaml either does not fold (lineWidth -1) or turns long strings
 * into `>-` folded blocks; its quoting and escaping rules differ too (PyYAML quotes `2017-03-09T22:29:30Z`, escapes
 * non-ASCII text as `\xE9` in double quotes because safe_dump has allow_unicode=False). No js-yaml option set
 * reproduces Bandit's bytes, so this file ports the parts of PyYAML's emitter (yaml/emitter.py, 5.x/6.0) that
 * such data needs: block mappings with sorted keys, block sequences (indentless under a mapping key), `[]`/`{}` for
 * empty collections, integers, and string scalars with PyYAML's style choice (plain, single- or double-quoted) and
 * line folding. The tests compare it with PyYAML itself.
 */
import { type ReportIssue, type ScanReport } from './model';
import { banditTimestamp, toBanditJson } from './json';

type YamlValue = string | number | YamlValue[] | { [k: string]: YamlValue };

const BEST_WIDTH = 80;
const BEST_INDENT = 2;
const BREAKS = '\n\x85\u2028\u2029';
const WS_OR_END = '\0 \t\r\n\x85\u2028\u2029';

/** PyYAML's implicit resolvers (yaml/resolver.py): a plain scalar matching one of them is not read as a string. */
const IMPLICIT: RegExp[] = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:<<)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
  /^(?:=)$/,
  /^(?:!|&|\*)$/,
];

/** Whether PyYAML would resolve the plain scalar `s` to a string (Python's `$` also matches before a final \n). */
function resolvesToStr(s: string): boolean {
  const t = s.endsWith('\n') ? s.slice(0, -1) : s;
  return !IMPLICIT.some((r) => r.test(t));
}

interface Analysis {
  empty: boolean;
  multiline: boolean;
  allowFlowPlain: boolean;
  allowBlockPlain: boolean;
  allowSingleQuoted: boolean;
  allowBlock: boolean;
}

/** emitter.analyze_scalar with allow_unicode=False. `s` is the scalar as code points. */
function analyzeScalar(s: string[]): Analysis {
  if (s.length === 0) return { empty: true, multiline: false, allowFlowPlain: false, allowBlockPlain: true, allowSingleQuoted: true, allowBlock: false };
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  const text = s.join('');
  if (text.startsWith('---') || text.startsWith('...')) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  let followedByWhitespace = s.length === 1 || WS_OR_END.includes(s[1]!);
  let previousSpace = false;
  let previousBreak = false;
  for (let index = 0; index < s.length; ) {
    const ch = s[index]!;
    if (index === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) {
        flowIndicators = true;
        blockIndicators = true;
      }
      if (ch === '?' || ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (ch === '-' && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else {
      if (',?[]{}'.includes(ch)) flowIndicators = true;
      if (ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (ch === '#' && precededByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    }
    if (BREAKS.includes(ch)) lineBreaks = true;
    const cp = ch.codePointAt(0)!;
    // Without allow_unicode every character outside printable ASCII (and \n) is special.
    if (!(ch === '\n' || (cp >= 0x20 && cp <= 0x7e))) specialCharacters = true;
    if (ch === ' ') {
      if (index === 0) leadingSpace = true;
      if (index === s.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (BREAKS.includes(ch)) {
      if (index === 0) leadingBreak = true;
      if (index === s.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    index++;
    precededByWhitespace = WS_OR_END.includes(ch);
    followedByWhitespace = index + 1 >= s.length || WS_OR_END.includes(s[index + 1]!);
  }
  let allowFlowPlain = true;
  let allowBlockPlain = true;
  let allowSingleQuoted = true;
  let allowBlock = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) allowFlowPlain = allowBlockPlain = false;
  if (trailingSpace) allowBlock = false;
  if (breakSpace) allowFlowPlain = allowBlockPlain = allowSingleQuoted = false;
  if (spaceBreak || specialCharacters) allowFlowPlain = allowBlockPlain = allowSingleQuoted = allowBlock = false;
  if (lineBreaks) allowFlowPlain = allowBlockPlain = false;
  if (flowIndicators) allowFlowPlain = false;
  if (blockIndicators) allowBlockPlain = false;
  return { empty: false, multiline: lineBreaks, allowFlowPlain, allowBlockPlain, allowSingleQuoted, allowBlock };
}

const ESCAPES: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\x08': 'b',
  '\x09': 't',
  '\x0A': 'n',
  '\x0B': 'v',
  '\x0C': 'f',
  '\x0D': 'r',
  '\x1B': 'e',
  '"': '"',
  '\\': '\\',
  '\x85': 'N',
  '\xA0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

/** Python's sort order for str keys: by code point (JS compares UTF-16 code units). */
function byCodePoint(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

interface Context {
  root?: boolean;
  mapping?: boolean;
  simpleKey?: boolean;
}

/** The state and writers of PyYAML's Emitter, for block style output (no anchors, tags or flow collections). */
class Emitter {
  out = '';
  column = 0;
  whitespace = true;
  indention = true;
  indent: number | undefined = undefined;
  private indents: (number | undefined)[] = [];
  private flowLevel = 0;

  private increaseIndent(flow: boolean, indentless = false): void {
    this.indents.push(this.indent);
    if (this.indent === undefined) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popIndent(): void {
    this.indent = this.indents.pop();
  }

  private write(data: string, length = Array.from(data).length): void {
    this.out += data;
    this.column += length;
  }

  writeIndicator(indicator: string, needWhitespace: boolean, whitespace = false, indention = false): void {
    const data = this.whitespace || !needWhitespace ? indicator : ' ' + indicator;
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
    this.write(data);
  }

  writeIndent(): void {
    const indent = this.indent ?? 0;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.writeLineBreak();
    if (this.column < indent) {
      this.whitespace = true;
      this.out += ' '.repeat(indent - this.column);
      this.column = indent;
    }
  }

  writeLineBreak(data = '\n'): void {
    this.whitespace = true;
    this.indention = true;
    this.out += data;
    this.column = 0;
  }

  private writeSingleQuoted(text: string[], split: boolean): void {
    this.writeIndicator("'", true);
    let spaces = false;
    let breaks = false;
    let start = 0;
    let end = 0;
    while (end <= text.length) {
      const ch = end < text.length ? text[end] : undefined;
      if (spaces) {
        if (ch === undefined || ch !== ' ') {
          if (start + 1 === end && this.column > BEST_WIDTH && split && start !== 0 && end !== text.length) this.writeIndent();
          else this.write(text.slice(start, end).join(''), end - start);
          start = end;
        }
      } else if (breaks) {
        if (ch === undefined || !BREAKS.includes(ch)) {
          if (text[start] === '\n') this.writeLineBreak();
          for (const br of text.slice(start, end)) this.writeLineBreak(br === '\n' ? '\n' : br);
          this.writeIndent();
          start = end;
        }
      } else if (ch === undefined || ' \n\x85\u2028\u2029'.includes(ch) || ch === "'") {
        if (start < end) {
          this.write(text.slice(start, end).join(''), end - start);
          start = end;
        }
      }
      if (ch === "'") {
        this.write("''");
        start = end + 1;
      }
      if (ch !== undefined) {
        spaces = ch === ' ';
        breaks = BREAKS.includes(ch);
      }
      end++;
    }
    this.writeIndicator("'", false);
  }

  private writeDoubleQuoted(text: string[], split: boolean): void {
    this.writeIndicator('"', true);
    let start = 0;
    let end = 0;
    while (end <= text.length) {
      const ch = end < text.length ? text[end] : undefined;
      const cp = ch?.codePointAt(0) ?? 0;
      if (ch === undefined || '"\\\x85\u2028\u2029\uFEFF'.includes(ch) || !(cp >= 0x20 && cp <= 0x7e)) {
        if (start < end) {
          this.write(text.slice(start, end).join(''), end - start);
          start = end;
        }
        if (ch !== undefined) {
          const hex = (w: number) => cp.toString(16).toUpperCase().padStart(w, '0');
          const data = ch in ESCAPES ? '\\' + ESCAPES[ch] : cp <= 0xff ? '\\x' + hex(2) : cp <= 0xffff ? '\\u' + hex(4) : '\\U' + hex(8);
          this.write(data);
          start = end + 1;
        }
      }
      if (end > 0 && end < text.length - 1 && (ch === ' ' || start >= end) && this.column + (end - start) > BEST_WIDTH && split) {
        const data = text.slice(start, end).join('') + '\\';
        if (start < end) start = end;
        this.write(data);
        this.writeIndent();
        this.whitespace = false;
        this.indention = false;
        if (text[start] === ' ') this.write('\\');
      }
      end++;
    }
    this.writeIndicator('"', false);
  }

  private writePlain(text: string[], split: boolean): void {
    if (text.length === 0) return;
    if (!this.whitespace) this.write(' ');
    this.whitespace = false;
    this.indention = false;
    let spaces = false;
    let breaks = false;
    let start = 0;
    let end = 0;
    while (end <= text.length) {
      const ch = end < text.length ? text[end] : undefined;
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > BEST_WIDTH && split) {
            this.writeIndent();
            this.whitespace = false;
            this.indention = false;
          } else this.write(text.slice(start, end).join(''), end - start);
          start = end;
        }
      } else if (breaks) {
        if (ch === undefined || !BREAKS.includes(ch)) {
          if (text[start] === '\n') this.writeLineBreak();
          for (const br of text.slice(start, end)) this.writeLineBreak(br === '\n' ? '\n' : br);
          this.writeIndent();
          this.whitespace = false;
          this.indention = false;
          start = end;
        }
      } else if (ch === undefined || ' \n\x85\u2028\u2029'.includes(ch)) {
        this.write(text.slice(start, end).join(''), end - start);
        start = end;
      }
      if (ch !== undefined) {
        spaces = ch === ' ';
        breaks = BREAKS.includes(ch);
      }
      end++;
    }
  }

  /** expect_scalar: process_scalar with choose_scalar_style (implicit[0]: a plain form resolves to the same type). */
  private scalar(value: string | number, ctx: Context, analysis?: Analysis): void {
    this.increaseIndent(true);
    const text = Array.from(String(value));
    const a = analysis ?? analyzeScalar(text);
    const implicitPlain = typeof value === 'number' || resolvesToStr(String(value));
    const split = !ctx.simpleKey;
    let style: '' | "'" | '"' = '"';
    if (implicitPlain && !(ctx.simpleKey && (a.empty || a.multiline)) && (this.flowLevel ? a.allowFlowPlain : a.allowBlockPlain)) style = '';
    else if (a.allowSingleQuoted && !(ctx.simpleKey && a.multiline)) style = "'";
    if (style === '"') this.writeDoubleQuoted(text, split);
    else if (style === "'") this.writeSingleQuoted(text, split);
    else this.writePlain(text, split);
    this.popIndent();
  }

  /** check_simple_key for a string key: the tag `!!str` (5) counts towards the 128 limit. */
  private simpleKey(key: string): Analysis | undefined {
    const text = Array.from(key);
    const a = analyzeScalar(text);
    return text.length + '!!str'.length < 128 && !a.empty && !a.multiline ? a : undefined;
  }

  node(value: YamlValue, ctx: Context): void {
    if (typeof value === 'string' || typeof value === 'number') return this.scalar(value, ctx);
    if (Array.isArray(value)) {
      if (value.length === 0) return this.emptyFlow('[', ']');
      this.increaseIndent(false, !!ctx.mapping && !this.indention);
      for (const item of value) {
        this.writeIndent();
        this.writeIndicator('-', true, false, true);
        this.node(item, {});
      }
      this.popIndent();
      return;
    }
    const keys = Object.keys(value).sort(byCodePoint);
    if (keys.length === 0) return this.emptyFlow('{', '}');
    this.increaseIndent(false);
    for (const k of keys) {
      this.writeIndent();
      const simple = this.simpleKey(k);
      if (simple) {
        this.scalar(k, { mapping: true, simpleKey: true }, simple);
        this.writeIndicator(':', false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.scalar(k, { mapping: true });
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(value[k]!, { mapping: true });
    }
    this.popIndent();
  }

  private emptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true);
    this.flowLevel++;
    this.increaseIndent(true);
    this.popIndent();
    this.flowLevel--;
    this.writeIndicator(close, false);
  }

  /** The implicit document: the root node, then document end's write_indent (the final line break). */
  document(value: YamlValue): string {
    this.node(value, { root: true });
    this.writeIndent();
    return this.out;
  }
}

/** `yaml.safe_dump(value, default_flow_style=False)` for dicts, lists, ints and strs. */
export function pyYaml(value: YamlValue): string {
  return new Emitter().document(value);
}

/**
 * Bandit's yaml formatter: the JSON report's data (results sorted by file name, no baseline candidates since yaml
 * takes no baseline) with every `\n` in `code` replaced by a literal backslash-n, as Bandit does.
 *
 * The result keys follow the JSON report, i.e. the spec's newer Bandit (`end_col_offset`, `issue_cwe`), which
 * Bandit 1.6.2 lacks; metrics are integers as in the JSON report (1.6.2 writes its totals as floats, `14.0`).
 */
export function toBanditYaml(report: ScanReport): YamlValue {
  const data = toBanditJson({ ...report, results: report.results.map((i): ReportIssue => ({ ...i, candidates: [] })) }) as Record<string, unknown>;
  const results = (data.results as Record<string, unknown>[]).map((r) => ({ ...r, code: String(r.code).replace(/\n/g, '\\n') }));
  return { ...data, results, generated_at: banditTimestamp(report.generatedAt) } as unknown as YamlValue;
}

export function formatYaml(report: ScanReport): string {
  return pyYaml(toBanditYaml(report));
}
