import { describe, expect, it } from 'vitest';
import type { IncidentReason, PerformanceReason, PromoteNote } from '../../src/reason-args.js';
import { formatGateReason, formatIncidentReason, formatPerformanceReason, formatPromoteNote } from '../../src/report/messages.js';

describe('formatGateReason', () => {
  it('words each gate reason code from its arguments', () => {
    expect(formatGateReason({ code: 'GATE_RUN_ERROR', args: { error: 'RENDER_FAILED', env: 'production', message: 'kustomize build failed' } })).toBe(
      'RENDER_FAILED production: kustomize build failed',
    );
    expect(formatGateReason({ code: 'GATE_NOT_EFFECTIVE', args: { file: 'apps/web/overlays/production/kustomization.yaml', to: 'production', why: [] } })).toBe(
      'setting the tag in apps/web/overlays/production/kustomization.yaml would not make production run the promoted image (an override elsewhere wins)',
    );
    const why: PromoteNote[] = [
      { code: 'PROMOTE_OTHER_REPOSITORY', args: { to: 'production', toRepository: 'a', from: 'staging', fromRepository: 'b' } },
      { code: 'PROMOTE_STILL_RUNS', args: { to: 'production', reference: 'a:1.0' }, image: 'worker' },
    ];
    expect(formatGateReason({ code: 'GATE_NOT_EFFECTIVE', args: { file: 'k.yaml', to: 'production', why } })).toBe(
      'setting the tag in k.yaml would not make production run the promoted image: production pulls from a, staging from b; worker: after the bump production would still run a:1.0',
    );
    expect(formatGateReason({ code: 'GATE_IMAGE_NOT_RUNNING', args: { env: 'staging', image: 'ghcr.io/shop/web:1.2.0' } })).toBe(
      'no container in staging runs the promoted image ghcr.io/shop/web:1.2.0',
    );
    expect(formatGateReason({ code: 'GATE_IMAGE_UNMATCHED', args: { from: 'staging', to: 'production', image: 'ghcr.io/shop/web', tag: '1.2.0', digest: 'sha256:ab' } })).toBe(
      'no container of staging or production runs an image from ghcr.io/shop/web (1.2.0@sha256:ab) after the bump',
    );
    const resource = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
    expect(formatGateReason({ code: 'GATE_BLOCKING_FINDING', args: { finding: 'MTLS_MISMATCH', resource, path: 'spec.replicas' } })).toBe(
      'MTLS_MISMATCH Deployment web spec.replicas',
    );
    expect(formatGateReason({ code: 'GATE_BLOCKING_FINDING', args: { finding: 'ALLOW_STALE', resource: null, path: null } })).toBe('ALLOW_STALE');
  });
});

describe('formatPromoteNote', () => {
  it('words each promotion note from its arguments, its image first when it names one', () => {
    const notes: Array<[PromoteNote, string]> = [
      [{ code: 'PROMOTE_TAG_OVERRIDE', args: { tag: '2.0.0', from: 'staging' } }, '--tag 2.0.0 overrides what staging runs'],
      [{ code: 'PROMOTE_ALREADY_RUNS', args: { to: 'production', reference: 'app:1.0' } }, 'production already runs app:1.0'],
      [{ code: 'PROMOTE_DROPS_DIGEST', args: { digest: 'sha256:ab', file: 'k.yaml' } }, 'drops digest sha256:ab pinned in k.yaml'],
      [{ code: 'PROMOTE_DROPS_TAG', args: { tag: '1.0', file: 'k.yaml' } }, 'drops tag 1.0 set in k.yaml'],
      [
        { code: 'PROMOTE_ENTRY_RENAMED', args: { image: 'app', arriving: 'reg/app', entry: 'app', file: 'k.yaml' } },
        'an inner kustomization renames app to reg/app, so the entry for app in k.yaml does not apply',
      ],
      [
        { code: 'PROMOTE_VALUES_OVERRIDDEN', args: { key: 'image.tag', setting: { kind: 'parameter', name: 'image.tag', file: 'app.yaml', line: 3 }, file: 'values-prod.yaml' } },
        'image.tag is set by helm.parameters image.tag of app.yaml:3, which helm applies after values-prod.yaml',
      ],
      [
        { code: 'PROMOTE_DIGEST_PINNED', args: { key: 'image.digest', digest: 'sha256:cd', setting: { kind: 'inline', file: 'app.yaml', line: null } }, image: 'worker' },
        'worker: image.digest sha256:cd set by inline values (helm.values) of app.yaml would still pin the old image (the promoted reference has no digest)',
      ],
    ];
    for (const [note, text] of notes) expect(formatPromoteNote(note)).toBe(text);
  });
});

