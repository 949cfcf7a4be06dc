import { Command, CommanderError } from 'commander';
import { undoAll } from './cleanup.js';
import { registerAudit } from './commands/audit.js';
import { registerCompletion } from './commands/completion.js';
import { registerDrift } from './commands/drift.js';
import { registerExplain } from './commands/explain.js';
import { registerGate } from './commands/gate.js';
import { EXIT_CODES } from './commands/help.js';
import { registerMerge } from './commands/merge.js';
import type { SetExitCode } from './commands/options.js';
import { registerPromote } from './commands/promote.js';
import { registerRender } from './commands/render.js';
import { registerRollback } from './commands/rollback.js';
import { isKnownError } from './errors.js';
import { VERSION } from './version.js';

/**
 * Every command, in `--help` order. A command file defines its options and help and loads what
 * it runs only in its action, so `--version` and `--help` load none of the pipeline.
 * A new command is one `register<Command>` file in src/commands/ and one line here.
 */
const COMMANDS: Array<(program: Command, setExitCode: SetExitCode) => void> = [
  registerAudit,
  registerGate,
  registerPromote,
  registerDrift,
  registerRender,
  registerMerge,
  registerRollback,
  registerExplain,
  registerCompletion,
];

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
    .showHelpAfterError("(run 'parity <command> --help' for its options, examples and exit codes)")
    .exitOverride()
    .addHelpText('after', ['', 'Examples:', '  $ parity audit', '  $ parity gate --service payments-service --from staging --to production', '  $ parity audit --help', '', 'Exit codes:', ...EXIT_CODES.map(([code, meaning]) => `  ${code}  ${meaning}`)].join('\n'));
  for (const register of COMMANDS) register(program, setExitCode);
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    return handleError(error);
  }
}

async function handleError(error: unknown): Promise<number> {
  if (error instanceof CommanderError) {
    // --help and --version end here with exit code 0; usage errors are exit 2 (fail closed).
    return error.exitCode === 0 ? 0 : 2;
  }
  if (isKnownError(error)) {
    await printError(`parity: ${error.toLine()}`);
    return 2;
  }
  throw error;
}

/** One scrubbed line on stderr; the scrubber loads only when there is something to say. */
async function printError(line: string): Promise<void> {
  const { printError: print } = await import('./report/write-report.js');
  print(line);
}

/** Exit codes of a run stopped by a signal, as a shell reports them (128 + signal number). */
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * SIGINT/SIGTERM: kill the Kustomize process groups still running, remove temporary
 * directories, say so in one line and exit 130/143. Nothing is reported: a run cut short
 * has no verdict.
 */
function stopOnSignals(): void {
  for (const [signal, code] of Object.entries(SIGNAL_EXIT_CODES)) {
    process.once(signal, () => {
      undoAll();
      process.stderr.write(`parity: stopped by ${signal}; nothing was reported\n`);
      process.exit(code);
    });
  }
}

/**
 * A command whose promise never settles (a read that hangs with nothing left to wake it) would
 * let Node drain its event loop and exit 0 — failing open. Ending without a verdict is exit 2.
 */
function refuseExitWithoutVerdict(hasVerdict: () => boolean): void {
  process.once('beforeExit', () => {
    if (hasVerdict()) return;
    undoAll();
    process.stderr.write('parity: internal: command ended without a result\n');
    process.exit(2);
  });
}

/** Once the verdict is set, a stray handle (a socket the server keeps open) must not hold the exit back. */
const LINGER_MS = 2_000;

function exitWith(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), LINGER_MS).unref();
}

/**
 * A report whose reader went away (`parity audit | head -c0`, a closed pipe) was not delivered:
 * exit 2 with one line, not Node's unhandled EPIPE stack and exit 1, which reads as findings.
 */
function failOnClosedStdout(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    undoAll();
    process.stderr.write(`parity: cannot write the report to stdout: ${error.code ?? error.message}; it was not delivered\n`);
    process.exit(2);
  });
}

let verdict = false;
failOnClosedStdout();
stopOnSignals();
refuseExitWithoutVerdict(() => verdict);
main(process.argv).then(
  (code) => {
    verdict = true;
    exitWith(code);
  },
  async (error: unknown) => {
    verdict = true;
    undoAll();
    // An unknown error is a bug: crash loudly, but still with the fail-closed exit code.
    await printError(`parity: internal error\n${(error as Error)?.stack ?? String(error)}`);
    process.exit(2);
  },
);
