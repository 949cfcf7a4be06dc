import type { HtmlOptions } from '../report/html/options.js';
import type { AuditResult } from '../types.js';
import { compareWithBaseline } from './compare-baseline.js';
import { readBaseline } from './read-baseline.js';
import { readHistory } from './read-history.js';
import { resolveSourceUrl } from './source-url.js';

export interface ReportInputs {
  /** `--baseline FILE`: an earlier JSON result of this repository. */
  baseline?: string;
  /** `--history DIR`: a folder of earlier JSON results. */
  history?: string;
  /** `--source-url TEMPLATE`. */
  sourceUrl?: string;
  /** Whether the HTML report is written (the CI environment then fills in source links). */
  html: boolean;
  repoDir: string;
  env: Record<string, string | undefined>;
  tempDirs: string[];
}

/** The result compared with its baseline, and what the HTML report draws beside it. */
export async function prepareReport(result: AuditResult, inputs: ReportInputs): Promise<{ result: AuditResult; html: HtmlOptions }> {
  const compared = inputs.baseline ? compareWithBaseline(result, await readBaseline(inputs.baseline, result.run), inputs.baseline) : result;
  const html: HtmlOptions = { localPaths: { repoDir: inputs.repoDir, tempDirs: inputs.tempDirs } };
  if (inputs.history) html.history = await readHistory(inputs.history, compared);
  if (inputs.html || inputs.sourceUrl) html.sourceUrl = resolveSourceUrl(inputs.sourceUrl, inputs.env, compared.run);
  return { result: compared, html };
}
