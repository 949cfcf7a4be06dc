import type { Command } from 'commander';

/** The exit codes of every command that reports (the contract). */
export const EXIT_CODES = [
  ['0', 'no blocking finding'],
  ['1', 'blocking findings (the gate is closed)'],
  ['2', 'usage, config, render or cluster error, or any doubt (parity fails closed)'],
] as const;

/**
 * Ends a command's `--help` with real examples and the exit codes, and marks its required
 * options. Call it last, once every option is added.
 */
export function addHelp(command: Command, examples: readonly string[], exitCodes: ReadonlyArray<readonly [string, string]> = EXIT_CODES): Command {
  for (const option of command.options) {
    if (option.mandatory && !option.description.endsWith('(required)')) option.description = `${option.description} (required)`;
  }
  const lines = ['', 'Examples:', ...examples.map((example) => `  $ ${example}`), '', 'Exit codes:', ...exitCodes.map(([code, meaning]) => `  ${code}  ${meaning}`)];
  return command.addHelpText('after', lines.join('\n'));
}
