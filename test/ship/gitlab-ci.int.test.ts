import { execa } from 'execa';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const FILE = resolve(import.meta.dirname, '../../examples/gitlab/.gitlab-ci.yml');

interface GitLabJob {
  image: string;
  variables: Record<string, string>;
  script: string[];
  artifacts: { when: string; reports: { codequality: string; junit: string } };
}

describe('the GitLab example', () => {
  it('hands GitLab the Code Quality and JUnit files parity writes, even when the job fails', async () => {
    const job = (parse(await readFile(FILE, 'utf8')) as { parity: GitLabJob }).parity;
    const script = job.script.join('\n');

    expect(script).toContain(`--format codeclimate --out ${job.artifacts.reports.codequality}`);
    expect(script).toContain(`--format junit --out ${job.artifacts.reports.junit}`);
    expect(job.artifacts.when).toBe('always');
    expect(script).toMatch(/npm install --global [^\n]*"parity-gitops@\$\{PARITY_VERSION\}"/);
    expect(script).toContain('--changed-since "$CI_MERGE_REQUEST_DIFF_BASE_SHA"');
    expect(job.variables.GIT_DEPTH).toBe('0');
    expect(script.trimEnd().endsWith('exit "$status"')).toBe(true);
  });

  it('is a script bash parses', async () => {
    const job = (parse(await readFile(FILE, 'utf8')) as { parity: GitLabJob }).parity;
    const check = await execa('bash', ['-n'], { input: job.script.join('\n'), reject: false });
    expect(check.stderr).toBe('');
    expect(check.exitCode).toBe(0);
  });
});
