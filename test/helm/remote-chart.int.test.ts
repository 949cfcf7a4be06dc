import { execa } from 'execa';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/types.js';
import { runCli } from '../support/run-cli.js';
import { HELM, noHelm, useTempDirs } from './helpers.js';

/**
 * A chart from a Helm repository, as Argo CD Applications name it (`repoURL` + `chart` +
 * `targetRevision`): the sample's shop chart, packaged and indexed by the real helm and served
 * by a Helm repository on loopback. With `--allow-remote` parity fetches it (`helm pull`) and
 * audits it like a chart in the repository; offline it is exit 2 naming the chart and the flag;
 * a repository that fails mid-way is exit 2 naming the chart, never a pass.
 */
const SHOP_CHART = resolve('fixtures/ecommerce-helm/charts/shop');
const ENVS = ['staging', 'production'];

interface HelmRepository {
  url: string;
  /** Requests per path, as the server saw them. */
  requests: Map<string, number>;
  /** How the chart archive is answered: served, a 500, or the connection cut after the headers. */
  archive: 'serve' | 'error' | 'cut';
  close(): Promise<void>;
}

/** A Helm repository (index.yaml and the chart archive) served over HTTP on 127.0.0.1. */
async function serveHelmRepository(dir: string): Promise<HelmRepository> {
  const requests = new Map<string, number>();
  const repository: HelmRepository = { url: '', requests, archive: 'serve', close: async () => {} };
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    requests.set(path, (requests.get(path) ?? 0) + 1);
    if (path.endsWith('.tgz') && repository.archive === 'error') {
      response.writeHead(500).end('repository down');
      return;
    }
    if (path.endsWith('.tgz') && repository.archive === 'cut') {
      response.writeHead(200, { 'content-type': 'application/gzip', 'content-length': '100000' });
      response.write(Buffer.alloc(512, 1), () => response.socket?.destroy());
      return;
    }
    readFile(join(dir, path.replace(/^\/+/, ''))).then(
      (body) => response.writeHead(200).end(body),
      () => response.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  repository.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  repository.close = () => new Promise((closed) => server.close(() => closed()));
  return repository;
}

/** The real helm with homes of its own, so nothing of the machine's helm setup is read or written. */
async function helm(home: string, ...args: string[]): Promise<void> {
  const env = { HOME: home, HELM_CACHE_HOME: join(home, 'cache'), HELM_CONFIG_HOME: join(home, 'config'), HELM_DATA_HOME: join(home, 'data') };
  await execa(HELM, args, { env });
}

/**
 * The common Argo CD pattern: the chart from the Helm repository, the values files from this
 * repository through a `ref: values` source.
 */
function application(env: string, repoURL: string): string {
  return [
    'apiVersion: argoproj.io/v1alpha1',
    'kind: Application',
    'metadata:',
    `  name: shop-${env}`,
    '  namespace: argocd',
    '  labels:',
    `    environment: ${env}`,
    'spec:',
    `  project: ecommerce-${env}`,
    '  sources:',
    `    - repoURL: ${repoURL}`,
    '      chart: shop',
    '      targetRevision: 1.6.0',
    '      helm:',
    '        releaseName: shop',
    '        valueFiles:',
    `          - $values/values/values-${env}.yaml`,
    '    - repoURL: https://github.com/example/shop-config.git',
    '      targetRevision: main',
    '      ref: values',
    '  destination:',
    '    server: https://kubernetes.default.svc',
    `    namespace: ecommerce-${env}`,
    '',
  ].join('\n');
}

describe.skipIf(noHelm)('a chart from a Helm repository (real helm, a repository on loopback)', () => {
  const tempDir = useTempDirs();
  let served: string;
  let repository: HelmRepository;

  beforeAll(async () => {
    served = await mkdtemp(join(tmpdir(), 'parity-helm-repo-'));
    repository = await serveHelmRepository(served);
    await helm(served, 'package', SHOP_CHART, '--destination', served);
    await helm(served, 'repo', 'index', served, '--url', repository.url);
  });

  afterAll(async () => {
    await repository.close();
    await rm(served, { recursive: true, force: true });
  });

  async function repoWithApplications(): Promise<string> {
    const repo = await tempDir();
    await writeFile(join(repo, 'parity.config.yaml'), `environments: [${ENVS.join(', ')}]\n`);
    await mkdir(join(repo, 'argocd'));
    await mkdir(join(repo, 'values'));
    for (const env of ENVS) {
      await writeFile(join(repo, 'argocd', `shop-${env}.yaml`), application(env, repository.url));
      await writeFile(join(repo, 'values', `values-${env}.yaml`), await readFile(join(SHOP_CHART, `values-${env}.yaml`)));
    }
    return repo;
  }

  const audit = (repo: string, ...extra: string[]) =>
    runCli(['audit', '--repo', repo, '--argocd', join(repo, 'argocd'), '--helm', HELM, '--format', 'json', ...extra]);

  it('with --allow-remote fetches the chart and audits it: the payments mTLS mismatch blocks, exit 1', async () => {
    repository.archive = 'serve';
    const repo = await repoWithApplications();
    const before = repository.requests.get('/shop-1.6.0.tgz') ?? 0;
    const run = await audit(repo, '--allow-remote');
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(1);
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(result.errors).toEqual([]);
    expect(result.services.map((service) => service.name)).toEqual(['shop']);
    const blocking = result.findings.filter((finding) => finding.blocking);
    expect(blocking.map((finding) => [finding.code, finding.resource?.name, finding.envs.join('→')])).toEqual([['MTLS_MISMATCH', 'payments-service', 'staging→production']]);
    // One fetch per environment: a remote chart is fetched every run, never served from the cache.
    expect((repository.requests.get('/shop-1.6.0.tgz') ?? 0) - before).toBe(ENVS.length);
    const again = await audit(repo, '--allow-remote');
    expect(again.exitCode).toBe(1);
    expect((repository.requests.get('/shop-1.6.0.tgz') ?? 0) - before).toBe(2 * ENVS.length);
  });

  it('offline (no --allow-remote) is exit 2 naming the chart and the flag, and nothing is fetched', async () => {
    repository.archive = 'serve';
    const repo = await repoWithApplications();
    const before = [...repository.requests.values()].reduce((sum, count) => sum + count, 0);
    const run = await audit(repo);
    expect(run.exitCode).toBe(2);
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(result.findings.filter((finding) => finding.blocking)).toEqual([]);
    expect(result.errors.map((error) => error.message)).toEqual(
      ENVS.map((env) => `argocd/shop-${env}.yaml:1: chart shop 1.6.0 from ${repository.url} needs the network: parity renders offline unless run with --allow-remote`),
    );
    expect([...repository.requests.values()].reduce((sum, count) => sum + count, 0)).toBe(before);
  });

  it.each([
    ['answers 500 for the chart archive', 'error'],
    ['cuts the connection in the middle of the chart archive', 'cut'],
  ] as const)('a repository that %s is exit 2 naming the chart, never a verdict', async (_label, archive) => {
    repository.archive = archive;
    const repo = await repoWithApplications();
    const run = await audit(repo, '--allow-remote');
    repository.archive = 'serve';
    expect(run.exitCode).toBe(2);
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(result.errors.length).toBe(ENVS.length);
    for (const error of result.errors) expect(error.message).toContain(`helm pull chart shop 1.6.0 from ${repository.url} failed`);
  });
});
