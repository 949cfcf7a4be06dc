import { readFile } from 'node:fs/promises';
import { collectSecretValues } from './collect-secrets.js';
import { findKustomizationFile } from '../chain/kustomization-file.js';
import { readKustomizationChain } from '../chain/read-chain.js';
import { envFileValues, expandSecretValues } from '../secrets/secret-values.js';
import { rememberSecrets } from '../secrets/vault.js';

/**
 * The secret values of an overlay directory, for scrubbing a failed render's messages. When
 * the chain itself cannot be read, falls back to the `key=value` literals of its kustomization.
 */
export async function overlaySecretValues(dir: string): Promise<string[]> {
  try {
    return await collectSecretValues(await readKustomizationChain(dir, dir), dir);
  } catch {
    // Any error reading the chain (a broken overlay is why we are scrubbing): fall back to the literals.
    const file = await findKustomizationFile(dir);
    const text = file ? await readFile(file, 'utf8').catch(() => '') : '';
    const literals = text.split('\n').filter((line) => /^\s*-\s*["']?[^\s:]*=/.test(line));
    const values = expandSecretValues(envFileValues(literals.map((line) => line.replace(/^\s*-\s*["']?|["']\s*$/g, '')).join('\n'), true));
    rememberSecrets(values);
    return values;
  }
}
