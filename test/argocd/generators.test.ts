import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadClusters, parseClusterOption, readApplications, type Cluster } from '../../src/argocd/index.js';
import { ConfigError } from '../../src/errors.js';

const CLUSTERS: Cluster[] = [
  { name: 'dev-eu', server: 'https://dev.example.com', labels: { env: 'dev', region: 'eu' }, annotations: {} },
  { name: 'staging-eu', server: 'https://staging.example.com', labels: { env: 'staging', region: 'eu' }, annotations: {} },
  { name: 'Prod_EU', server: 'https://prod.example.com', labels: { env: 'production', region: 'eu', tier: 'gold' }, annotations: { owner: 'sre' } },
  { name: 'prod-us', server: 'https://prod-us.example.com', labels: { env: 'production', region: 'us', 'app.kubernetes.io/part-of': 'shop' }, annotations: {} },
];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parity-generators-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function write(file: string, text: string): Promise<void> {
  await mkdir(dirname(join(dir, file)), { recursive: true });
  await writeFile(join(dir, file), text);
}

async function expand(set: string, clusters?: Cluster[]) {
  await write('argocd/set.yaml', set);
  return readApplications(join(dir, 'argocd'), dir, clusters);
}

const header = 'apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: {name: shop}\nspec:\n';

describe('the clusters generator', () => {
  it('selects clusters by matchLabels and matchExpressions and substitutes plain parameters', async () => {
    const apps = await expand(
      `${header}  generators:
    - clusters:
        selector:
          matchLabels: {region: eu}
          matchExpressions: [{key: env, operator: In, values: [staging, production]}]
        values: {stage: 'stage-{{metadata.labels.env}}'}
  template:
    metadata: {name: 'shop-{{nameNormalized}}', labels: {tier: '{{metadata.labels.env}}'}}
    spec:
      source: {path: 'apps/shop/overlays/{{metadata.labels.env}}'}
      destination: {server: '{{server}}', namespace: '{{values.stage}}', name: '{{name}}'}
`,
      CLUSTERS,
    );
    expect(apps.map((a) => [a.name, a.source.path, a.destination.server, a.destination.namespace, a.destination.name])).toEqual([
      ['shop-staging-eu', 'apps/shop/overlays/staging', 'https://staging.example.com', 'stage-staging', 'staging-eu'],
      ['shop-prod-eu', 'apps/shop/overlays/production', 'https://prod.example.com', 'stage-production', 'Prod_EU'],
    ]);
    expect(apps[0]!.generatedBy).toBe('shop');
  });

  it('substitutes the goTemplate forms, label keys with dots included', async () => {
    const apps = await expand(
      `${header}  goTemplate: true
  generators:
    - clusters:
        selector: {matchExpressions: [{key: app.kubernetes.io/part-of, operator: Exists}]}
        values: {team: shop}
  template:
    metadata: {name: '{{.name}}-{{.values.team}}'}
    spec:
      source: {path: 'apps/{{.values.team}}/overlays/{{.metadata.labels.env}}'}
      destination: {server: '{{ .server }}', namespace: '{{index .metadata.labels "app.kubernetes.io/part-of"}}-{{.metadata.labels.app.kubernetes.io/part-of}}'}
`,
      CLUSTERS,
    );
    expect(apps.map((a) => [a.name, a.source.path, a.destination.server, a.destination.namespace])).toEqual([
      ['prod-us-shop', 'apps/shop/overlays/production', 'https://prod-us.example.com', 'shop-shop'],
    ]);
  });

  it('honours NotIn and DoesNotExist, and rejects an unknown operator', async () => {
    const set = (expression: string) =>
      `${header}  generators: [{clusters: {selector: {matchExpressions: [${expression}]}}}]\n  template: {metadata: {name: '{{name}}'}, spec: {}}\n`;
    expect((await expand(set('{key: env, operator: NotIn, values: [production]}'), CLUSTERS)).map((a) => a.name)).toEqual(['dev-eu', 'staging-eu']);
    expect((await expand(set('{key: tier, operator: DoesNotExist}'), CLUSTERS)).map((a) => a.name)).toEqual(['dev-eu', 'staging-eu', 'prod-us']);
    const error = await expand(set('{key: env, operator: Gt, values: ["1"]}'), CLUSTERS).catch((e: unknown) => e);
    expect((error as ConfigError).message).toBe("ApplicationSet shop in argocd/set.yaml: the clusters generator: matchExpressions operator 'Gt' is not In, NotIn, Exists or DoesNotExist");
  });

  it('fails closed, naming the set and its file, when no clusters were given', async () => {
    const error = await expand(`${header}  generators: [{clusters: {}}]\n  template: {metadata: {name: '{{name}}'}, spec: {}}\n`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).toLine()).toBe(
      'ApplicationSet shop in argocd/set.yaml: the clusters generator needs the clusters Argo CD knows; pass --clusters FILE or --cluster name=server[,label=value...]',
    );
  });
});

