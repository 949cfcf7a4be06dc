import { Command } from 'commander';
import { closestName } from '../discover/closest-name.js';
import { ConfigError } from '../errors.js';
import { FINDING_CODES, isFindingCode, readCodePage } from '../report/code-pages.js';
import { writeReport } from '../report/write-report.js';
import type { FindingCode } from '../types.js';

/** `parity explain MTLS_MISMATCH`: the page of a finding code, as SARIF's `help` and docs/codes hold it. */
export function createExplainCommand(setExitCode: (code: number) => void): Command {
  return new Command('explain')
    .description('explain a finding code: what it means, why it matters, how to fix, allow or waive it')
    .argument('<code>', `a finding code (${FINDING_CODES.join(', ')})`)
    .action(async (code: string) => {
      await writeReport(pageOf(findingCodeOf(code)));
      setExitCode(0);
    });
}

/** `mtls-mismatch` and `mtls_mismatch` read as MTLS_MISMATCH; anything else is a usage error. */
function findingCodeOf(value: string): FindingCode {
  const code = value.trim().toUpperCase().replace(/-/g, '_');
  if (isFindingCode(code)) return code;
  const near = closestName(code, FINDING_CODES);
  const hint = near ? `did you mean ${near}? ` : '';
  throw new ConfigError(`unknown finding code '${value}' (${hint}known: ${FINDING_CODES.join(', ')})`);
}

function pageOf(code: FindingCode): string {
  try {
    return readCodePage(code);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new ConfigError(`the page for ${code} (docs/codes/${code}.md) is missing from this installation of parity`);
  }
}
