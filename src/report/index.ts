import { scrubDeep } from '../secrets/scrub-deep.js';
import type { AuditResult } from '../types.js';
import { formatGithub } from './github.js';
import { formatHtml } from './html/page.js';
import type { HtmlOptions } from './html/options.js';
import { formatHuman } from './human.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';

export const FORMATS = ['human', 'json', 'markdown', 'sarif', 'junit', 'github', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export interface ReportOptions {
  /** Colour for the human format (only on a TTY, never under NO_COLOR). */
  color: boolean;
  /** HTML only: history, source links, local paths to hide (see `html/options.ts`). */
  html?: HtmlOptions;
}

const reporters: Record<Format, (result: AuditResult, options: ReportOptions) => string> = {
  human: (result, options) => formatHuman(result, options),
  json: formatJson,
  markdown: formatMarkdown,
  sarif: formatSarif,
  junit: formatJunit,
  github: formatGithub,
  html: (result, options) => formatHtml(result, options.html),
};

export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

/**
 * Formats one result; reporters never print and never decide the exit code. Every string of
 * the result passes the secret scrubber before any reporter quotes, escapes or shortens it.
 */
export function formatResult(result: AuditResult, format: Format, options: ReportOptions): string {
  return reporters[format](scrubDeep(result), options);
}
