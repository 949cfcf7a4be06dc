// execa (about a hundred modules) loads when a process is started, not with this module.
import { GitError, GitMissingError } from '../errors.js';

export interface GitOutput {
  stdout: string;
  exitCode: number;
}

/** Variables that would point git at another repository or index than the one asked for. */
const INHERITED = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_PREFIX', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR'];

function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GIT_LITERAL_PATHSPECS: '1' };
  for (const name of INHERITED) delete env[name];
  return env;
}

/**
 * Runs git in `cwd` with an argument array (no shell). Exit codes in `allow` are returned;
 * any other failure is a GitError whose one line is git's last message.
 */
export async function runGit(cwd: string, args: string[], options: { input?: string; allow?: number[] } = {}): Promise<GitOutput> {
  const { execa } = await import('execa');
  const result = await execa('git', args, {
    cwd,
    env: gitEnv(),
    extendEnv: false,
    reject: false,
    stripFinalNewline: false,
    ...(options.input !== undefined ? { input: options.input } : { stdin: 'ignore' as const }),
  });
  if (result.code === 'ENOENT' && result.exitCode === undefined) {
    throw new GitMissingError(`git ${args[0]} failed: no git binary on PATH`, { file: cwd });
  }
  const exitCode = result.exitCode ?? -1;
  if (exitCode === 0 || options.allow?.includes(exitCode)) return { stdout: result.stdout, exitCode };
  throw new GitError(`git ${args[0]} failed: ${lastLine(result.stderr || result.stdout) || result.shortMessage}`, { file: cwd });
}

function lastLine(text: string): string {
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  return (lines.find((line) => /^(fatal|error):/.test(line)) ?? lines[lines.length - 1] ?? '').replace(/^(fatal|error):\s*/, '');
}
