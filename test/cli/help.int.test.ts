import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

/** Every command and the options it requires. */
const COMMANDS: Record<string, string[]> = {
  audit: [],
  gate: ['--service', '--from', '--to'],
  promote: ['--service', '--from', '--to'],
  drift: ['--env'],
  render: ['--service', '--env'],
  merge: [],
  rollback: ['--service', '--env'],
  explain: [],
  completion: [],
};

describe('parity --help explains each command', () => {
  it.each(Object.entries(COMMANDS))('%s --help shows real examples, the exit codes and its required options', async (name, required) => {
    const run = await runCli([name, '--help']);
    expect(run.exitCode).toBe(0);
    const examples = run.stdout.split('Examples:\n')[1]?.split('\n\n')[0] ?? '';
    const lines = examples.split('\n').filter((line) => line.trim().startsWith('$ '));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.length).toBeLessThanOrEqual(3);
    for (const line of lines) expect(line).toMatch(name === 'completion' ? /parity completion (bash|zsh|fish)/ : new RegExp(`\\$ parity ${name}\\b`));
    expect(run.stdout).toMatch(/Exit codes:\n {2}0 {2}\S.*\n(?: {2}1 {2}\S.*\n)? {2}2 {2}\S/);
    for (const option of required) expect(run.stdout).toMatch(new RegExp(`${option} <\\w+>.*\\(required\\)`));
    const requiredMarks = run.stdout.match(/\(required\)/g) ?? [];
    expect(requiredMarks).toHaveLength(required.length);
  });

  it('the top-level help lists every command, an example and the exit codes', async () => {
    const run = await runCli(['--help']);
    expect(run.exitCode).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(run.stdout).toMatch(new RegExp(`^ {2}${name}\\b`, 'm'));
    expect(run.stdout).toContain('$ parity gate --service payments-service --from staging --to production');
    expect(run.stdout).toContain('1  blocking findings (the gate is closed)');
  });

  it('a usage error is one line and a pointer to --help, exit 2', async () => {
    const run = await runCli(['gate', '--service', 'payments-service']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      "error: required option '--from <env>' not specified",
      "(run 'parity <command> --help' for its options, examples and exit codes)",
    ]);
  });
});
