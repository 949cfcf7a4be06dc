import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { onInterrupt } from '../cleanup.js';
import { chartFiles } from './chart-inputs.js';
import { checkVendoredDependencies, readChartFile, type ChartFile } from './chart-file.js';

/**
 * What the `helm template` runs of one parity run share, so that rendering a chart for three
 * environments reads it once and runs helm three times, nothing more:
 *
 * - one isolated helm home (HOME and HELM_*_HOME in a fresh temporary directory, so the user's
 *   repositories, plugins and registry logins are never read), made once and removed by
 *   `close` or when parity is interrupted;
 * - each chart's Chart.yaml and vendored-dependency check, and its file list, read once per
 *   chart directory (a run sees the repository as it was when it started).
 *
 * Every helm process runs with GOMAXPROCS=1 unless parity's own environment sets it: renders
 * run side by side, one per core, and a process that starts as many scheduler threads as there
 * are cores spends its short life contending with its neighbours.
 */
export interface HelmSession {
  /** The environment of every helm process: nothing of the user's beyond the Go runtime settings. */
  readonly env: Readonly<Record<string, string>>;
  /** The chart's Chart.yaml, once its declared dependencies are known to be vendored. */
  chart(chartDir: string): Promise<ChartFile>;
  /** Every file of the chart, repo-relative (see chartFiles). */
  files(chartDir: string, repoDir: string): Promise<string[]>;
  /** Writes inline values (Argo CD `valuesObject`) to a private file for `--values`. */
  writeValues(values: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

/** Go runtime settings passed through from parity's environment; GOMAXPROCS defaults to 1. */
const RUNTIME_VARIABLES = ['GOMAXPROCS', 'GOGC', 'GOMEMLIMIT'] as const;

export async function openHelmSession(): Promise<HelmSession> {
  const root = await mkdtemp(join(tmpdir(), 'parity-helm-'));
  const unregister = onInterrupt(() => rmSync(root, { recursive: true, force: true }));
  const env: Record<string, string> = {
    HOME: join(root, 'home'),
    HELM_CACHE_HOME: join(root, 'cache'),
    HELM_CONFIG_HOME: join(root, 'config'),
    HELM_DATA_HOME: join(root, 'data'),
    GOMAXPROCS: '1',
  };
  for (const name of RUNTIME_VARIABLES) {
    const value = process.env[name];
    if (value !== undefined && value !== '') env[name] = value;
  }
  await mkdir(env.HOME!);
  const charts = new Map<string, Promise<ChartFile>>();
  const files = new Map<string, Promise<string[]>>();
  let written = 0;
  return {
    env,
    chart: (chartDir) => remembered(charts, chartDir, async () => {
      const chart = await readChartFile(chartDir);
      await checkVendoredDependencies(chartDir, chart);
      return chart;
    }),
    files: (chartDir, repoDir) => remembered(files, `${repoDir}\0${chartDir}`, () => chartFiles(chartDir, repoDir)),
    writeValues: async (values) => {
      written += 1;
      const file = join(root, `inline-values-${written}.yaml`);
      await writeFile(file, stringify(values), { mode: 0o600 });
      return file;
    },
    close: async () => {
      unregister();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Runs `work` in `given`, or in a session of its own, opened for it and closed after it. */
export async function inHelmSession<T>(given: HelmSession | undefined, work: (session: HelmSession) => Promise<T>): Promise<T> {
  if (given) return work(given);
  const session = await openHelmSession();
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}

/** Runs `read` once per key; a failure is remembered too (every environment of the chart fails alike). */
function remembered<T>(memo: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> {
  const known = memo.get(key);
  if (known) return known;
  const reading = read();
  // Callers await it; this keeps an unawaited rejection from being reported as unhandled.
  reading.catch(() => undefined);
  memo.set(key, reading);
  return reading;
}
