import envPaths from 'env-paths';

/** Where parity keeps its render cache: `$PARITY_CACHE_DIR`, else the platform's cache directory. */
export function resolveCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env.PARITY_CACHE_DIR;
  if (chosen !== undefined && chosen !== '') return chosen;
  return envPaths('parity', { suffix: '' }).cache;
}
