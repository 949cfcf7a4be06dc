import { scrubDeep } from '../secrets/scrub-deep.js';
import type { AuditResult } from '../types.js';
import type { Format } from './formats.js';
import type { ReportOptions } from './report-options.js';

type Reporter = (result: AuditResult, options: ReportOptions) => string;

/**
 * The reporters as the CLI loads them: only the chosen format's modules (chalk for `human`,
 * the HTML page's dozen modules for `html`…). `formatResult` (./index.ts) is the same with
 * every reporter loaded, for library callers.
 */
const loaders: Record<Format, () => Promise<Reporter>> = {
  human: async () => {
    const { formatHuman } = await import('./human.js');
    return (result, options) => formatHuman(result, options);
  },
  json: async () => (await import('./json.js')).formatJson,
  markdown: async () => (await import('./markdown.js')).formatMarkdown,
  sarif: async () => (await import('./sarif.js')).formatSarif,
  junit: async () => (await import('./junit.js')).formatJunit,
  github: async () => (await import('./github.js')).formatGithub,
  codeclimate: async () => (await import('./codeclimate.js')).formatCodeClimate,
  html: async () => {
    const { formatHtml } = await import('./html/page.js');
    return (result, options) => formatHtml(result, { ...options.html, ...(options.pathPrefix ? { pathPrefix: options.pathPrefix } : {}) });
  },
};

/** Formats one result as `formatResult` does, loading the one reporter it needs. */
export async function formatResultLoaded(result: AuditResult, format: Format, options: ReportOptions): Promise<string> {
  const reporter = await loaders[format]();
  return reporter(scrubDeep(result), options);
}
