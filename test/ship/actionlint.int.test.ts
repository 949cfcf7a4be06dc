import { execa } from 'execa';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultFiles, lintFiles } from '../../scripts/actionlint.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const SCRIPT = join(ROOT, 'scripts/actionlint.mjs');

describe('actionlint over the action and the example workflows', () => {
  it('covers action.yml and every GitHub example, and finds no problem', async () => {
    const files = await defaultFiles();
    expect(files).toEqual(
      expect.arrayContaining([
        'action.yml',
        'examples/github/parity-pr.yml',
        'examples/github/parity-sharded.yml',
        'examples/github/parity-nightly.yml',
        'examples/github/promote.yml',
        'examples/github/rollback.yml',
      ]),
    );
    expect(await lintFiles(files)).toEqual([]);
  }, 60_000);

  it('reports a broken workflow: unknown key, undefined step, unpinned action, bad shell', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parity-actionlint-'));
    const workflow = await readFile(join(ROOT, 'examples/github/parity-pr.yml'), 'utf8');
    const line = (needle: string) => workflow.split('\n').findIndex((text) => text.includes(needle)) + 1;
    const broken = workflow
      .replace('timeout-minutes: 15', 'timeout: 15')
      .replace('steps.base.outputs.sha', 'steps.bsae.outputs.sha')
      .replace('actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683', 'actions/checkout@v4')
      .replace('run: echo "sha=', 'run: if then echo "sha=');
    await writeFile(join(dir, 'broken.yml'), broken);

    const problems = await lintFiles(['broken.yml'], dir);

    const kinds = problems.map((problem) => `${problem.line}:${problem.kind}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        `${line('timeout-minutes: 15')}:syntax-check`,
        `${line('steps.base.outputs.sha')}:expression`,
        `${line('uses: actions/checkout@')}:pin`,
        `${line('run: echo "sha=')}:shell`,
      ]),
    );
    expect(problems.find((problem) => problem.kind === 'expression')?.message).toContain('"bsae"');
    const cli = await execa(process.execPath, [SCRIPT, 'broken.yml'], { cwd: dir, reject: false });
    expect(cli.exitCode).toBe(1);
    expect(cli.stdout).toContain(`broken.yml:${line('steps.base.outputs.sha')}:`);
  }, 60_000);

  it('reports a broken action.yml by its own lines: shape, expressions inside steps, pins', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parity-actionlint-'));
    const action = await readFile(join(ROOT, 'action.yml'), 'utf8');
    const line = (needle: string) => action.split('\n').findIndex((text) => text.includes(needle)) + 1;
    const broken = action
      .replace("inputs.comment == 'true'", "inputs.commnet == 'true'")
      .replace('actions/setup-node@249970729cb0ef3589644e2896645e5dc5ba9c38', 'actions/setup-node@main');
    await writeFile(join(dir, 'action.yml'), broken);
    const noShell = action.replace('      shell: bash\n      env:\n        PARITY_VERSION', '      env:\n        PARITY_VERSION');
    await writeFile(join(dir, 'action.yaml'), noShell);

    const problems = await lintFiles(['action.yml', 'action.yaml'], dir);

    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'action.yml', line: line("inputs.comment == 'true'"), kind: 'expression' }),
        expect.objectContaining({ file: 'action.yml', line: line('actions/setup-node@'), kind: 'pin' }),
        expect.objectContaining({ file: 'action.yaml', kind: 'action', message: expect.stringContaining('must name its `shell`') }),
      ]),
    );
  }, 60_000);
});
