import type { Command } from 'commander';
import type { ReportOptions } from '../report/index.js';

/** The CI-output flags of every reporting command (`--path-prefix`, `--report-url`). */
export interface CiOutputFlags {
  pathPrefix?: string;
  reportUrl?: string;
}

export function addCiOutputOptions(command: Command): Command {
  return command
    .option('--path-prefix <dir>', 'prefix of report paths for code scanning and annotations (default: where --repo sits in its git repository)')
    .option('--report-url <url>', 'link to the full report at the end of a shortened markdown comment (default in GitHub Actions: the run)');
}

/** Formats whose paths are placed on the repository (code scanning, annotations, Code Quality, HTML source links). */
const GIT_ROOT_FORMATS = new Set(['sarif', 'github', 'codeclimate', 'html']);

/**
 * `pathPrefix`: `--path-prefix`, else where `--repo` sits in its git work tree (asked of git only
 * for the formats that need it). `reportUrl`: `--report-url`, else in GitHub Actions the run's
 * page (`$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID`), which holds the
 * job summary and the uploaded reports.
 */
export async function reportOptionsOf(flags: CiOutputFlags & { format: string; repo?: string }): Promise<Omit<ReportOptions, 'color'>> {
  const pathPrefix = flags.pathPrefix ?? (GIT_ROOT_FORMATS.has(flags.format) && flags.repo !== undefined ? await gitPrefixOf(flags.repo) : '');
  const reportUrl = flags.reportUrl ?? githubRunUrl(process.env);
  return { pathPrefix, ...(reportUrl ? { reportUrl } : {}) };
}

/** Loaded only when a format needs it: git (and execa) stay out of `--version` and `--help`. */
async function gitPrefixOf(repo: string): Promise<string> {
  const { gitPathPrefix } = await import('../git/path-prefix.js');
  return gitPathPrefix(repo);
}

export function githubRunUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: run } = env;
  if (env.GITHUB_ACTIONS !== 'true' || !server || !repository || !run) return undefined;
  return `${server.replace(/\/+$/, '')}/${repository}/actions/runs/${run}`;
}