describe('formatPerformanceReason', () => {
  it('words each performance reason, naming the query when one is concerned', () => {
    const check = 'p99-latency';
    const reasons: Array<[PerformanceReason, string]> = [
      [{ code: 'PERF_NO_CHECKS', args: {} }, 'performance: the policy declares no spec.gates.performance checks'],
      [{ code: 'PERF_NO_ROLLOUT', args: { env: 'staging', file: 'k.yaml' } }, 'performance: cannot tell when the staging rollout started: no commit changed the image in k.yaml'],
      [{ code: 'PERF_TEMPLATE', args: { check, message: 'unknown placeholder {{x}}' } }, "performance check 'p99-latency': unknown placeholder {{x}}"],
      [
        { code: 'PERF_WINDOW_SHORT', args: { check, elapsedMs: 60_000, minWindowMs: 600_000 } },
        "performance check 'p99-latency': too little data: the rollout started 1m ago, the window must be at least 10m",
      ],
      [{ code: 'PERF_QUERY_REJECTED', args: { check, message: 'parse error' } }, "performance check 'p99-latency': Prometheus rejected the query: parse error"],
      [{ code: 'PERF_UNREACHABLE', args: { check, message: 'cannot reach http://x: ECONNREFUSED' } }, "performance check 'p99-latency': cannot reach http://x: ECONNREFUSED"],
      [
        { code: 'PERF_SEVERAL_SERIES', args: { check, series: 3 } },
        "performance check 'p99-latency': the query returns 3 series; aggregate it to one (sum, avg, histogram_quantile)",
      ],
      [{ code: 'PERF_NO_SAMPLES', args: { check, side: 'before' } }, "performance check 'p99-latency': too little data: no samples in the window before the rollout"],
      [
        { code: 'PERF_SAMPLES_SHORT', args: { check, side: 'after', spanMs: 120_000, minWindowMs: 600_000 } },
        "performance check 'p99-latency': too little data: 2m of samples after the rollout, at least 10m needed",
      ],
      [
        { code: 'PERF_REGRESSION', args: { check, regression: 15, before: 0.2, after: 0.23, better: 'lower', tolerance: 10 } },
        "performance check 'p99-latency': 15.0% worse than before the rollout (0.2000 → 0.2300, lower is better, tolerance 10%)",
      ],
      [
        { code: 'PERF_REGRESSION', args: { check, regression: Infinity, before: 0, after: 4, better: 'lower', tolerance: 10 } },
        "performance check 'p99-latency': from zero worse than before the rollout (0 → 4, lower is better, tolerance 10%)",
      ],
    ];
    for (const [reason, line] of reasons) expect(formatPerformanceReason(reason)).toBe(line);
  });
});

describe('formatIncidentReason', () => {
  it('words each incidents reason, an open alert with its labels sorted and its name left out', () => {
    const reasons: Array<[IncidentReason, string]> = [
      [{ code: 'INCIDENT_NO_MATCHERS', args: {} }, 'incidents: the policy declares no spec.gates.incidents.matchers'],
      [{ code: 'INCIDENT_TEMPLATE', args: { message: 'unknown placeholder {{x}}' } }, 'incidents: unknown placeholder {{x}}'],
      [{ code: 'INCIDENT_QUERY_REFUSED', args: { status: 400, body: 'bad matcher' } }, 'incidents: Alertmanager refused the query: bad matcher'],
      [{ code: 'INCIDENT_QUERY_REFUSED', args: { status: 500, body: null } }, 'incidents: Alertmanager refused the query: HTTP 500'],
      [{ code: 'INCIDENT_UNREACHABLE', args: { message: 'cannot reach http://am: ECONNREFUSED' } }, 'incidents: cannot reach http://am: ECONNREFUSED'],
      [
        { code: 'INCIDENT_OPEN', args: { name: 'HighErrorRate', labels: { severity: 'P1', alertname: 'HighErrorRate', service: 'web' }, startsAt: '2026-01-01T00:00:00Z', generatorURL: 'http://p/g' } },
        'incidents: open alert HighErrorRate {service="web", severity="P1"} since 2026-01-01T00:00:00Z (http://p/g)',
      ],
      [{ code: 'INCIDENT_OPEN', args: { name: 'Down', labels: {}, startsAt: 's', generatorURL: '' } }, 'incidents: open alert Down {} since s'],
    ];
    for (const [reason, line] of reasons) expect(formatIncidentReason(reason)).toBe(line);
  });
});
