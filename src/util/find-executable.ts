import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** The absolute path of `name` on the PATH of `env`, or null. */
export async function findOnPath(name: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  const dirs = (env.PATH ?? env.Path ?? '').split(delimiter).filter((dir) => dir !== '');
  for (const dir of dirs) {
    for (const candidate of executableNames(name, env)) {
      const path = resolve(join(dir, candidate));
      if (await isExecutableFile(path)) return path;
    }
  }
  return null;
}

/**
 * Resolves a user-given binary (`--kustomize` / PARITY_KUSTOMIZE): a path when it holds a
 * separator, else a name looked up on PATH. Null when nothing executable is there.
 */
export async function resolveUserBinary(value: string, env: NodeJS.ProcessEnv, cwd: string): Promise<string | null> {
  if (!/[\\/]/.test(value)) return findOnPath(value, env);
  const path = isAbsolute(value) ? value : resolve(cwd, value);
  return (await isExecutableFile(path)) ? path : null;
}

export async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return false;
    await access(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    // ENOENT or EACCES from stat/access: not an executable file.
    return false;
  }
}

function executableNames(name: string, env: NodeJS.ProcessEnv): string[] {
  if (process.platform !== 'win32') return [name];
  const extensions = (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter((ext) => ext !== '');
  return [name, ...extensions.map((ext) => `${name}${ext.toLowerCase()}`)];
}

/** The binary a user asked for: the flag's value, else the environment variable's, with where it came from. */
export function pickRequested(
  flag: { name: string; value: string | undefined },
  variable: string,
  env: NodeJS.ProcessEnv,
): { value: string; source: string } | null {
  if (flag.value !== undefined && flag.value !== '') return { value: flag.value, source: flag.name };
  const fromEnv = env[variable];
  if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, source: variable };
  return null;
}
