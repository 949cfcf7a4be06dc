import { describe, expect, it } from 'vitest';
import type { PromoteNote } from '../../src/reason-args.js';
import { formatGateReason, formatPromoteNote } from '../../src/report/messages.js';

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