describe('matrix and merge', () => {
  it('matrix: every git directory with every selected cluster, parameters merged', async () => {
    for (const env of ['dev', 'production']) for (const app of ['cart', 'shop']) await write(`apps/${app}/overlays/${env}/kustomization.yaml`, 'resources: []\n');
    const apps = await expand(
      `${header}  generators:
    - matrix:
        generators:
          - git: {repoURL: x, revision: main, directories: [{path: 'apps/*'}]}
          - clusters: {selector: {matchLabels: {env: production}}}
  template:
    metadata: {name: '{{path.basename}}-{{name}}'}
    spec: {source: {path: '{{path}}/overlays/{{metadata.labels.env}}'}, destination: {server: '{{server}}'}}
`,
      CLUSTERS,
    );
    expect(apps.map((a) => `${a.name} ${a.source.path} ${a.destination.server}`)).toEqual([
      'cart-Prod_EU apps/cart/overlays/production https://prod.example.com',
      'cart-prod-us apps/cart/overlays/production https://prod-us.example.com',
      'shop-Prod_EU apps/shop/overlays/production https://prod.example.com',
      'shop-prod-us apps/shop/overlays/production https://prod-us.example.com',
    ]);
  });

  it('matrix: the second child may use the first child’s parameters (git files per list element)', async () => {
    await write('config/eu/cluster.json', '{"cluster": {"name": "eu-1", "address": "https://eu-1"}}');
    await write('config/us/cluster.yaml', '- cluster: {name: us-1, address: https://us-1}\n- cluster: {name: us-2, address: https://us-2}\n');
    const apps = await expand(
      `${header}  generators:
    - matrix:
        generators:
          - list: {elements: [{region: eu}, {region: us}]}
          - git: {repoURL: x, revision: main, files: [{path: 'config/{{region}}/*'}]}
  template:
    metadata: {name: '{{region}}-{{cluster.name}}-{{path.basename}}-{{path.filename}}'}
    spec: {destination: {server: '{{cluster.address}}'}}
`,
    );
    expect(apps.map((a) => `${a.name} ${a.destination.server}`)).toEqual([
      'eu-eu-1-eu-cluster.json https://eu-1',
      'us-us-1-us-cluster.yaml https://us-1',
      'us-us-2-us-cluster.yaml https://us-2',
    ]);
  });

  it('matrix: a second child keeps its own parameters while taking the first child’s', async () => {
    const apps = await expand(
      `${header}  generators:
    - matrix:
        generators:
          - list: {elements: [{env: production, app: shop}]}
          - clusters: {selector: {matchLabels: {env: '{{env}}'}}, values: {ns: '{{app}}-{{name}}'}}
  template:
    metadata: {name: '{{values.ns}}'}
    spec: {}
`,
      CLUSTERS,
    );
    expect(apps.map((a) => a.name)).toEqual(['shop-Prod_EU', 'shop-prod-us']);
  });

  it('merge: the base generator’s sets overlaid by later ones with equal merge keys, others dropped', async () => {
    const apps = await expand(
      `${header}  generators:
    - merge:
        mergeKeys: [server]
        generators:
          - clusters: {values: {revision: main, replicas: '1'}}
          - clusters: {selector: {matchLabels: {env: production}}, values: {revision: v2.0.0}}
          - list: {elements: [{server: 'https://prod-us.example.com', values: {replicas: '5'}}, {server: 'https://nowhere', values: {replicas: '9'}}]}
  template:
    metadata: {name: '{{name}}'}
    spec: {source: {targetRevision: '{{values.revision}}', path: 'r{{values.replicas}}'}}
`,
      CLUSTERS,
    );
    expect(apps.map((a) => `${a.name} ${a.source.targetRevision} ${a.source.path}`)).toEqual([
      'dev-eu main r1',
      'staging-eu main r1',
      'Prod_EU v2.0.0 r1',
      'prod-us v2.0.0 r5',
    ]);
  });

  it('a generator’s own template fields override the set’s template for its Applications only', async () => {
    const apps = await expand(
      `${header}  generators:
    - list: {elements: [{env: dev}]}
    - list: {elements: [{env: production}]}
      template: {metadata: {}, spec: {source: {path: 'releases/{{env}}'}}}
  template:
    metadata: {name: 'x-{{env}}'}
    spec: {source: {repoURL: r, path: 'apps/x/overlays/{{env}}'}}
`,
    );
    expect(apps.map((a) => `${a.name} ${a.source.repoURL} ${a.source.path}`)).toEqual(['x-dev r apps/x/overlays/dev', 'x-production r releases/production']);
  });

  it('a generator-level selector filters the generated parameters', async () => {
    const apps = await expand(
      `${header}  generators:\n    - list: {elements: [{env: dev}, {env: production}]}\n      selector: {matchLabels: {env: production}}\n  template: {metadata: {name: 'x-{{env}}'}, spec: {}}\n`,
    );
    expect(apps.map((a) => a.name)).toEqual(['x-production']);
  });

  it('names a merge without mergeKeys and a matrix without two children', async () => {
    const merge = await expand(`${header}  generators: [{merge: {generators: [{list: {elements: []}}, {list: {elements: []}}]}}]\n  template: {metadata: {name: x}, spec: {}}\n`).catch((e: unknown) => e);
    expect((merge as ConfigError).message).toBe('ApplicationSet shop in argocd/set.yaml: the merge generator needs mergeKeys');
    const matrix = await expand(`${header}  generators: [{matrix: {generators: [{list: {elements: []}}]}}]\n  template: {metadata: {name: x}, spec: {}}\n`).catch((e: unknown) => e);
    expect((matrix as ConfigError).message).toBe('ApplicationSet shop in argocd/set.yaml: the matrix generator needs exactly two child generators');
  });
});

