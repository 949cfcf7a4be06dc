import { execa } from 'execa';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const projectDir = resolve(import.meta.dirname, '../..');
const script = join(projectDir, 'scripts/accuracy.mjs');

async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, file)), { recursive: true });
    await writeFile(join(root, file), text);
  }
}

const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: ${image}}]
`;

const configMap = (level: string, allowed: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {LOG_LEVEL: ${level}, ALLOWED: ${allowed}}
`;

/** A tiny repository: production changes the image repository, LOG_LEVEL and ALLOWED. */
const tree = {
  'app/staging/kustomization.yaml': 'resources: [deployment.yaml, settings.yaml]\n',
  'app/staging/deployment.yaml': deployment('registry.example/web:1.0'),
  'app/staging/settings.yaml': configMap('debug', 'a'),
  'app/production/kustomization.yaml': 'resources: [deployment.yaml, settings.yaml]\n',
  'app/production/deployment.yaml': deployment('mirror.example/web:1.0'),
  'app/production/settings.yaml': configMap('info', 'b'),
};

const trial = {
  'tiny/repo.yaml': 'repo: example/tiny\ncommit: 0123456789abcdef\nsubfolder: app\n',
  'tiny/parity.config.yaml': `environments: [staging, production]
services:
  - name: web
    overlays: {staging: staging, production: production}
policies: [policy.yaml]
`,
  'tiny/policy.yaml': `apiVersion: parity.dev/v1alpha1
kind: ParityPolicy
metadata: {name: tiny}
spec:
  allow:
    - {id: allowed-key, reason: set per environment, kinds: [ConfigMap], paths: [data.ALLOWED]}
`,
  'tiny/ground-truth.yaml': `repo: example/tiny
services:
  - name: web
    pairs:
      - envs: [staging, production]
        diffLines: 12
        blocking:
          - {class: image-repository, code: IMAGE_MISMATCH, kind: Deployment, name: web, why: another registry}
          - {class: made-up-hazard, code: VALUE_DRIFT, kind: Deployment, name: web, path: spec.replicas, why: not in the renders}
        intended:
          - {class: log-level, kind: ConfigMap, path: data.LOG_LEVEL, why: more logs in staging}
`,
  'absent/repo.yaml': 'repo: example/absent\ncommit: 123\nsubfolder: .\n',
  'absent/parity.config.yaml': 'environments: [staging, production]\n',
  'absent/ground-truth.yaml': 'repo: example/absent\nservices: []\n',
};

describe('npm run accuracy', () => {
  let root: string;
  let run: { exitCode?: number; stdout: string; stderr: string };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'parity-accuracy-test-'));
    await writeFiles(join(root, 'realworld/tiny'), tree);
    await writeFiles(join(root, 'trials'), trial);
    run = await execa(process.execPath, [script], {
      cwd: projectDir,
      reject: false,
      env: { PARITY_TRIALS_DIR: join(root, 'trials'), PARITY_REALWORLD_DIR: join(root, 'realworld') },
    });
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('scores the findings against the ground truth and exits 0 whatever the figures', () => {
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const row = run.stdout.split('\n').find((line) => /^tiny +\d/.test(line));
    // findings true false missed precision recall errors warn diff-lines
    expect(row?.trim().split(/\s+/)).toEqual(['tiny', '2', '1', '1', '1', '0.50', '0.50', '0', '0/0/0', '12']);
  });

  it('names each false finding with the class of the intended difference it hit, and each miss', () => {
    expect(run.stdout).toContain('false blocking [log-level] ×1: more logs in staging');
    expect(run.stdout).toContain('web staging:production VALUE_DRIFT ConfigMap/settings data.LOG_LEVEL');
    expect(run.stdout).toContain('missed hazard [made-up-hazard]: web staging:production VALUE_DRIFT Deployment/web spec.replicas');
  });

  it('reports a trial whose repository is absent and goes on', () => {
    expect(run.stdout).toContain('not present: absent (example/absent@123)');
  });

  it('applies the trial policy without leaving files in the audited tree', async () => {
    expect(run.stdout).not.toContain('data.ALLOWED');
    expect(await readdir(join(root, 'realworld/tiny/app'))).toEqual(['production', 'staging']);
  });
});
