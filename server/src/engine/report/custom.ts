/**
 * Bandit's custom format: one line per issue from `--msg-template`, a Python str.format template over the tags
 * {abspath} {relpath} {line} {col} {test_id} {severity} {msg} {confidence} {range} (`{col}` is the spec's newer
 * Bandit; 1.6.2 lacks it). Follows Bandit's formatter step by step:
 *  - the template is parsed as string.Formatter().parse does; a malformed one ("Single '{' encountered in format
 *    string", a format spec the value cannot take, checked as Bandit checks it: `line` as 0, every other tag as
 *    the string "{tag}") is an error, and so is a template without tags;
 *  - an unknown tag is not an error: Bandit warns ("Tag 'x' was not recognized and will be skipped, did you mean to
 *    use 'y'?") and writes the tag's name in its place, without braces;
 *  - the template is then rebuilt as Bandit rebuilds it, `{name:spec!conv}` (Bandit's order, so a conversion with
 *    a spec fails when formatting, as it does in Bandit) and formatted per issue with Python's format-spec
 *    mini-language (fill, align, sign, `#`, `0`, width, `,`/`_`, precision, type).
 * Where Bandit crashes with a traceback (a spec a list cannot take, such as `{range:10}`; `{}` or `{0}`), Vigil
 * reports the same message as an error.
 */
import path from 'node:path';
import type { ReportIssue, ScanReport } from './model';

export const DEFAULT_MSG_TEMPLATE = '{abspath}:{line}: {test_id}[bandit]: {severity}: {msg}';
export const TEMPLATE_TAGS = ['abspath', 'relpath', 'line', 'col', 'test_id', 'severity', 'msg', 'confidence', 'range'] as const;
type Tag = (typeof TEMPLATE_TAGS)[number];

/** A template error (Bandit: logged, exit 2; or a crash). */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

type PyValue = string | number | number[];

/** One item of string.Formatter().parse: literal text, then optionally a field. */
interface Part {
  literal: string;
  field?: { name: string; spec: string; conversion?: string };
}

/** string.Formatter().parse (CPython's MarkupIterator), with its ValueError messages. */
export function parseTemplate(s: string): Part[] {
  const cps = Array.from(s);
  const parts: Part[] = [];
  let i = 0;
  while (i < cps.length) {
    let literal = '';
    let field: Part['field'];
    while (i < cps.length) {
      const c = cps[i]!;
      if (c === '{' || c === '}') {
        if (cps[i + 1] === c) {
          literal += c;
          i += 2;
          // CPython ends the literal after an escaped brace.
          break;
        }
        if (c === '}') throw new TemplateError("Single '}' encountered in format string");
        i++;
        if (i >= cps.length) throw new TemplateError("Single '{' encountered in format string");
        // The field runs to the matching '}' (nested braces in the spec count).
        let depth = 1;
        const start = i;
        while (i < cps.length) {
          const d = cps[i]!;
          if (d === '{') depth++;
          else if (d === '}' && --depth === 0) break;
          i++;
        }
        if (i >= cps.length) throw new TemplateError("expected '}' before end of string");
        field = parseField(cps.slice(start, i));
        i++;
        break;
      }
      literal += c;
      i++;
    }
    parts.push(field ? { literal, field } : { literal });
  }
  return parts;
}

function parseField(cps: string[]): NonNullable<Part['field']> {
  let i = 0;
  let c: string | undefined;
  for (; i < cps.length; i++) {
    c = cps[i]!;
    if (c === '{') throw new TemplateError("unexpected '{' in field name");
    if (c === '[') {
      while (i < cps.length && cps[i] !== ']') i++;
      c = undefined;
      continue;
    }
    if (c === ':' || c === '!') break;
    c = undefined;
  }
  const name = cps.slice(0, i).join('');
  if (c === undefined) return { name, spec: '' };
  i++;
  let conversion: string | undefined;
  if (c === '!') {
    if (i >= cps.length) throw new TemplateError('end of string while looking for conversion specifier');
    conversion = cps[i++]!;
    if (i < cps.length && cps[i++] !== ':') throw new TemplateError("expected ':' after conversion specifier");
  }
  return { name, spec: cps.slice(i).join(''), ...(conversion !== undefined ? { conversion } : {}) };
}

