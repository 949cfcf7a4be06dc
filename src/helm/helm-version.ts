// execa (about a hundred modules) loads when a process is started, not with this module.
import { ConfigError } from '../errors.js';

/** The oldest helm parity renders with: OCI support and `helm template --kube-version` as Argo CD uses them. */
const MIN_HELM_VERSION = '3.8.0';

/** How long `helm version` may take before the binary counts as not running. */
const PROBE_TIMEOUT_MS = 15_000;

export interface HelmVersion {
  major: number;
  minor: number;
  patch: number;
  /** As helm printed it: `v3.17.3`, `v3.8.0-rc.1`. */
  text: string;
}

export interface HelmInfo {
  name: 'helm';
  path: string;
  version: string;
}

/** The version `helm version --template {{.Version}}` printed (`v3.17.3`), or null when it names none. */
export function parseHelmVersion(output: string): HelmVersion | null {
  const match = /(?:^|\s)(v?(\d+)\.(\d+)\.(\d+)(?:[-+][\w.+-]*)?)(?=\s|$)/.exec(output.trim());
  if (!match) return null;
  return { major: Number(match[2]), minor: Number(match[3]), patch: Number(match[4]), text: match[1]! };
}

/** Whether `version` is at least `minimum` (both `major.minor.patch`; a pre-release counts as its release). */
export function isAtLeast(version: HelmVersion, minimum: string = MIN_HELM_VERSION): boolean {
  const [major, minor, patch] = minimum.split('.').map(Number) as [number, number, number];
  if (version.major !== major) return version.major > major;
  if (version.minor !== minor) return version.minor > minor;
  return version.patch >= patch;
}

/**
 * Runs `helm version --template {{.Version}}` (argument array, no shell, bounded in time) and
 * returns the helm at `path`, refusing one that does not run or is older than 3.8.0.
 */
export async function probeHelm(path: string, env: NodeJS.ProcessEnv = process.env): Promise<HelmInfo> {
  const { execa } = await import('execa');
  const result = await execa(path, ['version', '--template', '{{.Version}}'], {
    reject: false,
    timeout: PROBE_TIMEOUT_MS,
    env: { ...env, LANG: 'C', LC_ALL: 'C' },
    extendEnv: false,
    stdin: 'ignore',
  });
  const version = result.failed || result.exitCode !== 0 ? null : parseHelmVersion(result.stdout);
  if (!version) {
    const reason = result.timedOut ? 'did not answer in time' : 'printed no version';
    throw new ConfigError(`${path} does not run as helm: \`helm version\` ${reason}`);
  }
  return checkHelmVersion(version, path);
}

/** The helm at `path`, or an error naming it when `version` is older than the minimum. */
export function checkHelmVersion(version: HelmVersion, path: string): HelmInfo {
  if (!isAtLeast(version)) {
    throw new ConfigError(`${path} is helm ${version.text}; parity needs Helm ≥ ${MIN_HELM_VERSION} (https://helm.sh/docs/intro/install/)`);
  }
  return { name: 'helm', path, version: version.text };
}
