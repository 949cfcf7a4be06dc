import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { policyDocumentSchema } from '../../src/policy/policy-schema.js';
import { FINDING_CODES, readCodePage } from '../../src/report/code-pages.js';

const SECTIONS = ['## What it means', '## Why it matters', '## How to fix', '## How to allow or waive it'];

function yamlBlocks(page: string): string[] {
  return [...page.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

describe('docs/codes pages', () => {
  it('has exactly one page per finding code', () => {
    const pages = readdirSync(new URL('../../docs/codes/', import.meta.url)).filter((file) => file.endsWith('.md'));
    expect(pages.map((file) => file.replace(/\.md$/, '')).sort()).toEqual([...FINDING_CODES].sort());
  });

  it.each([...FINDING_CODES])('%s: a titled page with what, why, how to fix and how to allow or waive', (code) => {
    const page = readCodePage(code);
    expect(page.split('\n')[0]).toMatch(new RegExp(`^# ${code} — `));
    let last = -1;
    for (const section of SECTIONS) {
      const at = page.indexOf(section);
      expect(at, section).toBeGreaterThan(last);
      last = at;
    }
  });

  it.each([...FINDING_CODES])('%s: every policy snippet is a valid ParityPolicy', (code) => {
    const policies = yamlBlocks(readCodePage(code)).map((text) => parse(text) as Record<string, unknown>).filter((doc) => doc.kind === 'ParityPolicy');
    expect(policies.length).toBeGreaterThan(0);
    for (const policy of policies) {
      const parsed = policyDocumentSchema.safeParse(policy);
      expect(parsed.success ? [] : parsed.error.issues, JSON.stringify(policy)).toEqual([]);
    }
  });

  it('tells the payments outage story for MTLS_MISMATCH', () => {
    const page = readCodePage('MTLS_MISMATCH');
    expect(page).toMatch(/staging called the sandbox payment processor[\s\S]*no client\s+certificate/);
    expect(page).toMatch(/production's processor required mutual TLS/);
    expect(page).toMatch(/the first call in production failed/);
  });

  it('ships with the npm package', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { files: string[] };
    expect(manifest.files).toContain('docs/codes');
  });
});
