/**
 * "Add this finding to the baseline": the edit that appends one finding to a Bandit baseline (a JSON report, spec
 * §3.3), made with jsonc-parser's `modify` so that the rest of the file keeps its layout, and checked by parsing
 * the result: the baseline must load and hold exactly one entry more, the new one last.
 */
import path from 'node:path';
import { applyEdits, modify, parse, type ParseError } from 'jsonc-parser';
import { banditIssue } from './report/json';
import { bandItCode, sourceLines } from './report/model';
import type { Finding, TextEdit } from './types';

/** The `results` of a Bandit JSON report, or undefined when `text` is not one (invalid JSON, no `results` list). */
function resultsOf(text: string): unknown[] | undefined {
  const errors: ParseError[] = [];
  const doc = parse(text, errors, { allowTrailingComma: false, disallowComments: true }) as unknown;
  if (errors.length > 0 || !doc || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  const results = (doc as { results?: unknown }).results;
  return Array.isArray(results) ? results : undefined;
}

/**
 * The file name the new entry gets: the document's path as the baseline's other entries write theirs (Bandit
 * compares file names as strings, so `bandit -r . -b FILE` needs `./a.py`, `bandit -r /abs -b FILE` an absolute
 * path), relative to `folder` (where the editor resolves the baseline's names, lsp/projectConfig.ts). Without
 * other entries, `./`-relative: what `bandit -r .` and `vigil scan .` write.
 */
export function baselineFilename(results: readonly unknown[], folder: string, absPath: string): string {
  const first = results.find((r): r is { filename: string } => typeof (r as { filename?: unknown })?.filename === 'string');
  if (first && path.isAbsolute(first.filename)) return absPath;
  const rel = path.relative(folder, absPath).split(path.sep).join('/');
  return first && !first.filename.startsWith('./') ? rel : `./${rel}`;
}

/**
 * The edits appending `finding` of the document at `absPath` (text `source`) to the baseline `text`, whose names
 * are relative to `folder`; undefined when `text` is not a Bandit JSON report or the edit could not be checked.
 */
export function baselineAddEdits(text: string, finding: Finding, source: string, folder: string, absPath: string): TextEdit[] | undefined {
  const results = resultsOf(text);
  if (!results) return undefined;
  const entry = banditIssue({
    finding,
    filename: baselineFilename(results, folder, absPath),
    code: bandItCode(sourceLines(source), finding.line, finding.lineRange.length),
  });
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /^( +|\t)"/m.exec(text)?.[1];
  const edits = modify(text, ['results', -1], entry, {
    formattingOptions: { insertSpaces: indent !== '\t', tabSize: indent && indent !== '\t' ? indent.length : 2, eol },
  });
  const after = resultsOf(applyEdits(text, edits));
  if (!after || after.length !== results.length + 1 || JSON.stringify(after[after.length - 1]) !== JSON.stringify(entry)) return undefined;
  return edits.map((e) => ({ start: e.offset, end: e.offset + e.length, text: e.content }));
}
