import { scrubDeep } from '../secrets/scrub-deep.js';
import type { AuditResult } from '../types.js';
import { formatCodeClimate } from './codeclimate.js';
import { formatGithub } from './github.js';
import { formatHtml } from './html/page.js';
import { formatHuman } from './human.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import type { ReportOptions } from './report-options.js';

export type { ReportOptions } from './report-options.js';
import type { Format } from './formats.js';

export { FORMATS, type Format } from './formats.js';

const reporters: Record<Format, (result: AuditResult, options: ReportOptions) => string> = {
  human: (result, options) => formatHuman(result, options),
  json: formatJson,
  markdown: formatMarkdown,
  sarif: formatSarif,
  junit: formatJunit,
  github: formatGithub,
  codeclimate: formatCodeClimate,
  html: (result, options) => formatHtml(result, { ...options.html, ...(options.pathPrefix ? { pathPrefix: options.pathPrefix } : {}) }),
};

/**
 * Formats one result; reporters never print and never decide the exit code. Every string of
 * the result passes the secret scrubber before any reporter quotes, escapes or shortens it.
 */
export function formatResult(result: AuditResult, format: Format, options: ReportOptions): string {
  return reporters[format](scrubDeep(result), options);
}
