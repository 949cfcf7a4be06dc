// A synthetic infra monorepo: N services × 3 environments, the shape parity meets in real
// GitOps repos. Used by `npm run bench` and by the render/cache/shard tests (with small N).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export const ENVS = ['dev', 'staging', 'production'];

const SIZES = {
  dev: { replicas: 1, min: 1, max: 2, cpu: '100m', memory: '128Mi', tag: '1.4.0' },
  staging: { replicas: 2, min: 2, max: 4, cpu: '250m', memory: '256Mi', tag: '1.3.2' },
  production: { replicas: 3, min: 3, max: 12, cpu: '500m', memory: '512Mi', tag: '1.3.1' },
};

export function serviceName(index) {
  return `svc-${String(index).padStart(4, '0')}`;
}

/** Every `every`-th service (1-based index multiple) drifts in production: a debug flag that only production lacks. */
export function driftedServices(count, every = 7) {
  const names = [];
  for (let i = 1; i <= count; i += 1) if (i % every === 0) names.push(serviceName(i));
  return names;
}

/**
 * Writes the repo under `root`: parity.config.yaml, a shared observability component, and per
 * service a base (Deployment with app + sidecar containers, Service, HPA, PDB, generated
 * ConfigMap) with dev/staging/production overlays. Returns the service names.
 */
export async function writeSyntheticRepo(root, count, options = {}) {
  const drifted = new Set(driftedServices(count, options.driftEvery ?? 7));
  const files = new Map();
  files.set('parity.config.yaml', 'environments: [dev, staging, production]\nlayout: apps/{service}/overlays/{env}\n');
  files.set('components/observability/kustomization.yaml', observabilityComponent());
  const names = [];
  for (let i = 1; i <= count; i += 1) {
    const name = serviceName(i);
    names.push(name);
    for (const [path, text] of serviceFiles(name, drifted.has(name))) files.set(`apps/${name}/${path}`, text);
  }
  await Promise.all([...files].map(async ([path, text]) => {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }));
  return names;
}

function observabilityComponent() {
  return `apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
labels:
- pairs:
    platform.example.com/observed: "true"
patches:
- target:
    kind: Deployment
  patch: |-
    - op: add
      path: /spec/template/metadata/annotations
      value:
        prometheus.io/scrape: "true"
        prometheus.io/port: "9090"
`;
}

function serviceFiles(name, drifted) {
  const files = [
    ['base/kustomization.yaml', baseKustomization(name)],
    ['base/deployment.yaml', deployment(name)],
    ['base/service.yaml', service(name)],
    ['base/hpa.yaml', hpa(name)],
    ['base/pdb.yaml', pdb(name)],
    ['base/config/app.properties', `service.name=${name}\nlog.format=json\nfeature.cache=true\n`],
  ];
  for (const env of ENVS) {
    files.push([`overlays/${env}/kustomization.yaml`, overlayKustomization(name, env)]);
    files.push([`overlays/${env}/patch-env.yaml`, envPatch(name, env, drifted)]);
  }
  return files;
}

function baseKustomization(name) {
  return `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- deployment.yaml
- service.yaml
- hpa.yaml
- pdb.yaml
components:
- ../../../components/observability
configMapGenerator:
- name: ${name}-config
  files:
  - config/app.properties
`;
}

function deployment(name) {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app: ${name}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: app
        image: registry.example.com/${name}:latest
        ports:
        - containerPort: 8080
        env:
        - name: LOG_LEVEL
          value: info
        - name: PAYMENTS_URL
          value: https://api.payments.example.com
        envFrom:
        - configMapRef:
            name: ${name}-config
        resources:
          requests:
            cpu: 100m
            memory: 128Mi
      - name: metrics-sidecar
        image: registry.example.com/metrics-agent:2.1.0
        ports:
        - containerPort: 9090
        resources:
          requests:
            cpu: 10m
            memory: 32Mi
`;
}

function service(name) {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: ${name}
  ports:
  - name: http
    port: 80
    targetPort: 8080
`;
}

function hpa(name) {
  return `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ${name}
  minReplicas: 1
  maxReplicas: 2
  metrics:
  - type: Resource
    resource:
      name: cpu
      target:
        type: Utilization
        averageUtilization: 75
`;
}

function pdb(name) {
  return `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${name}
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app: ${name}
`;
}

function overlayKustomization(name, env) {
  const size = SIZES[env];
  return `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: ${env}
resources:
- ../../base
images:
- name: registry.example.com/${name}
  newTag: "${size.tag}"
replicas:
- name: ${name}
  count: ${size.replicas}
patches:
- path: patch-env.yaml
- target:
    kind: HorizontalPodAutoscaler
  patch: |-
    - op: replace
      path: /spec/minReplicas
      value: ${size.min}
    - op: replace
      path: /spec/maxReplicas
      value: ${size.max}
`;
}

function envPatch(name, env, drifted) {
  const size = SIZES[env];
  const debug = drifted && env !== 'production' ? '        - name: DEBUG_TRACING\n          value: "on"\n' : '';
  const endpoint = env === 'production' ? 'https://api.payments.example.com' : `https://sandbox-${env}.payments.example.com`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  template:
    spec:
      containers:
      - name: app
        env:
        - name: PAYMENTS_URL
          value: ${endpoint}
${debug}        resources:
          requests:
            cpu: ${size.cpu}
            memory: ${size.memory}
          limits:
            memory: ${size.memory}
`;
}
