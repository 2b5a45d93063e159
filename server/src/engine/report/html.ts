/**
 * Bandit's HTML format: the page Bandit 1.6.2's html formatter writes (the spec does not describe it): the style
 * header, the metrics box (lines of code, #nosec lines), the skipped files, and one block per issue with its code
 * context (Bandit's get_code with tabs, -n lines), or with a baseline and several equal issues, the candidates'
 * code. Bandit 1.6.2 escapes only the code; Vigil escapes every value it writes (file names, messages, reasons,
 * URLs; `&`, `<` and `>` in text, quotes too in attributes), which gives Bandit's bytes whenever the values hold
 * none of those characters.
 */
import { bandItCode, totals, type ReportIssue, type ScanReport } from './model';

export interface HtmlOptions {
  /** The source lines of a file, for the code context (undefined: use the issue's JSON code). */
  lines?: (filename: string) => readonly string[] | undefined;
  /** Bandit -n: lines of code around each issue (default 3). */
  maxLines?: number;
}

/** Python's html.escape(s, quote=True), as Bandit escapes the code. */
export function htmlEscape(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
}

/** html.escape(s, quote=False): for text between tags. */
function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const HEADER_BLOCK = `
<!DOCTYPE html>
<html>
<head>

<meta charset="UTF-8">

<title>
    Bandit Report
</title>

<style>

html * {
    font-family: "Arial", sans-serif;
}

pre {
    font-family: "Monaco", monospace;
}

.bordered-box {
    border: 1px solid black;
    padding-top:.5em;
    padding-bottom:.5em;
    padding-left:1em;
}

.metrics-box {
    font-size: 1.1em;
    line-height: 130%;
}

.metrics-title {
    font-size: 1.5em;
    font-weight: 500;
    margin-bottom: .25em;
}

.issue-description {
    font-size: 1.3em;
    font-weight: 500;
}

.candidate-issues {
    margin-left: 2em;
    border-left: solid 1px; LightGray;
    padding-left: 5%;
    margin-top: .2em;
    margin-bottom: .2em;
}

.issue-block {
    border: 1px solid LightGray;
    padding-left: .5em;
    padding-top: .5em;
    padding-bottom: .5em;
    margin-bottom: .5em;
}

.issue-sev-high {
    background-color: Pink;
}

.issue-sev-medium {
    background-color: NavajoWhite;
}

.issue-sev-low {
    background-color: LightCyan;
}

</style>
</head>
`;

/** Bandit's `get_code(lines, True).strip('\n').lstrip(' ')`, HTML-escaped. */
function codeOf(i: ReportIssue, opts: HtmlOptions): string {
  const f = i.finding;
  const lines = opts.lines?.(i.filename);
  const code = lines ? bandItCode(lines, f.line, f.lineRange.length, true, opts.maxLines) : i.code.replace(/^(\d+) /gm, '$1\t');
  return htmlEscape(code.replace(/^\n+|\n+$/g, '').replace(/^ +/, ''));
}

export function formatHtml(report: ScanReport, opts: HtmlOptions = {}): string {
  const skippedList = report.errors.map((e) => `${escapeText(e.filename)} <b>reason:</b> ${escapeText(e.reason)}<br>`).join('');
  const skipped = skippedList
    ? `
<br>
<div id="skipped">
<div class="bordered-box">
<b>Skipped files:</b><br><br>
${skippedList}
</div>
</div>
`
    : '';

  let results = '';
  report.results.forEach((i, index) => {
    const f = i.finding;
    let code = '';
    let candidates = '';
    if (!report.baseline || !i.candidates || i.candidates.length <= 1) {
      code = `
<div class="code">
<pre>
${codeOf(i, opts)}
</pre>
</div>
`;
    } else {
      const list = i.candidates
        .map(
          (c) => `
<div class="candidate">
<div class="candidate-issues">
<pre>${codeOf(c, opts)}</pre>
</div>
</div>
`,
        )
        .join('');
      candidates = `
<div class="candidates">
<br>
<b>Candidates: </b>
${list}
</div>
`;
    }
    const file = i.filename;
    results += `
<div id="issue-${index}">
<div class="issue-block issue-sev-${f.severity.toLowerCase()}">
    <b>${escapeText(f.banditTestName)}: </b> ${escapeText(f.message)}<br>
    <b>Test ID:</b> ${escapeText(f.ruleId)}<br>
    <b>Severity: </b>${f.severity}<br>
    <b>Confidence: </b>${f.confidence}<br>
    <b>File: </b><a href="${htmlEscape(file)}" target="_blank">${escapeText(file)}</a> <br>
    <b>More info: </b><a href="${htmlEscape(f.moreInfo)}" target="_blank">${escapeText(f.moreInfo)}</a><br>
${code}
${candidates}
</div>
</div>
`;
  });

  const t = totals(report.metrics);
  const metrics = `
<div id="metrics">
    <div class="metrics-box bordered-box">
        <div class="metrics-title">
            Metrics:<br>
        </div>
        Total lines of code: <span id="loc">${t.loc}</span><br>
        Total lines skipped (#nosec): <span id="nosec">${t.nosec}</span>
    </div>
</div>

`;
  return `${HEADER_BLOCK}
<body>
${metrics}
${skipped}

<br>
<div id="results">
    ${results}
</div>

</body>
</html>
`;
}
