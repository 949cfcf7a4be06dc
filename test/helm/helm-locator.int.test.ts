import { rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { createHelmLocator, HELM_INSTALL_HINT, type HelmLocator } from '../../src/helm/index.js';
import { HELM, noHelm, useTempDirs } from './helpers.js';

const newTempDir = useTempDirs();

/** A locator that looks for helm on PATH = `dir` only. */
function locatorOn(dir: string): HelmLocator {
  return createHelmLocator({ env: { PATH: dir } });
}

describe.skipIf(noHelm)('createHelmLocator: helm found and probed once per run, only when asked', () => {
  it('does not look before it is first asked', async () => {
    const dir = await newTempDir();
    const locate = locatorOn(dir);
    await symlink(HELM, join(dir, 'helm'));
    expect(await locate()).toMatchObject({ name: 'helm', path: join(dir, 'helm') });
  });

  it('looks once: a helm removed after the first answer is still the one answered', async () => {
    const dir = await newTempDir();
    await symlink(HELM, join(dir, 'helm'));
    const locate = locatorOn(dir);
    const first = await locate();
    await rm(join(dir, 'helm'));
    expect(await locate()).toBe(first);
  });

  it('a helm that is not there is the same configuration error on every ask', async () => {
    const locate = locatorOn(await newTempDir());
    await expect(locate()).rejects.toThrow(ConfigError);
    await expect(locate()).rejects.toThrow(HELM_INSTALL_HINT);
  });
});
