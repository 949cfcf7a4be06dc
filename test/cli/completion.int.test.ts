import { execa } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const COMMANDS = ['audit', 'gate', 'promote', 'drift', 'render', 'merge', 'rollback', 'explain', 'completion'];

describe('parity completion', () => {
  let dir: string;
  let script: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parity-completion-'));
    const run = await runCli(['completion', 'bash']);
    expect(run.exitCode).toBe(0);
    script = join(dir, 'parity.bash');
    await writeFile(script, run.stdout);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** Sources the script in real bash, sets COMP_WORDS/COMP_CWORD as bash would, and returns COMPREPLY. */
  async function complete(...words: string[]): Promise<string[]> {
    const quoted = words.map((word) => `'${word}'`).join(' ');
    const program = `source '${script}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _parity; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const { stdout } = await execa('bash', ['--norc', '--noprofile', '-c', program]);
    return stdout.split('\n').filter(Boolean).sort();
  }

  it('the bash script is valid bash and registers itself for parity', async () => {
    await execa('bash', ['-n', script]);
    const { stdout } = await execa('bash', ['--norc', '--noprofile', '-c', `source '${script}'; complete -p parity`]);
    expect(stdout).toBe('complete -o default -F _parity parity');
  });

  it('completes command names', async () => {
    expect(await complete('parity', '')).toEqual([...COMMANDS, '--help', '--version'].sort());
    expect(await complete('parity', 'pro')).toEqual(['promote']);
    expect(await complete('parity', 'r')).toEqual(['render', 'rollback']);
  });

  it('completes the options of the command typed', async () => {
    expect(await complete('parity', 'gate', '--fr')).toEqual(['--from']);
    expect(await complete('parity', 'audit', '--ch')).toEqual(['--changed-since']);
    expect(await complete('parity', 'audit', '--p')).toEqual(['--pairs', '--path-prefix', '--policy']);
    for (const command of ['audit', 'gate', 'promote', 'render', 'drift']) expect(await complete('parity', command, '--argo')).toEqual(['--argocd']);
    expect(await complete('parity', 'render', '--clu')).toEqual(['--cluster', '--clusters']);
    // `--from` belongs to gate, not to audit.
    expect(await complete('parity', 'audit', '--fr')).toEqual([]);
  });

  it('completes option values from their choices, and leaves other values to file names', async () => {
    expect(await complete('parity', 'audit', '--format', 's')).toEqual(['sarif']);
    expect(await complete('parity', 'merge', 'a.json', '--fail-on', '')).toEqual(['error', 'never', 'warning']);
    expect(await complete('parity', 'audit', '--config', '')).toEqual([]);
  });

  it.each(['zsh', 'fish'])('the %s script names every command and its options', async (shell) => {
    const run = await runCli(['completion', shell]);
    expect(run.exitCode).toBe(0);
    for (const command of COMMANDS) expect(run.stdout).toMatch(new RegExp(`\\b${command}\\b`));
    expect(run.stdout).toMatch(shell === 'zsh' ? /'--changed-since\[/ : /-l changed-since/);
    expect(run.stdout).toContain('human json markdown sarif');
  });

  it('an unknown shell is a usage error', async () => {
    const run = await runCli(['completion', 'tcsh']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("'tcsh' is invalid");
    expect(run.stdout).toBe('');
  });
});
