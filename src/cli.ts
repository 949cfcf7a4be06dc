import { Command, CommanderError } from 'commander';
import { createAuditCommand } from './commands/audit.js';
import { createDriftCommand } from './commands/drift.js';
import { createGateCommand } from './commands/gate.js';
import { createMergeCommand } from './commands/merge.js';
import { createPromoteCommand } from './commands/promote.js';
import { createRenderCommand } from './commands/render.js';
import { createRollbackCommand } from './commands/rollback.js';
import { isKnownError } from './errors.js';
import { printError } from './report/write-report.js';
import { VERSION } from './version.js';

/**
 * argv → command → library call → reporter → exit code. The only place that sets the exit
 * code: 0 no blocking finding, 1 blocking findings (gate closed), 2 usage/config/render error.
 */
async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const setExitCode = (code: number): void => {
    exitCode = code;
  };
  const program = new Command('parity')
    .description('Environment-parity drift auditor for GitOps repositories')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();
  for (const create of [createAuditCommand, createGateCommand, createPromoteCommand, createDriftCommand, createRenderCommand, createMergeCommand, createRollbackCommand]) {
    program.addCommand(create(setExitCode).exitOverride());
  }
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    return handleError(error);
  }
}

function handleError(error: unknown): number {
  if (error instanceof CommanderError) {
    // --help and --version end here with exit code 0; usage errors are exit 2 (fail closed).
    return error.exitCode === 0 ? 0 : 2;
  }
  if (isKnownError(error)) {
    printError(`parity: ${error.toLine()}`);
    return 2;
  }
  throw error;
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // An unknown error is a bug: crash loudly, but still with the fail-closed exit code.
    process.stderr.write(`parity: internal error\n${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(2);
  },
);
