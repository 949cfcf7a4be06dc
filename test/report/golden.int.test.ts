import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

/**
 * Golden files: `parity audit` of real fixtures, in the human and markdown formats, compared
 * byte for byte with test/report/golden/ (so a line out of order, missing or extra fails).
 * Only what legitimately differs between machines and runs is masked first: parity's own
 * version, the renderer's name, version and path, commit ids, timestamps and the checkout's
 * absolute path. Colours are off (NO_COLOR).
 *
 * After an intended change of a report, rewrite the files and review their diff:
 *   UPDATE_GOLDEN=1 npx vitest run test/report/golden.int.test.ts
 * (needs the built CLI: `npx tsc -p tsconfig.build.json`).
 */
const ROOT = resolve(import.meta.dirname, '../..');
const GOLDEN = join(import.meta.dirname, 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

interface Case {
  /** Golden file stem. */
  name: string;
  /** Fixture repository under fixtures/. */
  fixture: string;
  /** What `parity audit` exits with on it. */
  exitCode: number;
}

const CASES: Case[] = [
  // Five services over dev → staging → production: blocking findings with sources, allowed ones by rule.
  { name: 'ecommerce-infra', fixture: 'ecommerce-infra', exitCode: 1 },
  // Warnings only (a secret reused across environments, values redacted): the verdict passes.
  { name: 'secret-reuse', fixture: 'realworld-classes/secret-reuse', exitCode: 0 },
];

const FORMATS = [
  { format: 'human', extension: 'txt' },
  { format: 'markdown', extension: 'md' },
] as const;

/** The parts of a report that legitimately differ between machines and runs, replaced by placeholders. */
function maskVolatile(text: string, root: string = ROOT): string {
  return text
    .split(root)
    .join('<ROOT>')
    .replace(/^parity \d+\.\d+\.\d+\S*/m, 'parity <VERSION>')
    .replace(/rendered with (?:kubectl|kustomize) \(Kustomize v?\d+\.\d+\.\d+\S*\)/g, 'rendered with <RENDERER>')
    .replace(/rendered with (?:kubectl|kustomize) v?\d+\.\d+\.\d+[\w.+-]*/g, 'rendered with <RENDERER>')
    .replace(/(?:\/[\w.+-]+)+\/(?:kubectl|kustomize[\w.-]*)\b/g, '<RENDERER_PATH>')
    .replace(/\b[0-9a-f]{40}\b/g, '<COMMIT>')
    .replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z\b/g, '<TIME>');
}

describe('golden reports of parity audit', () => {
  describe.each(CASES)('$fixture', ({ name, fixture, exitCode }) => {
    it.each(FORMATS)('--format $format', async ({ format, extension }) => {
      const run = await runCli(['audit', '--repo', join(ROOT, 'fixtures', fixture), '--format', format, '--no-cache'], {
        // A GitHub Actions run would add a link to itself at the end of the markdown.
        env: { GITHUB_ACTIONS: '' },
      });
      expect(run.stderr).toBe('');
      expect(run.exitCode).toBe(exitCode);
      const actual = maskVolatile(run.stdout);
      const file = join(GOLDEN, `${name}.${extension}`);
      if (UPDATE) {
        await mkdir(GOLDEN, { recursive: true });
        await writeFile(file, actual);
      }
      const expected = await readFile(file, 'utf8').catch(() => {
        throw new Error(`${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/report/golden.int.test.ts and review it`);
      });
      expect(actual).toBe(expected);
    });
  });

  it('masks versions, renderer, commits, times and the checkout path, and nothing else', () => {
    const text = [
      'parity 0.1.0 · rendered with kubectl (Kustomize v5.5.0) · pairs: staging → production',
      '1 service · rendered with kustomize v4.5.4',
      `at ${ROOT}/fixtures/x.yaml, commit 0123456789abcdef0123456789abcdef01234567, 2026-12-03T13:30:08.123Z`,
      'renderer /usr/local/bin/kubectl · image ghcr.io/a/b:5.0.4-1ac2d3f · finding ccc7f24c657afcd2',
    ].join('\n');
    expect(maskVolatile(text)).toBe(
      [
        'parity <VERSION> · rendered with <RENDERER> · pairs: staging → production',
        '1 service · rendered with <RENDERER>',
        'at <ROOT>/fixtures/x.yaml, commit <COMMIT>, <TIME>',
        'renderer <RENDERER_PATH> · image ghcr.io/a/b:5.0.4-1ac2d3f · finding ccc7f24c657afcd2',
      ].join('\n'),
    );
  });
});
