/**
 * Bandit's XML format: a JUnit-style `<testsuite name="bandit" tests="N">` with one `<testcase classname=FILE
 * name=TEST>` per issue holding an `<error more_info type message>` whose text is `Test ID: ... Location
 * FILE:LINE`. Written as Python's ElementTree writes it (Bandit: `tree.write(f, encoding='utf-8',
 * xml_declaration=True)`): single-quoted declaration, attributes in insertion order, no whitespace between
 * elements, `<testsuite ... />` when empty, no final newline.
 *
 * Bandit 1.6.2's layout: the spec does not describe this format.
 */
import type { ScanReport } from './model';

/** ElementTree's _escape_cdata. */
function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** ElementTree's _escape_attrib (Python 3.8+: \r, \n and \t as character references). */
function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#09;');
}

function element(tag: string, attrs: [string, string][], children?: string): string {
  const a = attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('');
  return children === undefined || children === '' ? `<${tag}${a} />` : `<${tag}${a}>${children}</${tag}>`;
}

export function formatXml(report: ScanReport): string {
  const cases = report.results.map((i) => {
    const f = i.finding;
    const text = `Test ID: ${f.ruleId} Severity: ${f.severity} Confidence: ${f.confidence}\n${f.message}\nLocation ${i.filename}:${f.line}`;
    const error = element('error', [['more_info', f.moreInfo], ['type', f.severity], ['message', f.message]], escapeText(text));
    return element('testcase', [['classname', i.filename], ['name', f.banditTestName]], error);
  });
  return "<?xml version='1.0' encoding='utf-8'?>\n" + element('testsuite', [['name', 'bandit'], ['tests', String(report.results.length)]], cases.join(''));
}
