/** Output formats: Bandit's json/txt/screen/csv and SARIF 2.1.0, all rendered from one ScanReport. */
export * from './model';
export { formatJson, toBanditJson, pythonJson, banditTimestamp } from './json';
export { formatText, type TextOptions } from './text';
export { formatSarif, toSarif, fingerprint, toUri } from './sarif';
export { formatCsv } from './csv';

export type OutputFormat = 'json' | 'text' | 'sarif' | 'csv';
/** Bandit's names (`screen`, `txt`) mapped to ours. */
export const FORMAT_ALIASES: Record<string, OutputFormat> = { json: 'json', text: 'text', txt: 'text', screen: 'text', sarif: 'sarif', csv: 'csv' };
/** Formats that accept a baseline (Bandit: custom, html, json, screen, txt; we add csv). */
export const BASELINE_FORMATS: ReadonlySet<OutputFormat> = new Set(['json', 'text', 'csv']);
