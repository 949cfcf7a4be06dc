// `node bench/helm-bench.mjs [N]` (and part of `npm run bench`): parity on a Helm repository of
// N services (default 100), a chart each with values-dev/staging/production.yaml, against the
// naive loop — one `helm template` per environment, serially — on the same helm. Prints cold,
// warm and one-changed times with peak RSS, and whether the targets are met.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const ENVS = ['dev', 'staging', 'production'];

/** Every 10th service has a drift no policy allows: its production `LOG_FORMAT` differs. */
export function driftedHelmServices(count) {
  return Array.from({ length: count }, (_, i) => serviceName(i)).filter((_, i) => i % 10 === 3).sort();
}

function serviceName(i) {
  return `svc-${String(i).padStart(3, '0')}`;
}

const TEMPLATE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
  labels: {app.kubernetes.io/name: {{ .Chart.Name }}, app.kubernetes.io/instance: {{ .Release.Name }}}
spec:
  replicas: {{ .Values.replicas }}
  selector: {matchLabels: {app.kubernetes.io/name: {{ .Chart.Name }}}}
  template:
    metadata: {labels: {app.kubernetes.io/name: {{ .Chart.Name }}}}
    spec:
      containers:
        - name: app
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          ports: [{name: http, containerPort: 8080}]
          envFrom: [{configMapRef: {name: {{ .Release.Name }}-config}}]
          resources:
            requests: {cpu: {{ .Values.resources.cpu }}, memory: {{ .Values.resources.memory }}}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}
spec:
  selector: {app.kubernetes.io/name: {{ .Chart.Name }}}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
data:
  LOG_LEVEL: {{ .Values.logLevel | quote }}
  LOG_FORMAT: {{ .Values.logFormat | quote }}
`;

export function writeHelmRepo(dir, count) {
  const services = Array.from({ length: count }, (_, i) => serviceName(i));
  const drifted = new Set(driftedHelmServices(count));
  services.forEach((name) => {
    const chart = join(dir, 'charts', name);
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n`);
    writeFileSync(join(chart, 'values.yaml'), `replicas: 1\nimage:\n  repository: ghcr.io/example/${name}\n  tag: 1.0.0\nresources:\n  cpu: 100m\n  memory: 128Mi\nlogLevel: info\nlogFormat: json\n`);
    writeFileSync(join(chart, 'templates', 'app.yaml'), TEMPLATE);
    writeFileSync(join(chart, 'values-dev.yaml'), 'image:\n  tag: 1.1.0\n');
    writeFileSync(join(chart, 'values-staging.yaml'), 'replicas: 2\n');
    writeFileSync(join(chart, 'values-production.yaml'), `replicas: 3\nresources:\n  cpu: 500m\n  memory: 512Mi\n${drifted.has(name) ? 'logFormat: text\n' : ''}`);
  });
  const config = ['environments: [dev, staging, production]', 'services:'];
  for (const name of services) config.push(`  - name: ${name}`, '    helm:', `      chart: charts/${name}`, "      valuesFiles: ['values-{env}.yaml']");
  writeFileSync(join(dir, 'parity.config.yaml'), `${config.join('\n')}\n`);
  return services;
}

function time(run) {
  const started = performance.now();
  const value = run();
  return { seconds: (performance.now() - started) / 1000, value };
}

export async function measureHelm(count, helm) {
  const work = mkdtempSync(join(tmpdir(), 'parity-helm-bench-'));
  const repoDir = join(work, 'repo');
  const cacheDir = join(work, 'cache');
  try {
    const services = writeHelmRepo(repoDir, count);
    const naive = time(() => {
      for (const name of services) {
        for (const env of ENVS) {
          const chart = join(repoDir, 'charts', name);
          const run = spawnSync(helm, ['template', name, chart, '--values', join(chart, `values-${env}.yaml`)], { encoding: 'utf8', maxBuffer: 64 << 20 });
          if (run.status !== 0) throw new Error(`helm template failed for ${name}/${env}: ${run.stderr}`);
        }
      }
    }).seconds;
    const runParity = (label) => {
      const rssFile = join(work, `${label}.rss`);
      const { seconds, value } = time(() =>
        spawnSync(process.execPath, ['--import', join(root, 'bench/rss-probe.mjs'), join(root, 'bin/parity.js'), 'audit', '--repo', repoDir, '--format', 'json', '--helm', helm], {
          encoding: 'utf8',
          maxBuffer: 256 << 20,
          env: { ...process.env, PARITY_CACHE_DIR: cacheDir, PARITY_BENCH_RSS_FILE: rssFile },
        }),
      );
      if (value.status !== 0 && value.status !== 1) throw new Error(`parity ${label} failed (${value.status}): ${value.stderr}`);
      return { seconds, rssMiB: Number(readFileSync(rssFile, 'utf8')) / 1024, result: JSON.parse(value.stdout) };
    };
    const cold = runParity('cold');
    await new Promise((done) => setTimeout(done, 2_500)); // past the cache's racy-stat window
    const warm = runParity('warm');
    writeFileSync(join(repoDir, 'charts', services[0], 'values-production.yaml'), 'replicas: 4\nresources:\n  cpu: 500m\n  memory: 512Mi\n');
    const changed = runParity('changed');
    const expected = JSON.stringify(driftedHelmServices(count));
    const blocking = (result) => JSON.stringify([...new Set(result.findings.filter((f) => f.blocking).map((f) => f.service))].sort());
    const correct = [cold, warm, changed].every((run) => run.result.errors.length === 0 && blocking(run.result) === expected);
    return { count, naive, cold, warm, changed, correct };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function helmLines(m) {
  const row = (label, seconds, extra = '') => `${label.padEnd(34)} ${seconds.toFixed(2).padStart(8)} s   ${(seconds / m.naive).toFixed(3).padStart(6)}× naive${extra}`;
  const peak = Math.max(m.cold.rssMiB, m.warm.rssMiB, m.changed.rssMiB);
  const targets = [
    ['cold ≤ 0.6×', m.cold.seconds / m.naive <= 0.6],
    ['warm ≤ 0.05×', m.warm.seconds / m.naive <= 0.05],
    ['one changed ≤ 0.08×', m.changed.seconds / m.naive <= 0.08],
  ];
  return [
    `helm: ${m.count} services × ${ENVS.length} environments = ${m.count * ENVS.length} chart renders`,
    row('naive (1 helm template/env, serial)', m.naive),
    row('parity cold (empty cache)', m.cold.seconds, `   peak RSS ${m.cold.rssMiB.toFixed(0)} MiB`),
    row('parity warm (nothing changed)', m.warm.seconds, `   peak RSS ${m.warm.rssMiB.toFixed(0)} MiB`),
    row('parity, one service changed', m.changed.seconds, `   peak RSS ${m.changed.rssMiB.toFixed(0)} MiB`),
    `blocking findings name exactly the drifted services, no errors: ${m.correct ? 'yes' : 'NO'} · peak RSS ${peak.toFixed(0)} MiB`,
    `targets: ${targets.map(([label, ok]) => `${label} ${ok ? 'met' : 'MISSED'}`).join(' · ')}`,
  ];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const helm = process.env.PARITY_HELM ?? join(root, '.tools', 'helm', 'helm');
  const measured = await measureHelm(Number(process.argv[2] ?? 100), helm);
  console.log(helmLines(measured).join('\n'));
  process.exitCode = measured.correct ? 0 : 1;
}
