import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RenderError } from '../../src/errors.js';
import { unifiedDiff } from '../../src/promote/unified-diff.js';
import { createRenderer } from '../../src/render/index.js';
import { printError, writeReport } from '../../src/report/write-report.js';
import { forgetSecrets, rememberSecrets, scrubText } from '../../src/secrets/index.js';
import { overlaySecretValues } from '../../src/render/overlay-secrets.js';
import { availableRenderers } from '../render/helpers.js';

const BYTES_SECRET = 'CNRYbytesZz9';
const renderers = await availableRenderers();

describe('a Kustomize error that quotes a non-UTF-8 line of an env file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parity-bytes-'));
    await writeFile(join(dir, 'kustomization.yaml'), 'secretGenerator:\n  - name: app\n    envs:\n      - app.env\n');
    await writeFile(join(dir, 'app.env'), Buffer.concat([Buffer.from(`GOOD=fine\nPASSWORD=${BYTES_SECRET}`), Buffer.from([0xff, 0xfe, 0x0a])]));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  afterEach(() => forgetSecrets());

  it('finds at least one real renderer to check against', () => {
    expect(renderers.length).toBeGreaterThan(0);
  });

  it.each(renderers.map((info) => [`${info.name} ${info.version}`, info] as const))(
    'leaves neither the value, its Go quoting nor its byte list in the RenderError (%s)',
    async (_label, info) => {
      const error = await createRenderer(info).render(dir, { timeoutMs: 60_000 }).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(RenderError);
      const { message, stderr } = error as RenderError;
      expect(`${message}\n${stderr}`).toMatch(/invalid utf8|app\.env/i);
      for (const text of [message, stderr, scrubText(`${message} ${stderr}`)]) {
        expect(text).not.toContain(BYTES_SECRET);
        expect(text).not.toMatch(/(?:^|[[ ])67 78 82 89\b/); // "CNRY" as decimal bytes
      }
    },
  );

  it('the overlay secrets hold the raw line in the spellings Kustomize uses, and the vault remembers them', async () => {
    const values = await overlaySecretValues(dir);
    expect(values).toContain(`${BYTES_SECRET}\\xff\\xfe`);
    expect(values.some((value) => value.startsWith('67 78 82 89'))).toBe(true);
    expect(scrubText(`line has invalid utf8 bytes : PASSWORD=${BYTES_SECRET}\\xff\\xfe"`)).not.toContain(BYTES_SECRET);
    expect(scrubText(`PASSWORD=${BYTES_SECRET}\uFFFD\uFFFD`)).not.toContain(BYTES_SECRET);
  });
});

describe('the output doors run the scrubber', () => {
  afterEach(() => {
    forgetSecrets();
    vi.restoreAllMocks();
  });

  it('printError masks remembered values and credential shapes', () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    rememberSecrets(['s3cr3t-remembered']);
    printError('parity: render failed: value s3cr3t-remembered in postgres://app:pw-in-url@db/x');
    expect(lines.join('')).toBe('parity: render failed: value <redacted> in postgres://app:<redacted>@db/x\n');
  });

  it('writeReport masks them in --out files as on stdout', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parity-out-'));
    rememberSecrets(['s3cr3t-remembered']);
    await writeReport('report: s3cr3t-remembered --api-key=flag-secret\n', join(dir, 'report.txt'));
    expect(await readFile(join(dir, 'report.txt'), 'utf8')).toBe('report: <redacted> --api-key=<redacted>\n');
    await rm(dir, { recursive: true, force: true });
  });

  it('the promote diff masks a secretGenerator literal shown as context', () => {
    const before = [
      'secretGenerator:',
      '  - name: app',
      '    literals:',
      '      - database-name=orders',
      '      - API_TOKEN_VALUE=tok-4f9a2c1b',
      'images:',
      '  - name: registry.example.com/app',
      '    newTag: "1.0.0"',
      '',
    ].join('\n');
    const diff = unifiedDiff(before, before.replace('1.0.0', '1.0.1'), 'kustomization.yaml');
    expect(diff).toContain('-    newTag: "1.0.0"');
    expect(diff).toContain(' images:');
    expect(diff).toContain('API_TOKEN_VALUE=<redacted>');
    expect(diff).not.toContain('tok-4f9a2c1b');
  });
});
