import type { HtmlOptions } from './html/options.js';

/** What a reporter may be told besides the result; every field has a default. */
export interface ReportOptions {
  /** Colour for the human format (only on a TTY, never under NO_COLOR). */
  color: boolean;
  /**
   * Prepended to repo-relative paths in SARIF, annotations, Code Quality and the HTML report's
   * source links, so they are
   * relative to the git root when the audited tree lives in a subfolder (`gitops/`). Empty
   * when `--repo` is the git root.
   */
  pathPrefix?: string | undefined;
  /** Where the full report is (`--report-url`, or the CI run); the markdown comment links to it. */
  reportUrl?: string | undefined;
  /** HTML only: history, source links, local paths to hide (see `html/options.ts`). */
  html?: HtmlOptions;
}

/** `apps/x/a.yaml` under prefix `gitops/` → `gitops/apps/x/a.yaml`; forward slashes, no `./`. */
export function prefixPath(file: string, prefix: string | undefined): string {
  const clean = (text: string) => text.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\/+/, '');
  const head = clean(prefix ?? '').replace(/\/+$/, '');
  const tail = clean(file);
  return head ? `${head}/${tail}` : tail;
}
