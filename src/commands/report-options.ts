import type { Command } from 'commander';
import { tmpdir } from 'node:os';
import type { ReportInputs } from '../baseline/prepare-report.js';
import { repoDirOf, type CommonOptions, type OutputOptions } from './options.js';

interface ReportFlags extends CommonOptions, OutputOptions {
  baseline?: string;
  history?: string;
  sourceUrl?: string;
}

/** `--baseline`, `--history` and `--source-url`: the scheduled report's inputs (`audit`). */
export function addReportOptions(command: Command): Command {
  return command
    .option('--baseline <file>', 'an earlier JSON result of this repository: mark findings new or unchanged and list the resolved ones')
    .option('--history <dir>', 'a folder of earlier JSON results: the HTML report draws counts over time')
    .option('--source-url <template>', 'link source lines in the HTML report, e.g. https://github.com/{repo}/blob/{commit}/{path}#L{line} (default: from GitHub Actions or GitLab CI)');
}

export function reportInputsOf(flags: ReportFlags): ReportInputs {
  return {
    ...(flags.baseline ? { baseline: flags.baseline } : {}),
    ...(flags.history ? { history: flags.history } : {}),
    ...(flags.sourceUrl ? { sourceUrl: flags.sourceUrl } : {}),
    html: flags.format === 'html',
    repoDir: repoDirOf(flags),
    env: process.env,
    tempDirs: [...new Set([tmpdir(), '/tmp'])],
  };
}
