import { mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RenderError } from '../errors.js';
import { DEFAULT_TIMEOUT_MS, runBounded } from '../util/run-bounded.js';
import { scrubText } from '../secrets/index.js';

export interface RemoteChart {
  repoURL: string;
  chart: string;
  version: string;
}

/**
 * Fetches a chart from a Helm repository or an OCI registry (`helm pull --untar`) into a new
 * temporary directory, with helm's homes isolated as for rendering, and returns the chart's
 * directory and the temporary root (the caller removes it). Only called with `--allow-remote`.
 */
export async function pullChart(helm: string, remote: RemoteChart, options: { overlay: string; timeoutMs?: number }): Promise<{ chartDir: string; root: string }> {
  const root = await mkdtemp(join(tmpdir(), 'parity-chart-'));
  const home = join(root, 'home');
  await mkdir(home);
  const untar = join(root, 'chart');
  const run = await runBounded(helm, pullArgs(remote, untar), {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxOutputBytes: 1 << 20,
    env: { HOME: home, HELM_CACHE_HOME: join(root, 'cache'), HELM_CONFIG_HOME: join(root, 'config'), HELM_DATA_HOME: join(root, 'data') },
  });
  if (run.timedOut || run.failed || run.exitCode !== 0) {
    const reason = run.timedOut ? 'timed out' : (scrubText(run.stderr).split('\n').find((line) => line.trim() !== '') ?? run.shortMessage);
    throw new RenderError(`helm pull ${describeRemote(remote)} failed: ${reason.replace(/^Error:\s*/, '')}`, { overlay: options.overlay });
  }
  const [name] = await readdir(untar);
  if (!name) throw new RenderError(`helm pull ${describeRemote(remote)} fetched nothing`, { overlay: options.overlay });
  return { chartDir: join(untar, name), root };
}

/** `helm pull` arguments: `oci://` references name the chart in the URL; a Helm repository takes `--repo`. */
export function pullArgs(remote: RemoteChart, untarDir: string): string[] {
  const version = remote.version && remote.version !== '*' ? ['--version', remote.version] : [];
  const base = ['pull', '--untar', '--untardir', untarDir, ...version];
  if (isOci(remote.repoURL)) {
    const registry = remote.repoURL.replace(/^oci:\/\//, '').replace(/\/$/, '');
    return [...base, `oci://${registry}/${remote.chart}`];
  }
  return [...base, '--repo', remote.repoURL, remote.chart];
}

/** Argo CD writes OCI repositories without a scheme (`registry.example.com/charts`) or with `oci://`. */
function isOci(repoURL: string): boolean {
  return repoURL.startsWith('oci://') || !/^[a-z]+:\/\//i.test(repoURL);
}

export function describeRemote(remote: RemoteChart): string {
  return `chart ${remote.chart}${remote.version ? ` ${remote.version}` : ''} from ${remote.repoURL}`;
}
