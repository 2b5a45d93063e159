/**
 * Code actions for the diagnostics of the server's analysis of the document's current text (`findings`; a
 * diagnostic whose finding is no longer at its place gets none): the rule's fixes (quickfix), "Suppress Bxxx on
 * this line" (`# nosec`), "Add this finding to the baseline", "Disable Bxxx in pyproject.toml" and the
 * `per_file_skips` offers, and `source.fixAll.vigil` (every safe fix, non-overlapping, in one edit). For fix-all
 * the server passes its own diagnostics of the current version (server.ts), so saving right after typing fixes
 * the text being saved.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  TextDocumentEdit,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { baselineAddEdits } from '../engine/baselineEdit';
import { selectFixes } from '../engine/fixes';
import { ownFilePattern, ownFolderPattern, pyprojectPerFileSkipEdit, pyprojectSkipEdit, testFilePattern } from '../engine/pyprojectEdit';
import { suppressEdit } from '../engine/suppressEdit';
import { relativeBelow } from '../engine/paths';
import type { Finding, TextEdit } from '../engine/types';
import { FIX_ALL_KIND, type Settings } from '../protocol';
import { vigilData } from './diagnostics';

export interface CodeActionEnv {
  settings: Settings;
  /** The findings the document's current text shows (server.ts `Analysed.shown`); empty when not analysed. */
  findings: readonly Finding[];
  /** The pyproject.toml that "Disable in pyproject.toml" edits for this document, or undefined for none. */
  pyprojectPath: string | undefined;
  /** The document's file path (a test file gets "Skip Bxxx in files matching ..."); undefined when not a file. */
  documentPath?: string;
  /**
   * The baseline that applies to the document (`vigil.baseline` or its folder's `.bandit`), the folder its file
   * names are relative to, and the findings of the analysis the diagnostics came from: "Add this finding to the
   * baseline" appends the diagnostic's finding. Undefined: no such action.
   */
  baseline?: { file: string; folder: string; findings: readonly Finding[] };
  /**
   * The client resolves a code action's `edit` on demand (`codeAction/resolve`): the baseline action is then sent
   * without its edit, which reads and parses the whole report (about 60 ms for a 1 MB one), on every request of the
   * light bulb otherwise.
   */
  resolveEdits?: boolean;
}

/** The `data` of an unresolved "Add this finding to the baseline" action: which finding, in which version. */
export interface BaselineActionData {
  vigil: 'addToBaseline';
  uri: string;
  version: number;
  ruleId: string;
  line: number;
  start: { line: number; character: number };
}

export function isBaselineActionData(d: unknown): d is BaselineActionData {
  return !!d && typeof d === 'object' && (d as { vigil?: unknown }).vigil === 'addToBaseline';
}

function wants(only: readonly string[] | undefined, kind: string): boolean {
  if (!only) return true;
  return only.some((k) => kind === k || kind.startsWith(k + '.'));
}

function versioned(doc: TextDocument, edits: LspTextEdit[]): WorkspaceEdit {
  return { documentChanges: [TextDocumentEdit.create({ uri: doc.uri, version: doc.version }, edits)] };
}

function toLsp(doc: TextDocument, e: TextEdit): LspTextEdit {
  return { range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.text };
}

/**
 * The edit adding `ruleId` to the skips of `file` (created when missing), or with `pattern` to that pattern's
 * `per_file_skips`; undefined when already there.
 */
export function pyprojectWorkspaceEdit(file: string, ruleId: string, pattern?: string): WorkspaceEdit | undefined {
  const exists = fs.existsSync(file);
  const text = exists ? fs.readFileSync(file, 'utf8') : undefined;
  const edit = pattern === undefined ? pyprojectSkipEdit(text, ruleId) : pyprojectPerFileSkipEdit(text, pattern, ruleId);
  if (!edit) return undefined;
  const uri = pathToFileURL(file).href;
  const tdoc = TextDocument.create(uri, 'toml', 0, text ?? '');
  const change = TextDocumentEdit.create({ uri, version: null }, [toLsp(tdoc, edit)]);
  return { documentChanges: exists ? [change] : [{ kind: 'create', uri, options: { ignoreIfExists: true } }, change] };
}

/** The key a finding is looked up by: its rule, reported line and start (0-based row and UTF-16 column). */
function findingKey(ruleId: string, line: number, row: number, column: number): string {
  return `${ruleId}|${line}|${row}|${column}`;
}

const keyOf = (f: Finding) => findingKey(f.ruleId, f.line, f.range.start.row, f.range.start.column);

/** The finding a diagnostic shows: same rule, line and start (`findingKey`). */
function findingOf(findings: readonly Finding[], at: BaselineActionData['start'], ruleId: string, line: number): Finding | undefined {
  const key = findingKey(ruleId, line, at.line, at.character);
  return findings.find((f) => keyOf(f) === key);
}

/** A reader of the baseline file's text that reads it once, at its first call (one per request). */
export function baselineReader(file: string): () => string | undefined {
  let read: { text: string | undefined } | undefined;
  return () => {
    if (!read) {
      try {
        read = { text: fs.readFileSync(file, 'utf8') };
      } catch {
        read = { text: undefined }; // reported where the baseline is loaded (lsp/projectConfig.ts)
      }
    }
    return read.text;
  };
}

/**
 * The edit appending a finding (`at`, `ruleId`, `line`: as its diagnostic shows it) to the baseline file (a Bandit
 * JSON report, its text from `report`); undefined when the file cannot be read or is not such a report, or the
 * finding is not among `findings`.
 */
