import { describe, expect, it } from 'vitest';
import { canonicalRepository, formatReference, parseImageRef, repositoryAsWritten, splitReference } from '../../src/images/reference.js';

describe('splitReference', () => {
  it.each([
    ['registry:5000/team/app:1.2@sha256:ab', { repository: 'registry:5000/team/app', tag: '1.2', digest: 'sha256:ab' }],
    ['registry:5000/team/app', { repository: 'registry:5000/team/app' }],
    ['nginx@sha256:ab', { repository: 'nginx', digest: 'sha256:ab' }],
    ['nginx:1.25', { repository: 'nginx', tag: '1.25' }],
  ])('%s splits as written, nothing defaulted', (image, parts) => {
    expect(splitReference(image)).toEqual(parts);
    expect(formatReference(splitReference(image))).toBe(image);
  });
});

describe('the repository of a reference', () => {
  it('as written is what a Kustomize images entry matches; canonical says which image, Docker Hub defaults applied', () => {
    expect(repositoryAsWritten('nginx:1.25')).toBe('nginx');
    expect(canonicalRepository(parseImageRef('nginx:1.25'))).toBe('docker.io/library/nginx');
    expect(repositoryAsWritten('index.docker.io/team/app@sha256:ab')).toBe('index.docker.io/team/app');
    expect(canonicalRepository(parseImageRef('index.docker.io/team/app@sha256:ab'))).toBe('docker.io/team/app');
  });
});
