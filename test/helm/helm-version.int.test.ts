import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { checkHelmVersion, isAtLeast, parseHelmVersion, probeHelm } from '../../src/helm/index.js';
import { HELM, noHelm } from './helpers.js';

describe('helm version', () => {
  it('parses what `helm version --template {{.Version}}` prints', () => {
    expect(parseHelmVersion('v3.17.3')).toEqual({ major: 3, minor: 17, patch: 3, text: 'v3.17.3' });
    expect(parseHelmVersion('v3.8.0-rc.1\n')).toMatchObject({ major: 3, minor: 8, patch: 0, text: 'v3.8.0-rc.1' });
    expect(parseHelmVersion('<no value>')).toBeNull();
  });

  it('accepts 3.8.0 and newer, refuses older with the path and version', () => {
    expect(isAtLeast(parseHelmVersion('v3.8.0')!)).toBe(true);
    expect(isAtLeast(parseHelmVersion('v4.0.0')!)).toBe(true);
    expect(isAtLeast(parseHelmVersion('v3.7.2')!)).toBe(false);
    expect(isAtLeast(parseHelmVersion('v2.17.0')!)).toBe(false);
    const refuse = (): unknown => checkHelmVersion(parseHelmVersion('v3.7.2')!, '/opt/bin/helm');
    expect(refuse).toThrow(ConfigError);
    expect(refuse).toThrow('/opt/bin/helm is helm v3.7.2; parity needs Helm ≥ 3.8.0');
  });

  it.skipIf(noHelm)('probes the real helm', async () => {
    expect(await probeHelm(HELM)).toEqual({ name: 'helm', path: HELM, version: expect.stringMatching(/^v3\.(\d+)\.\d+$/) });
  });

  it('refuses a binary that is not helm', async () => {
    await expect(probeHelm('/bin/false')).rejects.toThrow('/bin/false does not run as helm');
  });
});