describe('generators that cannot be expanded offline', () => {
  it.each([
    ['pullRequest', "the SCM provider's open pull requests"],
    ['scmProvider', "the SCM provider's repositories"],
    ['clusterDecisionResource', 'a cluster decision resource in the Argo CD cluster'],
    ['plugin', "a plugin's answer"],
  ])('%s is named in one line, nested in a matrix too', async (kind, what) => {
    const error = await expand(
      `${header}  generators:\n    - matrix:\n        generators:\n          - list: {elements: [{a: b}]}\n          - ${kind}: {requeueAfterSeconds: 30}\n  template: {metadata: {name: x}, spec: {}}\n`,
      CLUSTERS,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).toLine()).toBe(`ApplicationSet shop in argocd/set.yaml: the ${kind} generator needs ${what} and cannot be expanded offline`);
  });
});

describe('clusters given to parity', () => {
  it('parses --cluster name=server[,label=value...] and rejects malformed ones', () => {
    expect(parseClusterOption('prod=https://10.0.0.1:6443,env=production,region=eu')).toEqual({
      name: 'prod',
      server: 'https://10.0.0.1:6443',
      labels: { env: 'production', region: 'eu' },
      annotations: {},
    });
    expect(() => parseClusterOption('prod')).toThrow("--cluster 'prod': expected name=server[,label=value...]");
    expect(() => parseClusterOption('prod=https://x,env')).toThrow("--cluster 'prod=https://x,env': label 'env' is not label=value");
  });

  it('reads a clusters file (labels flat or under metadata) and adds the options, refusing a name twice', async () => {
    const file = join(dir, 'clusters.yaml');
    await writeFile(file, '- name: a\n  server: https://a\n  labels: {env: dev}\n- name: b\n  server: https://b\n  metadata: {labels: {env: production}, annotations: {team: x}}\n  project: shop\n');
    expect(await loadClusters(file, ['c=https://c,env=staging'])).toEqual([
      { name: 'a', server: 'https://a', labels: { env: 'dev' }, annotations: {} },
      { name: 'b', server: 'https://b', labels: { env: 'production' }, annotations: { team: 'x' }, project: 'shop' },
      { name: 'c', server: 'https://c', labels: { env: 'staging' }, annotations: {} },
    ]);
    expect(await loadClusters(undefined, [])).toBeUndefined();
    await expect(loadClusters(file, ['a=https://other'])).rejects.toThrow("cluster 'a' is given twice");
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    await writeFile(
      file,
      `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Secret
    metadata:
      name: cluster-prod
      labels: {argocd.argoproj.io/secret-type: cluster, env: production}
      annotations: {team: sre, kubectl.kubernetes.io/last-applied-configuration: '{"data":{"config":"s3cr3t-token"}}'}
    data: {name: ${b64('prod')}, server: ${b64('https://prod.example.com')}, config: ${b64('{"bearerToken":"s3cr3t-token"}')}}
  - apiVersion: v1
    kind: Secret
    metadata: {name: cluster-dev, labels: {env: dev}}
    stringData: {name: dev, server: 'https://dev.example.com', project: shop, config: '{"bearerToken":"s3cr3t-token"}'}
`,
    );
    const fromSecrets = await loadClusters(file);
    expect(fromSecrets).toEqual([
      { name: 'prod', server: 'https://prod.example.com', labels: { 'argocd.argoproj.io/secret-type': 'cluster', env: 'production' }, annotations: { team: 'sre' } },
      { name: 'dev', server: 'https://dev.example.com', labels: { env: 'dev' }, annotations: {}, project: 'shop' },
    ]);
    expect(JSON.stringify(fromSecrets)).not.toContain('s3cr3t');
    await writeFile(file, '- name: a\n');
    await expect(loadClusters(file)).rejects.toThrow(`${file}: cluster 1 (a) has no server`);
    await expect(loadClusters(join(dir, 'missing.yaml'))).rejects.toThrow('cannot read clusters file: ENOENT');
  });
});
