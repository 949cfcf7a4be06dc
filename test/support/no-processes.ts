import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';

/**
 * The core tier runs no child process (no Kustomize, git, helm, CLI or browser): every way of
 * starting one throws here, so a core test that needs one fails loudly instead of slowing the
 * tier down. Such a test belongs to the integration tier: name its file `*.int.test.ts`.
 */
const STARTERS = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const;

for (const name of STARTERS) {
  Object.defineProperty(childProcess, name, {
    configurable: true,
    writable: true,
    value: () => {
      throw new Error(`child_process.${name}() in a core test: a test that starts processes is an integration test (name it *.int.test.ts)`);
    },
  });
}
syncBuiltinESMExports();