/** Python's repr() of a str (ascii(): non-ASCII escaped too). */
export function pyRepr(s: string, ascii = false): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && (ascii || (ch !== ' ' && /[\p{C}\p{Z}]/u.test(ch))))) {
      out += cp <= 0xff ? '\\x' + cp.toString(16).padStart(2, '0') : cp <= 0xffff ? '\\u' + cp.toString(16).padStart(4, '0') : '\\U' + cp.toString(16).padStart(8, '0');
    } else out += ch;
  }
  return out + quote;
}

function pyStr(v: PyValue): string {
  return Array.isArray(v) ? `[${v.join(', ')}]` : String(v);
}

function typeName(v: PyValue): string {
  return typeof v === 'string' ? 'str' : typeof v === 'number' ? 'int' : 'list';
}

const SPEC = /^(?:([\s\S])?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([\s\S])?$/u;

/** Groups digits in threes (fours for b/o/x/X with `_`), zero-padding to `minWidth` as CPython's
 * _PyUnicode_InsertThousandsGrouping does (so `format(5, '08,')` is `0,000,005`). */
function group(digits: string, sep: string, size: number, minWidth: number): string {
  let remaining = digits.length;
  let mw = minWidth;
  let pos = digits.length;
  const out: string[] = [];
  for (;;) {
    const l = Math.min(size, Math.max(remaining, mw, 1));
    const nChars = Math.max(0, Math.min(remaining, l));
    out.unshift('0'.repeat(Math.max(0, l - remaining)) + digits.slice(pos - nChars, pos));
    pos -= nChars;
    remaining -= nChars;
    mw -= l;
    if (remaining <= 0 && mw <= 0) break;
    mw -= sep.length;
  }
  return out.join(sep);
}

/** Python's %g-style general format of a finite number. */
function generalFormat(x: number, precision: number, upper: boolean, alt: boolean): string {
  const p = precision === 0 ? 1 : precision;
  if (x === 0) return alt ? (0).toFixed(p - 1) + (p === 1 ? '.' : '') : '0';
  const exp = Number(x.toExponential(p - 1).split('e')[1]);
  let s: string;
  if (exp >= -4 && exp < p) {
    s = x.toFixed(p - 1 - exp);
    if (!alt && s.includes('.')) s = s.replace(/\.?0+$/, '');
    if (alt && !s.includes('.')) s += '.';
  } else {
    const [mantissa, e] = x.toExponential(p - 1).split('e') as [string, string];
    const m = !alt ? mantissa.replace(/\.0*$|(\.\d*?)0+$/, '$1') : mantissa.includes('.') ? mantissa : mantissa + '.';
    const en = Number(e);
    s = `${m}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
  }
  return upper ? s.toUpperCase() : s;
}

function exponential(x: number, precision: number, upper: boolean, alt: boolean): string {
  const [mantissa, e] = x.toExponential(precision).split('e') as [string, string];
  const m = alt && !mantissa.includes('.') ? mantissa + '.' : mantissa;
  const en = Number(e);
  const s = `${m}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
  return upper ? s.toUpperCase() : s;
}

/** format(value, spec) for Python str, int and list values. */
export function pyFormat(value: PyValue, spec: string): string {
  if (Array.isArray(value)) {
    if (spec !== '') throw new TemplateError('unsupported format string passed to list.__format__');
    return pyStr(value);
  }
  const m = SPEC.exec(spec);
  const tn = typeName(value);
  if (!m) throw new TemplateError(`Invalid format specifier '${spec}' for object of type '${tn}'`);
  const [, fillSpec, alignSpec, sign, z, alt, zero, widthS, grouping, precisionS, type] = m;
  // Checked while parsing the spec, with the type defaulted per object (CPython's parse_internal_render_format_spec).
  const t = type ?? (typeof value === 'string' ? 's' : 'd');
  if (grouping && !('defgEGF%'.includes(t) || (grouping === '_' && 'boxX'.includes(t)))) throw new TemplateError(`Cannot specify '${grouping}' with '${t}'.`);
  const fill = zero && fillSpec === undefined ? '0' : (fillSpec ?? ' ');
  const align = alignSpec;
  const width = widthS ? Number(widthS) : 0;
  const pad = (body: string, defaultAlign: string, signPrefix = ''): string => {
    const a = align ?? (zero && typeof value === 'number' ? '=' : defaultAlign);
    const len = Array.from(signPrefix + body).length;
    const n = Math.max(0, width - len);
    if (a === '<') return signPrefix + body + fill.repeat(n);
    if (a === '>') return fill.repeat(n) + signPrefix + body;
    if (a === '^') return fill.repeat(Math.floor(n / 2)) + signPrefix + body + fill.repeat(n - Math.floor(n / 2));
    return signPrefix + fill.repeat(n) + body;
  };
  if (typeof value === 'string') {
    if (t !== 's') throw new TemplateError(`Unknown format code '${t}' for object of type 'str'`);
    if (sign) throw new TemplateError(sign === ' ' ? 'Space not allowed in string format specifier' : 'Sign not allowed in string format specifier');
    if (z) throw new TemplateError('Negative zero coercion (z) not allowed in string format specifier');
    if (alt) throw new TemplateError('Alternate form (#) not allowed in string format specifier');
    if (align === '=') throw new TemplateError("'=' alignment not allowed in string format specifier");
    const cps = Array.from(value);
    const body = precisionS !== undefined ? cps.slice(0, Number(precisionS)).join('') : value;
    return pad(body, '<');
  }
  // int
  if (!'bcdoxXneEfFgG%'.includes(t)) throw new TemplateError(`Unknown format code '${t}' for object of type 'int'`);
  const float = 'eEfFgG%'.includes(t);
  if (precisionS !== undefined && !float) throw new TemplateError('Precision not allowed in integer format specifier');
  if (z && !float) throw new TemplateError('Negative zero coercion (z) not allowed in integer format specifier');
  if (t === 'c') {
    if (sign) throw new TemplateError("Sign not allowed with integer format specifier 'c'");
    if (alt) throw new TemplateError("Alternate form (#) not allowed with integer format specifier 'c'");
    if (value < 0 || value > 0x10ffff) throw new TemplateError('%c arg not in range(0x110000)');
    return pad(String.fromCodePoint(value), '<');
  }
  const neg = value < 0;
  const abs = Math.abs(value);
  const signStr = neg ? '-' : sign === '+' ? '+' : sign === ' ' ? ' ' : '';
  let prefix = '';
  let digits: string;
  if (float) {
    const p = precisionS !== undefined ? Number(precisionS) : 6;
    if (t === 'f' || t === 'F') digits = abs.toFixed(p);
    else if (t === '%') digits = (abs * 100).toFixed(p);
    else if (t === 'e' || t === 'E') digits = exponential(abs, p, t === 'E', !!alt);
    else digits = generalFormat(abs, precisionS !== undefined ? p : 6, t === 'G', !!alt);
    if (alt && !digits.includes('.') && !/e/i.test(digits) && (t === 'f' || t === 'F' || t === '%')) digits += '.';
    if (grouping) {
      const [ip, ...rest] = digits.split('.') as [string, ...string[]];
      digits = [group(ip, grouping, 3, 0), ...rest].join('.');
    }
    if (t === '%') digits += '%';
    return pad(digits, '>', signStr);
  }
  const base = t === 'b' ? 2 : t === 'o' ? 8 : t === 'x' || t === 'X' ? 16 : 10;
  digits = abs.toString(base);
  if (t === 'X') digits = digits.toUpperCase();
  if (alt && base !== 10) prefix = t === 'b' ? '0b' : t === 'o' ? '0o' : t === 'X' ? '0X' : '0x';
  const a = align ?? (zero ? '=' : '>');
  if (grouping) {
    const minWidth = a === '=' && fill === '0' ? Math.max(0, width - signStr.length - prefix.length) : 0;
    return pad(group(digits, grouping, base === 10 ? 3 : 4, minWidth), '>', signStr + prefix);
  }
  return pad(digits, '>', signStr + prefix);
}

function convert(v: PyValue, conversion: string | undefined): PyValue {
  if (conversion === undefined) return v;
  if (conversion === 's') return pyStr(v);
  if (conversion === 'r' || conversion === 'a') {
    if (typeof v === 'string') return pyRepr(v, conversion === 'a');
    return pyStr(v);
  }
  throw new TemplateError(`Unknown conversion specifier ${conversion}`);
}

/** string.Formatter().vformat over `get` (which may throw): fields, nested fields in specs, conversions. */
function vformat(parts: Part[], get: (name: string) => PyValue, depth = 2): string {
  if (depth < 0) throw new TemplateError('Max string recursion exceeded');
  let out = '';
  for (const p of parts) {
    out += p.literal;
    if (!p.field) continue;
    const { name, spec, conversion } = p.field;
    // Positional fields ({} or {0}): Bandit formats with no positional arguments (an IndexError there).
    if (name === '' || /^\d/.test(name)) throw new TemplateError('tuple index out of range');
    const value = convert(get(name), conversion);
    const fullSpec = spec.includes('{') ? vformat(parseTemplate(spec), get, depth - 1) : spec;
    out += pyFormat(value, fullSpec);
  }
  return out;
}

/** A compiled template: the per-issue format string and the warnings for unknown tags. */
export interface CompiledTemplate {
  parts: Part[];
  warnings: string[];
}

/** Bandit's get_similar_tag: the known tag sharing the most letters (ties: the greatest name). */
function similarTag(tag: string): string {
  const letters = new Set(tag);
  let best: [number, string] = [-1, ''];
  for (const t of TEMPLATE_TAGS) {
    const n = new Set([...t].filter((c) => letters.has(c))).size;
    if (n > best[0] || (n === best[0] && t > best[1])) best = [n, t];
  }
  return best[1];
}

/** Checks and rebuilds a template as Bandit's custom formatter does (throws TemplateError). */
export function compileTemplate(template: string = DEFAULT_MSG_TEMPLATE): CompiledTemplate {
  let parsed: Part[];
  try {
    parsed = parseTemplate(template);
    // Check the format validity only, ignore keys: Bandit's SafeMapper(line=0) gives "{tag}" for any other tag.
    vformat(parsed, (name) => {
      const base = name.split(/[.[]/)[0]!;
      return base === 'line' ? 0 : `{${base}}`;
    });
  } catch (e) {
    if (e instanceof TemplateError) throw new TemplateError(`Template is not in valid format: ${e.message}`);
    throw e;
  }
  const fields = parsed.filter((p) => p.field).map((p) => p.field!.name);
  if (fields.length === 0) throw new TemplateError("No tags were found in the template. Are you missing '{}'?");
  const known = new Set<string>(TEMPLATE_TAGS);
  const warnings: string[] = [];
  for (const name of new Set(fields)) {
    if (!known.has(name)) warnings.push(`Tag '${name}' was not recognized and will be skipped, did you mean to use '${similarTag(name)}'?`);
  }
  // Rebuild as Bandit does: literals re-escaped, unknown tags as their bare name, `{name:spec!conv}`.
  let rebuilt = '';
  for (const p of parsed) {
    rebuilt += p.literal.replace(/\{/g, '{{').replace(/\}/g, '}}');
    if (!p.field) continue;
    const { name, spec, conversion } = p.field;
    if (!known.has(name)) rebuilt += name;
    else rebuilt += `{${name}${spec ? ':' + spec : ''}${conversion ? '!' + conversion : ''}}`;
  }
  return { parts: parseTemplate(rebuilt + '\n'), warnings };
}

function tagValue(i: ReportIssue, tag: Tag, cwd: string): PyValue {
  const f = i.finding;
  switch (tag) {
    case 'abspath':
      return path.resolve(cwd, i.filename);
    case 'relpath':
      return path.relative(cwd, path.resolve(cwd, i.filename)) || '.';
    case 'line':
      return f.line;
    case 'col':
      return f.colOffset;
    case 'test_id':
      return f.ruleId;
    case 'severity':
      return f.severity;
    case 'msg':
      return f.message;
    case 'confidence':
      return f.confidence;
    case 'range':
      return f.lineRange;
  }
}

/** One line per reported issue (with a baseline: the new issues, without their candidates). */
export function formatCustom(report: ScanReport, template: CompiledTemplate, cwd = process.cwd()): string {
  let out = '';
  for (const i of report.results) {
    out += vformat(template.parts, (name) => {
      // Known tags only remain as fields after rebuilding; Bandit's SafeMapper would give "{name}" otherwise.
      if ((TEMPLATE_TAGS as readonly string[]).includes(name)) return tagValue(i, name as Tag, cwd);
      return `{${name}}`;
    });
  }
  return out;
}
