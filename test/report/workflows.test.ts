import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  environment?: string;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, { inputs?: Record<string, { type: string; options?: string[] }>; paths?: string[] }>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, Job>;
}

function load(name: string): Workflow {
  const text = readFileSync(new URL(`../../examples/github/${name}`, import.meta.url), 'utf8');
  return parse(text, { strict: true, uniqueKeys: true }) as Workflow;
}

function onlyJob(workflow: Workflow): Job {
  const jobs = Object.values(workflow.jobs);
  expect(jobs).toHaveLength(1);
  return jobs[0]!;
}

const stepIndex = (job: Job, pattern: RegExp): number => job.steps.findIndex((step) => pattern.test(step.run ?? ''));

/**
 * Every action is pinned to a full 40-hex commit with a version comment, except parity's own
 * action named in `own`, which the example asks the reader to pin in their copy.
 */
function expectPinnedActions(name: string, own: string[] = []): void {
  const text = readFileSync(new URL(`../../examples/github/${name}`, import.meta.url), 'utf8');
  const uses = [...text.matchAll(/uses:\s*(\S+)(.*)$/gm)];
  expect(uses.length).toBeGreaterThan(0);
  for (const [, ref, comment] of uses) {
    if (own.includes(ref!)) continue;
    expect(ref).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
    expect(comment).toMatch(/# v\d+/);
  }
}

/** No `${{ }}` expression inside any `run:` script: values reach the shell through env. */
function expectNoExpressionsInRun(job: Job): void {
  for (const step of job.steps) {
    if (step.run) expect(step.run, step.name).not.toContain('${{');
  }
}

describe('examples/github/promote.yml', () => {
  const workflow = load('promote.yml');
  const job = onlyJob(workflow);

  it('runs by hand with service/from/to as choices', () => {
    const inputs = workflow.on.workflow_dispatch!.inputs!;
    expect(Object.keys(inputs)).toEqual(['service', 'from', 'to']);
    for (const input of Object.values(inputs)) {
      expect(input.type).toBe('choice');
      expect(input.options!.length).toBeGreaterThan(0);
    }
    expect(Object.keys(workflow.on)).toEqual(['workflow_dispatch']);
  });

  it('has minimal permissions, one promotion per service at a time, and production behind its environment', () => {
    expect(workflow.permissions).toEqual({});
    expect(job.permissions).toEqual({ contents: 'write' });
    expect(workflow.concurrency).toEqual({ group: 'promote-${{ inputs.service }}', 'cancel-in-progress': false });
    expect(job.environment).toBe('${{ inputs.to }}');
  });

  it('passes inputs through env, never into run scripts', () => {
    expect(job.env).toMatchObject({ SERVICE: '${{ inputs.service }}', FROM_ENV: '${{ inputs.from }}', TO_ENV: '${{ inputs.to }}' });
    expectNoExpressionsInRun(job);
  });

  it('pins actions by SHA, checks out full history without persisting credentials, uses Node 20', () => {
    expectPinnedActions('promote.yml');
    const checkout = job.steps.find((step) => step.uses?.startsWith('actions/checkout@'))!;
    expect(checkout.with).toEqual({ 'fetch-depth': 0, 'persist-credentials': false });
    const node = job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'))!;
    expect(node.with).toEqual({ 'node-version': 20 });
  });

  it('gates into the step summary keeping the exit code, then promotes, then pushes', () => {
    const gate = stepIndex(job, /parity gate --service "\$SERVICE" --from "\$FROM_ENV" --to "\$TO_ENV" --format markdown/);
    const promote = stepIndex(job, /parity promote --service "\$SERVICE"/);
    const push = stepIndex(job, /git .*push origin/s);
    expect(gate).toBeGreaterThan(-1);
    expect(promote).toBeGreaterThan(gate);
    expect(push).toBeGreaterThan(promote);
    const gateRun = job.steps[gate]!.run!;
    expect(gateRun).toMatch(/set -[a-z]*o pipefail/);
    expect(gateRun).toContain('tee -a "$GITHUB_STEP_SUMMARY"');
    expect(job.steps[gate]!.if).toBeUndefined();
    expect(job.steps[promote]!.if).toBeUndefined();
    expect(job.steps[push]!.env).toEqual({ GITHUB_TOKEN: '${{ github.token }}' });
    expect(job.steps.filter((step) => step.env?.GITHUB_TOKEN)).toHaveLength(1);
  });
});

describe('examples/github/promote.yml: production checks', () => {
  const job = onlyJob(load('promote.yml'));

  it('adds the performance and incident checks into production, URLs from vars and tokens from secrets, in the gate and promote steps only', () => {
    for (const pattern of [/parity gate --service/, /parity promote --service/]) {
      const step = job.steps[stepIndex(job, pattern)]!;
      expect(step.run).toMatch(/if \[ "\$TO_ENV" = production \]; then checks=\(--check-performance --check-incidents\); fi/);
      expect(step.run).toContain('"${checks[@]}"');
      expect(step.env).toEqual({
        PARITY_PROMETHEUS_URL: '${{ vars.PARITY_PROMETHEUS_URL }}',
        PARITY_PROMETHEUS_TOKEN: '${{ secrets.PARITY_PROMETHEUS_TOKEN }}',
        PARITY_ALERTMANAGER_URL: '${{ vars.PARITY_ALERTMANAGER_URL }}',
        PARITY_ALERTMANAGER_TOKEN: '${{ secrets.PARITY_ALERTMANAGER_TOKEN }}',
      });
    }
    expect(job.steps.filter((step) => JSON.stringify(step.env ?? {}).includes('secrets.'))).toHaveLength(2);
    expect(job.env).not.toHaveProperty('PARITY_PROMETHEUS_TOKEN');
  });
});

describe('examples/github/rollback.yml', () => {
  const workflow = load('rollback.yml');
  const job = onlyJob(workflow);

  it('runs by hand with service and environment, in the promote concurrency group, behind the environment', () => {
    expect(Object.keys(workflow.on)).toEqual(['workflow_dispatch']);
    expect(Object.keys(workflow.on.workflow_dispatch!.inputs!)).toEqual(['service', 'environment']);
    expect(workflow.concurrency).toEqual(load('promote.yml').concurrency);
    expect(workflow.permissions).toEqual({});
    expect(job.permissions).toEqual({ contents: 'write' });
    expect(job.environment).toBe('${{ inputs.environment }}');
    expect(job.env).toMatchObject({ SERVICE: '${{ inputs.service }}', TARGET_ENV: '${{ inputs.environment }}' });
  });

  it('rolls back then pushes, with pinned actions, no expressions in scripts and one token step', () => {
    expectPinnedActions('rollback.yml');
    expectNoExpressionsInRun(job);
    const rollback = stepIndex(job, /parity rollback --service "\$SERVICE" --env "\$TARGET_ENV"/);
    const push = stepIndex(job, /git .*push origin/s);
    expect(rollback).toBeGreaterThan(-1);
    expect(push).toBeGreaterThan(rollback);
    expect(job.steps[rollback]!.run).toMatch(/set -[a-z]*o pipefail/);
    expect(job.steps.filter((step) => step.env?.GITHUB_TOKEN)).toHaveLength(1);
    const checkout = job.steps.find((step) => step.uses?.startsWith('actions/checkout@'))!;
    expect(checkout.with).toEqual({ 'fetch-depth': 0, 'persist-credentials': false });
  });
});

describe('examples/github/parity-pr.yml', () => {
  const workflow = load('parity-pr.yml');
  const job = onlyJob(workflow);

  it('runs on pull requests that change a render or its judgement, never with pull_request_target', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(workflow.on.pull_request!.paths).toEqual(expect.arrayContaining(['apps/**', 'policies/**', 'parity.config.yaml']));
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', 'security-events': 'write' });
    expect(job.permissions).toBeUndefined();
    expect(workflow.concurrency).toMatchObject({ 'cancel-in-progress': true });
  });

  it('audits only what changed since the merge base, through the parity action', () => {
    const base = job.steps.findIndex((step) => step.id === 'base');
    const audit = job.steps.findIndex((step) => step.uses?.startsWith('parity-gitops/parity@'));
    expect(base).toBeGreaterThan(-1);
    expect(audit).toBeGreaterThan(base);
    expect(job.steps[base]!.run).toContain('git merge-base "origin/${BASE_REF}" HEAD');
    expect(job.steps[base]!.env).toEqual({ BASE_REF: '${{ github.base_ref }}' });
    expect(job.steps[audit]!.with).toEqual({ command: 'audit', 'changed-since': '${{ steps.base.outputs.sha }}' });
  });

  it('pins third-party actions, keeps expressions out of scripts and credentials off disk', () => {
    expectPinnedActions('parity-pr.yml', ['parity-gitops/parity@v1']);
    expectNoExpressionsInRun(job);
    const checkout = job.steps.find((step) => step.uses?.startsWith('actions/checkout@'))!;
    expect(checkout.with).toEqual({ 'fetch-depth': 0, 'persist-credentials': false });
  });
});
