/** Output formats: Bandit's json/txt/screen/csv/custom/html/xml/yaml and SARIF 2.1.0, all rendered from one ScanReport. */
export * from './model';
export { formatJson, toBanditJson, pythonJson, banditTimestamp } from './json';
export { formatText, type TextOptions } from './text';
export { formatSarif, toSarif, fingerprint, toUri } from './sarif';
export { formatCsv } from './csv';
export { formatXml } from './xml';
export { formatYaml, toBanditYaml, pyYaml } from './yaml';
export { formatHtml, htmlEscape, type HtmlOptions } from './html';
export { formatCustom, compileTemplate, pyFormat, pyRepr, parseTemplate, TemplateError, DEFAULT_MSG_TEMPLATE, TEMPLATE_TAGS, type CompiledTemplate } from './custom';

export type OutputFormat = 'json' | 'text' | 'sarif' | 'csv' | 'custom' | 'html' | 'xml' | 'yaml';
/** Bandit's names (`screen`, `txt`) mapped to ours. */
export const FORMAT_ALIASES: Record<string, OutputFormat> = {
  csv: 'csv',
  custom: 'custom',
  html: 'html',
  json: 'json',
  sarif: 'sarif',
  screen: 'text',
  text: 'text',
  txt: 'text',
  xml: 'xml',
  yaml: 'yaml',
};
/** Bandit's `-f` choices (and our `text`), as listed in usage errors. */
export const FORMAT_CHOICES = ['csv', 'custom', 'html', 'json', 'sarif', 'screen', 'text', 'txt', 'xml', 'yaml'] as const;
/** Formats that accept a baseline: Bandit's custom, html, json, screen and txt (any other format exits 2). */
export const BASELINE_FORMATS: ReadonlySet<OutputFormat> = new Set(['custom', 'html', 'json', 'text']);
