/** Shared engine types: levels, findings, edits. No editor or LSP imports here. */

/** Bandit's severity/confidence scale. */
export type Level = 'LOW' | 'MEDIUM' | 'HIGH';
export const LEVELS: readonly Level[] = ['LOW', 'MEDIUM', 'HIGH'];
/** Numeric rank of a level (LOW=1 .. HIGH=3), for thresholds. */
export function levelRank(l: Level): number {
  return l === 'HIGH' ? 3 : l === 'MEDIUM' ? 2 : 1;
}

/** Zero-based row and UTF-16 column, as both tree-sitter (web) and LSP use. */
export interface Position {
  row: number;
  column: number;
}
export interface Range {
  start: Position;
  end: Position;
}

/** A text replacement by UTF-16 offsets into the analysed text. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export type FixSafety = 'safe' | 'unsafe';

/** A concrete fix for one finding. */
export interface Fix {
  title: string;
  safety: FixSafety;
  edits: TextEdit[];
}

/** One finding, in the shape every consumer (LSP, CLI formats, baseline) derives its output from. */
export interface Finding {
  ruleId: string;
  /** Bandit's test name (plugin function name, or the blacklist entry name). */
  testName: string;
  /** Bandit's `test_name` field: the plugin name, or `blacklist` for B3xx/B4xx. */
  banditTestName: string;
  severity: Level;
  confidence: Level;
  cwe: number;
  message: string;
  messageId: string;
  /** 1-based line Bandit reports. */
  line: number;
  /** Bandit's col_offset / end_col_offset: UTF-8 byte columns of the tested node (end on its end line). */
  colOffset: number;
  endColOffset: number;
  /** 1-based lines of the tested node (Bandit's line_range). */
  lineRange: number[];
  /** The precise editor range (UTF-16). */
  range: Range;
  moreInfo: string;
  fixes: Fix[];
  /** UTF-16 offset of the tested node's start (attributes findings to analysis units; not part of any report). */
  offset?: number;
  /** Data for rule-specific consumers (placeholders of the message). */
  data?: Record<string, string>;
}

/** A problem reading or parsing one file: Bandit's `errors[]` entry. */
/** The lines `first..last` (1-based), as a finding's `lineRange` lists them: Bandit's line ranges are contiguous. */
export function lineSpan(first: number, last: number): number[] {
  const lines: number[] = [];
  for (let l = first; l <= last; l++) lines.push(l);
  return lines;
}

export interface FileError {
  filename: string;
  reason: string;
}
