import { execa } from 'execa';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

// action/run.mjs as the composite action runs it, with the repo's built CLI and library
// standing in for the installed package (the npm pack test covers the installed one).
const ROOT = resolve(import.meta.dirname, '../..');
const SAMPLE = join(ROOT, 'fixtures/ecommerce-infra');

async function runAction(inputs: Record<string, string>, temp?: string) {
  const runnerTemp = temp ?? (await mkdtemp(join(tmpdir(), 'parity-action-')));
  const env = {
    PARITY_BIN: join(ROOT, 'bin/parity.js'),
    PARITY_MODULE: join(ROOT, 'dist/index.js'),
    RUNNER_TEMP: runnerTemp,
    GITHUB_OUTPUT: join(runnerTemp, 'outputs'),
    GITHUB_STEP_SUMMARY: join(runnerTemp, 'summary.md'),
    ...Object.fromEntries(Object.entries(inputs).map(([key, value]) => [`PARITY_INPUT_${key}`, value])),
  };
  const run = await execa(process.execPath, [join(ROOT, 'action/run.mjs')], { env, reject: false, timeout: 120_000 });
  const outputs = Object.fromEntries(
    (await readFile(env.GITHUB_OUTPUT, 'utf8')).trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  const summary = await readFile(env.GITHUB_STEP_SUMMARY, 'utf8').catch(() => '');
  return { run, outputs, summary, runnerTemp };
}

describe('the action’s run step', () => {
  it('reports the CLI’s exit code and verdict, and writes summary, markdown and SARIF from one result', async () => {
    const cli = await runCli(['audit', '--repo', SAMPLE, '--service', 'payments-service']);
    const { run, outputs, summary } = await runAction({ REPO: SAMPLE, SERVICES: 'payments-service' });

    expect(run.exitCode).toBe(0);
    expect(outputs['exit-code']).toBe(String(cli.exitCode));
    expect(outputs['exit-code']).toBe('1');
    expect(outputs.verdict).toBe(cli.stdout.trim().split('\n').pop());
    expect(run.stdout).toContain('MTLS_MISMATCH');
    expect(summary).toMatch(/MTLS\\?_MISMATCH/);
    expect(await readFile(outputs['markdown-file']!, 'utf8')).toBe(summary.slice(0, -1));
    const sarif = JSON.parse(await readFile(outputs['sarif-file']!, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.map((result: { ruleId: string }) => result.ruleId)).toContain('MTLS_MISMATCH');
    const result = JSON.parse(await readFile(outputs['result-file']!, 'utf8'));
    expect(result.summary.blocking).toBe(1);
  });

  it('fails closed with parity’s own error when no result is written, never reusing an earlier one', async () => {
    const temp = await mkdtemp(join(tmpdir(), 'parity-action-'));
    await mkdir(join(temp, 'parity-action'));
    await writeFile(join(temp, 'parity-action/result.json'), JSON.stringify({ schemaVersion: 1, findings: [], errors: [] }));

    const { outputs, summary } = await runAction({ REPO: join(SAMPLE, 'no-such-dir') }, temp);

    expect(outputs['exit-code']).toBe('2');
    expect(outputs.verdict).toMatch(/^parity stopped before writing a result \(exit 2\): parity: /);
    expect(outputs['result-file']).toBe('');
    expect(outputs['sarif-file']).toBe('');
    expect(summary).toContain('parity stopped before writing a result');
  });

  it('refuses a bad input with exit code 2 and names it', async () => {
    const { outputs } = await runAction({ FORMAT: 'pdf' });
    expect(outputs['exit-code']).toBe('2');
    expect(outputs.verdict).toContain('input format: "pdf" is not one of human');
  });
});
