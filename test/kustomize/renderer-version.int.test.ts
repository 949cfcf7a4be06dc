import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { findNpmKustomize, parseKubectlKustomizeVersion, parseKustomizeVersion } from '../../src/render/index.js';
import { findOnPath } from '../../src/util/find-executable.js';

describe('parseKustomizeVersion', () => {
  it('reads the v5 output style', () => {
    expect(parseKustomizeVersion('v5.4.3\n')).toBe('v5.4.3');
  });

  it('reads the v3/v4 struct style', () => {
    const v4 = '{Version:kustomize/v4.5.4 GitCommit:cf3a452ddd6f83945d39d582243b8592ec627ae3 BuildDate:2022-03-28T23:12:45Z GoOs:linux GoArch:amd64}';
    expect(parseKustomizeVersion(v4)).toBe('v4.5.4');
  });

  it('returns null for output that names no version', () => {
    expect(parseKustomizeVersion('Error: unknown command "version"')).toBeNull();
  });

  it('reads the real npm binary', async () => {
    const path = await findNpmKustomize();
    expect(path).not.toBeNull();
    const { stdout } = await execa(path!, ['version']);
    expect(parseKustomizeVersion(stdout)).toMatch(/^v4\.\d+\.\d+$/);
  });
});

describe('parseKubectlKustomizeVersion', () => {
  it('reads the Kustomize line of `kubectl version --client`', () => {
    const output = 'Client Version: v1.32.4\nKustomize Version: v5.5.0\n';
    expect(parseKubectlKustomizeVersion(output)).toBe('v5.5.0');
  });

  it('returns null when kubectl names no Kustomize (before 1.24)', () => {
    expect(parseKubectlKustomizeVersion('Client Version: version.Info{Major:"1", Minor:"20"}')).toBeNull();
  });

  it('reads the real kubectl when there is one', async () => {
    const kubectl = await findOnPath('kubectl', process.env);
    if (!kubectl) return;
    const { stdout } = await execa(kubectl, ['version', '--client']);
    expect(parseKubectlKustomizeVersion(stdout)).toMatch(/^v\d+\.\d+\.\d+/);
  });
});
