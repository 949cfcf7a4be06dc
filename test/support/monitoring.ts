import { execa } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real Prometheus or Alertmanager for tests: started on a free loopback port with its data in
 * a temporary folder, stopped (by its own pid) afterwards. In CI (`CI=true`) a missing binary
 * fails the test file; elsewhere `monitoringBinaries` lets the file skip visibly.
 */
export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

const BINARIES = { prometheus: 'prometheus', promtool: 'promtool', alertmanager: 'prometheus-alertmanager' } as const;

export async function hasBinary(name: keyof typeof BINARIES): Promise<boolean> {
  const found = await execa('sh', ['-c', `command -v ${BINARIES[name]}`], { reject: false });
  if (found.exitCode === 0) return true;
  if (process.env.CI === 'true') throw new Error(`${BINARIES[name]} is not installed (.ci/run installs it)`);
  return false;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitReady(url: string, child: { exitCode: number | null }): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url}: not ready after 20s`);
}

async function serve(command: string, args: (port: number) => string[], dir: string): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = execa(command, args(port), { reject: false, stdin: 'ignore', stdout: 'ignore', stderr: 'pipe', cleanup: true });
  try {
    await waitReady(url, child);
  } catch (error) {
    child.kill('SIGKILL');
    const { stderr } = await child;
    throw new Error(`${(error as Error).message}\n${String(stderr).slice(-2000)}`);
  }
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await child;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Prometheus with `openMetrics` backfilled through `promtool tsdb create-blocks-from openmetrics`, and nothing to scrape. */
export async function startPrometheus(openMetrics: string): Promise<RunningServer> {
  const dir = await mkdtemp(join(tmpdir(), 'parity-prometheus-'));
  await writeFile(join(dir, 'data.om'), openMetrics);
  await writeFile(join(dir, 'prometheus.yml'), 'global: {}\nscrape_configs: []\n');
  await execa(BINARIES.promtool, ['tsdb', 'create-blocks-from', 'openmetrics', join(dir, 'data.om'), join(dir, 'tsdb')]);
  return serve(BINARIES.prometheus, (port) => [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'tsdb')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--storage.tsdb.retention.time=30d',
  ], dir);
}

/** Alertmanager with a receiver that sends nothing, clustering off. */
export async function startAlertmanager(): Promise<RunningServer> {
  const dir = await mkdtemp(join(tmpdir(), 'parity-alertmanager-'));
  await writeFile(join(dir, 'alertmanager.yml'), 'route:\n  receiver: none\nreceivers:\n  - name: none\n');
  return serve(BINARIES.alertmanager, (port) => [
    `--config.file=${join(dir, 'alertmanager.yml')}`,
    `--storage.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
  ], dir);
}
