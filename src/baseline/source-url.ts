import { ConfigError } from '../errors.js';
import type { RunIdentity } from '../types.js';

type Env = Record<string, string | undefined>;

/**
 * The link template for source locations in the HTML report, with `{repo}` and `{commit}`
 * filled in and `{path}`, `{line}` left for each finding: `--source-url` when given, else built
 * from GitHub Actions (`GITHUB_SERVER_URL`, `GITHUB_REPOSITORY`, `GITHUB_SHA`) or GitLab CI
 * (`CI_PROJECT_URL`, `CI_COMMIT_SHA`); null (plain text) otherwise.
 */
export function resolveSourceUrl(flag: string | undefined, env: Env, run: RunIdentity | undefined): string | null {
  const template = flag ?? ciTemplate(env);
  if (template === null) return null;
  if (!/^https?:\/\/[^/\s]+/i.test(template) || !template.includes('{path}')) {
    throw new ConfigError(`--source-url must be an http(s) URL holding {path} (and optionally {repo}, {commit}, {line}), got '${template}'`);
  }
  return fillIdentity(template, env, run);
}

function fillIdentity(template: string, env: Env, run: RunIdentity | undefined): string {
  const commit = run?.commit ?? env.GITHUB_SHA ?? env.CI_COMMIT_SHA ?? null;
  const repo = env.GITHUB_REPOSITORY ?? env.CI_PROJECT_PATH ?? repoPath(run?.repo ?? null);
  return fill(fill(template, '{commit}', commit, 'the audited commit'), '{repo}', repo, 'the repository (GITHUB_REPOSITORY, CI_PROJECT_PATH or the origin remote)');
}

/** `github.com/acme/infra` (the recorded origin) → `acme/infra`; a root-commit identity has no path. */
function repoPath(repo: string | null): string | null {
  if (!repo || repo.startsWith('root:') || !repo.includes('/')) return null;
  return repo.slice(repo.indexOf('/') + 1);
}

function ciTemplate(env: Env): string | null {
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY) return `${env.GITHUB_SERVER_URL}/{repo}/blob/{commit}/{path}#L{line}`;
  if (env.CI_PROJECT_URL) return `${env.CI_PROJECT_URL}/-/blob/{commit}/{path}#L{line}`;
  return null;
}

function fill(template: string, placeholder: string, value: string | null, what: string): string {
  if (!template.includes(placeholder)) return template;
  if (value === null) throw new ConfigError(`--source-url uses ${placeholder} but ${what} is unknown here`);
  return template.split(placeholder).join(encodeURI(value));
}
