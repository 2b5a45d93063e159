/**
 * Bandit's baseline (-b old.json): issues compared by (text, severity, cwe, confidence, filename, test_name,
 * test_id), line numbers ignored. Compared as a multiset: with N equal issues in the baseline and M > N now,
 * M - N are new; each new issue carries every current equal issue as `candidates` (which one is new cannot be
 * told).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from './types';

/** A baseline that cannot be read or is not a Bandit JSON report. */
export class BaselineError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'BaselineError';
  }
}

/** The fields an issue is compared by. `cwe` undefined = the baseline predates CWE ids (matches any). */
export interface BaselineKey {
  text: string;
  severity: string;
  confidence: string;
  cwe: number | undefined;
  filename: string;
  testName: string;
  testId: string;
}

function keyString(k: BaselineKey, withCwe: boolean): string {
  return JSON.stringify([k.text, k.severity, k.confidence, withCwe ? (k.cwe ?? 0) : null, k.filename, k.testName, k.testId]);
}

/** Reads the `results` of a Bandit JSON report. */
export function loadBaseline(file: string): BaselineKey[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new BaselineError(file, `could not open baseline report (${err.code === 'ENOENT' ? 'no such file' : err.message})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(file, `not a JSON report: ${(e as Error).message}`);
  }
  const results = (doc as { results?: unknown })?.results;
  if (!Array.isArray(results)) throw new BaselineError(file, 'not a Bandit JSON report (no "results" list)');
  return results.map((r, i) => {
    const o = r as Record<string, unknown>;
    const str = (k: string): string => {
      const v = o?.[k];
      if (typeof v !== 'string') throw new BaselineError(file, `results[${i}].${k}: expected a string`);
      return v;
    };
    const cweField = o?.issue_cwe as { id?: unknown } | undefined;
    const cwe = cweField && typeof cweField === 'object' ? (typeof cweField.id === 'number' ? cweField.id : 0) : undefined;
    return {
      text: str('issue_text'),
      severity: str('issue_severity'),
      confidence: str('issue_confidence'),
      cwe,
      filename: str('filename'),
      testName: str('test_name'),
      testId: str('test_id'),
    };
  });
}

/** The new issues of `current` against `baseline`, each with its candidates (all current equal issues). */
export function compareBaseline<T>(current: readonly T[], keyOf: (t: T) => BaselineKey, baseline: readonly BaselineKey[]): { issue: T; candidates: T[] }[] {
  const withCwe = new Map<string, number>();
  const withoutCwe = new Map<string, number>();
  for (const b of baseline) {
    const m = b.cwe === undefined ? withoutCwe : withCwe;
    const k = keyString(b, b.cwe !== undefined);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  const groups = new Map<string, T[]>();
  for (const c of current) {
    const k = keyString(keyOf(c), true);
    const g = groups.get(k);
    if (g) g.push(c);
    else groups.set(k, [c]);
  }
  const out: { issue: T; candidates: T[] }[] = [];
  const isNew = new Set<T>();
  for (const [k, list] of groups) {
    const key = keyOf(list[0]!);
    const k2 = keyString(key, false);
    // Consume baseline entries: exact (with CWE) first, then CWE-less ones.
    let budget = withCwe.get(k) ?? 0;
    const used = Math.min(budget, list.length);
    withCwe.set(k, budget - used);
    let remaining = list.length - used;
    budget = withoutCwe.get(k2) ?? 0;
    const used2 = Math.min(budget, remaining);
    withoutCwe.set(k2, budget - used2);
    remaining -= used2;
    for (const c of list.slice(list.length - remaining)) isNew.add(c);
  }
  for (const c of current) {
    if (!isNew.has(c)) continue;
    const k = keyString(keyOf(c), true);
    out.push({ issue: c, candidates: groups.get(k)! });
  }
  return out;
}

/** A finding's baseline key, under the file name it is reported with. */
export function findingKey(f: Finding, filename: string): BaselineKey {
  return { text: f.message, severity: f.severity, confidence: f.confidence, cwe: f.cwe, filename, testName: f.banditTestName, testId: f.ruleId };
}

/**
 * A baseline for the editor: its entries by file, each file name resolved against the workspace folder (where
 * `bandit -r .` or `vigil scan -b` ran from), so a document finds its entries by its absolute path.
 */
export class FolderBaseline {
  private readonly byFile = new Map<string, BaselineKey[]>();

  constructor(entries: readonly BaselineKey[], folder: string) {
    for (const e of entries) {
      const abs = path.resolve(folder, e.filename);
      const list = this.byFile.get(abs);
      const entry = { ...e, filename: abs };
      if (list) list.push(entry);
      else this.byFile.set(abs, [entry]);
    }
  }

  /** The findings of the file at `absPath` that the baseline does not hold, in their order (the CLI's `results`). */
  newFindings<F extends Finding>(findings: readonly F[], absPath: string): F[] {
    const entries = this.byFile.get(path.resolve(absPath));
    if (!entries || findings.length === 0) return [...findings];
    const filename = path.resolve(absPath);
    return compareBaseline(findings, (f) => findingKey(f, filename), entries).map((n) => n.issue);
  }
}