export function baselineWorkspaceEdit(baseline: NonNullable<CodeActionEnv['baseline']>, report: () => string | undefined, doc: TextDocument, documentPath: string, at: BaselineActionData['start'], ruleId: string, line: number): WorkspaceEdit | undefined {
  const finding = findingOf(baseline.findings, at, ruleId, line);
  if (!finding) return undefined;
  const text = report();
  if (text === undefined) return undefined;
  const edits = baselineAddEdits(text, finding, doc.getText(), baseline.folder, documentPath);
  if (!edits) return undefined;
  const uri = pathToFileURL(baseline.file).href;
  const tdoc = TextDocument.create(uri, 'json', 0, text);
  return { documentChanges: [TextDocumentEdit.create({ uri, version: null }, edits.map((e) => toLsp(tdoc, e)))] };
}


export function provideCodeActions(params: CodeActionParams, doc: TextDocument, env: CodeActionEnv): CodeAction[] {
  const only = params.context.only;
  const fixes: CodeAction[] = [];
  const suppressions: CodeAction[] = [];
  const disables: CodeAction[] = [];
  const byKey = new Map<string, Finding>();
  for (const f of env.findings) byKey.set(keyOf(f), f);
  const current: { diagnostic: Diagnostic; finding: Finding }[] = [];
  for (const d of params.context.diagnostics) {
    const data = vigilData(d);
    // The diagnostic's finding in the current text; none when an edit moved or removed it since (stale).
    const finding = data && byKey.get(findingKey(data.ruleId, data.line, d.range.start.line, d.range.start.character));
    if (finding) current.push({ diagnostic: d, finding });
  }
  const text = doc.getText();
  const report = env.baseline && !env.resolveEdits ? baselineReader(env.baseline.file) : undefined;
  if (wants(only, CodeActionKind.QuickFix)) {
    const seenSuppress = new Set<string>();
    const seenDisable = new Set<string>();
    for (const { diagnostic, finding } of current) {
      const ruleId = finding.ruleId;
      for (const fix of finding.fixes) {
        fixes.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          ...(fix.safety === 'safe' ? { isPreferred: true } : {}),
          edit: versioned(doc, fix.edits.map((e) => toLsp(doc, e))),
        });
      }
      if (env.settings.codeAction.disableRuleComment.enable) {
        const key = `${ruleId}:${finding.line}`;
        if (!seenSuppress.has(key)) {
          seenSuppress.add(key);
          const lines: [number, number] = [finding.lineRange[0] ?? finding.line, finding.lineRange[finding.lineRange.length - 1] ?? finding.line];
          const e = suppressEdit(text, finding.line, ruleId, lines);
          if (e) {
            suppressions.push({
              title: `Suppress ${ruleId} on this line`,
              kind: CodeActionKind.QuickFix,
              diagnostics: [diagnostic],
              edit: versioned(doc, [toLsp(doc, e)]),
            });
          }
        }
      }
      if (env.baseline && env.documentPath) {
        const title = `Add this ${ruleId} finding to the baseline (${path.basename(env.baseline.file)})`;
        const at = diagnostic.range.start;
        if (report) {
          const edit = baselineWorkspaceEdit(env.baseline, report, doc, env.documentPath, at, ruleId, finding.line);
          if (edit) disables.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit });
        } else {
          // The report loaded (the server offers no baseline otherwise): its edit is made when the action is chosen.
          const lazy: BaselineActionData = { vigil: 'addToBaseline', uri: doc.uri, version: doc.version, ruleId, line: finding.line, start: { line: at.line, character: at.character } };
          disables.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], data: lazy });
        }
      }
      if (env.pyprojectPath && !seenDisable.has(ruleId)) {
        seenDisable.add(ruleId);
        const name = path.basename(env.pyprojectPath);
        const root = path.dirname(env.pyprojectPath);
        const docPath = env.documentPath;
        const offers: [string, string | undefined][] = [[`Disable ${ruleId} in ${name}`, undefined]];
        if (docPath) {
          // In a test file, the id can also be turned off for test files only (per_file_skips).
          const pattern = testFilePattern(root, docPath);
          if (pattern) offers.push([`Skip ${ruleId} in files matching "${pattern}" (per_file_skips in ${name})`, pattern]);
          // Any file can turn the id off for itself alone, or for its folder and the folders below (the
          // catalogue's "disable for this file/folder"; a file at the project's root has no folder of its own).
          const own = ownFilePattern(root, docPath);
          if (own) offers.push([`Skip ${ruleId} in this file (per_file_skips in ${name})`, own]);
          const folder = ownFolderPattern(root, docPath);
          const shown = relativeBelow(root, path.dirname(docPath))?.split(path.sep).join('/');
          // (Not for a top-level tests/ folder, which the test-file pattern above already covers.)
          if (folder && shown && pattern !== `${shown}/`) offers.push([`Skip ${ruleId} in this folder, "${shown}/" (per_file_skips in ${name})`, folder]);
        }
        for (const [title, p] of offers) {
          try {
            const edit = pyprojectWorkspaceEdit(env.pyprojectPath, ruleId, p);
            if (edit) disables.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit });
          } catch {
            // A pyproject.toml we cannot edit safely: no action (its parse error is reported elsewhere).
          }
        }
      }
    }
  }
  const actions = [...fixes, ...suppressions, ...disables];
  // Fix-all only when asked for (a source action), not in the light bulb.
  if (env.settings.fixAll && only && only.some((k) => FIX_ALL_KIND === k || FIX_ALL_KIND.startsWith(k + '.'))) {
    const findings = current.map(({ finding }) => finding);
    const { edits } = selectFixes(findings, false);
    if (edits.length > 0) {
      edits.sort((a, b) => a.start - b.start);
      actions.push({ title: 'Vigil: fix all safe problems', kind: FIX_ALL_KIND, edit: versioned(doc, edits.map((e) => toLsp(doc, e))) });
    }
  }
  return actions;
}
