import type { Command } from 'commander';
import { unknownNameMessage } from '../discover/closest-name.js';
import { ConfigError } from '../errors.js';
import type { FindingCode } from '../types.js';
import { addHelp } from './help.js';
import type { SetExitCode } from './options.js';

/** `parity explain MTLS_MISMATCH`: the page of a finding code, as SARIF's `help` and docs/codes hold it. */
export function registerExplain(program: Command, setExitCode: SetExitCode): void {
  const command = program
    .command('explain')
    .description('explain a finding code: what it means, why it matters, how to fix, allow or waive it')
    .argument('<code>', 'a finding code, such as MTLS_MISMATCH or mtls-mismatch');
  addHelp(command, ['parity explain MTLS_MISMATCH', 'parity explain value-drift'], [
    ['0', 'the page was printed'],
    ['2', 'unknown finding code'],
  ]);
  command.action(async (code: string) => {
    const [{ writeReport }, pages] = await Promise.all([import('../report/write-report.js'), import('../report/code-pages.js')]);
    await writeReport(pageOf(findingCodeOf(code, pages), pages));
    setExitCode(0);
  });
}

type CodePages = typeof import('../report/code-pages.js');

/** `mtls-mismatch` and `mtls_mismatch` read as MTLS_MISMATCH; anything else is a usage error. */
function findingCodeOf(value: string, pages: CodePages): FindingCode {
  const code = value.trim().toUpperCase().replace(/-/g, '_');
  if (pages.isFindingCode(code)) return code;
  throw new ConfigError(unknownNameMessage('finding code', value, pages.FINDING_CODES));
}

function pageOf(code: FindingCode, pages: CodePages): string {
  try {
    return pages.readCodePage(code);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new ConfigError(`the page for ${code} (docs/codes/${code}.md) is missing from this installation of parity`);
  }
}
