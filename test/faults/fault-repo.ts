import { execa } from 'execa';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

/** A Deployment whose one env var may differ per environment. */
export function deployment(name: string, value = 'same'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: ${name}
          image: registry.example/${name}:1.0.0
          env:
            - name: MODE
              value: ${value}
`;
}

/** `apps/<service>/base` plus one overlay per environment, each only pulling the base in. */
export function serviceFiles(service: string, envs: string[] = ['dev', 'staging', 'production']): Record<string, string> {
  const files: Record<string, string> = {
    [`apps/${service}/base/kustomization.yaml`]: 'resources: [deployment.yaml]\n',
    [`apps/${service}/base/deployment.yaml`]: deployment(service),
  };
  for (const env of envs) files[`apps/${service}/overlays/${env}/kustomization.yaml`] = 'resources: [../../base]\n';
  return files;
}

/** A committed temporary repo inside its own temporary parent, so tests can put things beside it. */
export interface FaultRepo extends TempRepo {
  /** A directory next to the repo (outside it). */
  outside: string;
  /** Every path in the repo and `git status`, to prove nothing was written. */
  snapshot(): Promise<string>;
  cleanup(): Promise<void>;
}

export async function createFaultRepo(files: Record<string, string>): Promise<FaultRepo> {
  const repo = await createTempRepo(files);
  const outside = await mkdtemp(join(tmpdir(), 'parity-outside-'));
  const snapshot = async () => {
    const status = (await execa('git', ['status', '--porcelain', '--untracked-files=all', '--ignored'], { cwd: repo.dir })).stdout;
    return `${(await listTree(repo.dir)).join('\n')}\n--\n${status}`;
  };
  const cleanup = async () => {
    await repo.remove();
    await rm(outside, { recursive: true, force: true });
  };
  return { ...repo, outside, snapshot, cleanup };
}

async function listTree(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === '.git' && prefix === '') continue;
    const rel = `${prefix}${entry.name}`;
    out.push(entry.isSymbolicLink() ? `${rel}@` : rel);
    if (entry.isDirectory()) out.push(...(await listTree(join(dir, entry.name), `${rel}/`)));
  }
  return out;
}

/** The one line parity printed on stderr (exactly one, no stack trace). */
export function oneLine(stderr: string): string {
  const lines = stderr.split('\n').filter((line) => line.trim() !== '');
  if (lines.length !== 1) throw new Error(`expected one line on stderr, got ${lines.length}:\n${stderr}`);
  return lines[0]!;
}

/** A maker of fault repositories for one test file, each removed after the test that made it. */
export function useFaultRepos(): (files: Record<string, string>) => Promise<FaultRepo> {
  const repos: FaultRepo[] = [];
  afterEach(async () => {
    await Promise.all(repos.splice(0).map((repo) => repo.cleanup()));
  });
  return async (files) => {
    const repo = await createFaultRepo(files);
    repos.push(repo);
    return repo;
  };
}
