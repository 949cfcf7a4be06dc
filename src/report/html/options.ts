import type { HistoryPoint } from '../../types.js';

/** What the HTML report needs beyond the result; the CLI gathers it at the edge. */
export interface HtmlOptions {
  /** Earlier runs and this one, oldest first (`--history`). */
  history?: HistoryPoint[];
  /** Link template with `{path}` and `{line}` left to fill; null or absent: sources as plain text. */
  sourceUrl?: string | null;
  /** Where the audited tree sits in the repository the links point into (see ReportOptions.pathPrefix). */
  pathPrefix?: string;
  /**
   * Absolute directories shown relative in error messages: the repository (its path is dropped)
   * and temporary folders (shown as `<tmp>`), so no local path of the CI machine is printed.
   */
  localPaths?: { repoDir?: string; tempDirs?: string[] };
}
