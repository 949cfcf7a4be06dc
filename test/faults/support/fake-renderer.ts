/**
 * Fake renderers for `--kustomize PATH`: small `#!/bin/sh` scripts named `kustomize` that
 * answer `version` like Kustomize v5 and do something wrong on `build DIR`. Each build appends
 * its directory to a log file, so a test can count the invocations.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface FakeRenderer {
  path: string;
  /** One line per `build DIR` invocation: the directory. */
  invocations(): Promise<string[]>;
  /** Per invocation, how many overlays it rendered: the wrapper slots (`o0`, `o1`…) of a batch workspace, else 1. */
  slots(): Promise<number[]>;
}

/** `build` runs `body` (sh) after logging; `$2` is the directory. */
export async function writeFakeRenderer(dir: string, body: string): Promise<FakeRenderer> {
  await mkdir(dir, { recursive: true });
  const log = join(dir, 'invocations.log');
  const path = join(dir, 'kustomize');
  const script = [
    '#!/bin/sh',
    'if [ "$1" = "version" ]; then echo v5.0.0; exit 0; fi',
    `echo "$2" >> '${log}'`,
    `n=$(ls -d "$2"/o[0-9]* 2>/dev/null | wc -l); echo "$(( n > 0 ? n : 1 ))" >> '${log}.slots'`,
    body,
    '',
  ].join('\n');
  await writeFile(path, script);
  await chmod(path, 0o755);
  return {
    path,
    invocations: async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean),
    slots: async () => (await readFile(`${log}.slots`, 'utf8').catch(() => '')).split('\n').filter(Boolean).map(Number),
  };
}

/** A repo of `count` services, one `dev` overlay each, every one a ConfigMap of its own. */
export async function writeTinyRepo(dir: string, count: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'parity.config.yaml'), 'environments: [dev]\nlayout: apps/{service}/overlays/{env}\ndefaultPolicy: false\n');
  for (let i = 0; i < count; i += 1) {
    const overlay = join(dir, `apps/svc${i}/overlays/dev`);
    await mkdir(overlay, { recursive: true });
    await writeFile(join(overlay, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- cm.yaml\n');
    await writeFile(join(overlay, 'cm.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: svc${i}\ndata:\n  a: "1"\n`);
  }
}
