import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { detectHelm, findHelm, HELM_INSTALL_HINT } from '../../src/helm/index.js';
import { HELM, noHelm, useTempDirs } from './helpers.js';

const newTempDir = useTempDirs();

describe.skipIf(noHelm)('findHelm: --helm → PARITY_HELM → PATH', () => {
  it('takes the explicit path first, then PARITY_HELM', async () => {
    const dir = await newTempDir();
    await symlink(HELM, join(dir, 'helm'));
    expect(await findHelm({ helm: HELM, env: { PARITY_HELM: '/nowhere/helm', PATH: dir } })).toBe(HELM);
    expect(await findHelm({ env: { PARITY_HELM: HELM, PATH: dir } })).toBe(HELM);
  });

  it('finds helm on PATH and checks it runs', async () => {
    const dir = await newTempDir();
    await symlink(HELM, join(dir, 'helm'));
    const info = await detectHelm({ env: { PATH: dir } });
    expect(info).toMatchObject({ name: 'helm', path: join(dir, 'helm') });
  });

  it('names what to install when there is no helm, and never falls back to the project copy', async () => {
    const empty = await newTempDir();
    const missing = findHelm({ env: { PATH: empty }, cwd: process.cwd() });
    await expect(missing).rejects.toThrow(ConfigError);
    await expect(findHelm({ env: { PATH: empty } })).rejects.toThrow(HELM_INSTALL_HINT);
  });

  it('refuses a flag or variable naming nothing runnable', async () => {
    await expect(findHelm({ helm: './no/helm', env: {} })).rejects.toThrow('--helm: ./no/helm does not exist or is not executable');
    await expect(findHelm({ env: { PARITY_HELM: '/no/helm' } })).rejects.toThrow('PARITY_HELM: /no/helm does not exist');
  });
});
