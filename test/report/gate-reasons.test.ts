import { describe, expect, it } from 'vitest';
import { formatGateReason } from '../../src/report/messages.js';

describe('formatGateReason', () => {
  it('words each gate reason code from its arguments', () => {
    expect(formatGateReason({ code: 'GATE_RUN_ERROR', args: { error: 'RENDER_FAILED', env: 'production', message: 'kustomize build failed' } })).toBe(
      'RENDER_FAILED production: kustomize build failed',
    );
    expect(formatGateReason({ code: 'GATE_NOT_EFFECTIVE', args: { file: 'apps/web/overlays/production/kustomization.yaml', to: 'production', why: [] } })).toBe(
      'setting the tag in apps/web/overlays/production/kustomization.yaml would not make production run the promoted image (an override elsewhere wins)',
    );
    expect(formatGateReason({ code: 'GATE_NOT_EFFECTIVE', args: { file: 'k.yaml', to: 'production', why: ['production pulls from a, staging from b', 'x'] } })).toBe(
      'setting the tag in k.yaml would not make production run the promoted image: production pulls from a, staging from b; x',
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
