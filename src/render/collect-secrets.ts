import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ParityError } from '../errors.js';
import type { KustomizationChain } from '../types.js';
import { isCredentialKey } from '../secrets/credential-key.js';
import { parseYamlDocuments } from '../yaml/parse-yaml.js';
import { generatorFilePath, isInlineYaml, objects, strings } from '../chain/kustomization-refs.js';
import { envFileValues, expandSecretValues, looseSecretValues, secretValuesOfManifest } from '../secrets/secret-values.js';
import { spellingsOf } from '../secrets/variants.js';
import { rememberSecrets } from '../secrets/vault.js';

/** Files larger than this are not read for secrets (they are not hand-written config). */
const MAX_FILE_BYTES = 1_000_000;

/**
 * Every secret value the overlay's files hold: secretGenerator literals, files and env files,
 * credential-named configMapGenerator entries, Secret manifests (data decoded and as written,
 * stringData) and credential-named values in resources and patches, inline or in files.
 * Lines of env files that are not valid UTF-8 count byte for byte (Kustomize quotes them as
 * `\xff` or as a list of byte values). Remembered for the final text scrubber, and returned
 * to scrub Kustomize's messages before they are shown.
 */
export async function collectSecretValues(chain: KustomizationChain, repoDir: string): Promise<string[]> {
  const values: string[] = [];
  const kustomizations = new Set(chain.files);
  for (const file of chain.files) values.push(...(await kustomizationSecrets(toAbsolute(file, repoDir))));
  for (const input of chain.inputs) {
    if (!kustomizations.has(input)) values.push(...(await fileSecrets(toAbsolute(input, repoDir))));
  }
  const expanded = expandSecretValues(values);
  rememberSecrets(expanded);
  return expanded;
}

function toAbsolute(path: string, repoDir: string): string {
  return isAbsolute(path) ? path : resolve(repoDir, path);
}

/**
 * The secret values a kustomization's own text holds (generator literals, inline patches),
 * for scrubbing what is shown of the file itself, like the diff promote prints.
 */
export function kustomizationTextSecrets(text: string): string[] {
  const data = parseFirst(text);
  if (!data) return [];
  const values = [...inlinePatchSecrets(data)];
  for (const generator of objects(data.secretGenerator)) values.push(...literalSecrets(generator, true));
  for (const generator of objects(data.configMapGenerator)) values.push(...literalSecrets(generator, false));
  return expandSecretValues(values);
}

function literalSecrets(generator: Record<string, unknown>, secret: boolean): string[] {
  const literals = strings(generator.literals);
  const values = envFileValues(literals.join('\n'), secret);
  // A literal without `=` is an error Kustomize quotes in full: all of it may be the secret.
  if (secret) values.push(...literals.filter((literal) => !literal.includes('=')));
  return values;
}

async function kustomizationSecrets(path: string): Promise<string[]> {
  const data = parseFirst(await readText(path));
  if (!data) return [];
  const dir = dirname(path);
  const values = [...inlinePatchSecrets(data)];
  for (const generator of objects(data.secretGenerator)) values.push(...(await generatorSecrets(generator, dir, true)));
  for (const generator of objects(data.configMapGenerator)) values.push(...(await generatorSecrets(generator, dir, false)));
  return values;
}

/** A secretGenerator's every value; a configMapGenerator's values under credential names. */
async function generatorSecrets(generator: Record<string, unknown>, dir: string, secret: boolean): Promise<string[]> {
  const values = literalSecrets(generator, secret);
  for (const entry of strings(generator.files)) {
    const key = entry.includes('=') ? entry.slice(0, entry.indexOf('=')) : entry.split('/').pop()!;
    if (secret || isCredentialKey(key)) values.push(...withLines(await readText(join(dir, generatorFilePath(entry)))));
  }
  for (const env of [...strings(generator.envs), ...strings(generator.env)]) {
    values.push(...envFileValues(await readText(join(dir, env)), secret), ...(await invalidUtf8Lines(join(dir, env))));
  }
  return values;
}

function inlinePatchSecrets(data: Record<string, unknown>): string[] {
  const inline = [
    ...objects(data.patches).flatMap((patch) => strings(patch.patch)),
    ...objects(data.patchesJson6902).flatMap((patch) => strings(patch.patch)),
    ...strings(data.patchesStrategicMerge).filter(isInlineYaml),
  ];
  return inline.flatMap((text) => parseAll(text).flatMap(secretValuesOfManifest));
}

async function fileSecrets(path: string): Promise<string[]> {
  const text = await readText(path);
  if (!/\.(ya?ml|json)$/i.test(path)) return envFileValues(text, false);
  const docs = parseAll(text);
  if (docs.length === 0 && /kind:\s*Secret\b/.test(text)) return looseSecretValues(text);
  return docs.flatMap(secretValuesOfManifest);
}

/** A file's content, and each line of it when it has several (Kustomize may quote one line). */
function withLines(text: string): string[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim().length >= 8);
  return lines.length > 1 ? [text, ...lines] : [text];
}

/**
 * The lines of a file that are not valid UTF-8, whole and after their first `=`, in the
 * spellings Kustomize and Node give them: a text decoder would never find them in stderr.
 */
async function invalidUtf8Lines(path: string): Promise<string[]> {
  const bytes = await readBytes(path);
  const out: Buffer[] = [];
  let start = 0;
  while (start < bytes.length) {
    const end = bytes.indexOf(0x0a, start) < 0 ? bytes.length : bytes.indexOf(0x0a, start);
    const line = bytes.subarray(start, end);
    if (!isValidUtf8(line)) out.push(line, line.subarray(line.indexOf(0x3d) + 1));
    start = end + 1;
  }
  rememberSecrets(out);
  return out.flatMap((line) => spellingsOf(line));
}

function isValidUtf8(bytes: Buffer): boolean {
  return Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes);
}

async function readBytes(path: string): Promise<Buffer> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile() || info.size > MAX_FILE_BYTES) return Buffer.alloc(0);
  return readFile(path).catch(() => Buffer.alloc(0));
}

async function readText(path: string): Promise<string> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile() || info.size > MAX_FILE_BYTES) return '';
  return readFile(path, 'utf8').catch(() => '');
}

/** Parsed documents, or [] when the text is not valid YAML (best effort: this only scrubs). */
function parseAll(text: string): unknown[] {
  try {
    return parseYamlDocuments(text, '<scrub>').map((doc) => doc.value);
  } catch (error) {
    // A YAML syntax error or a parser limit (ConfigError): nothing to scrub from this text.
    if (error instanceof ParityError) return [];
    throw error;
  }
}

function parseFirst(text: string): Record<string, unknown> | null {
  const first = parseAll(text)[0];
  return typeof first === 'object' && first !== null && !Array.isArray(first) ? (first as Record<string, unknown>) : null;
}
