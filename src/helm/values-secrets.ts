import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { isCredentialKey, rememberSecrets } from '../secrets/index.js';

/** A line `password: value` of a values file that does not parse (the reason it is being scrubbed). */
const KEY_VALUE_LINE = /^\s*-?\s*["']?([\w.-]+)["']?\s*:\s*["']?([^"'#\n]*?)["']?\s*(?:#.*)?$/;

/**
 * The secret values a chart render is given: the values of credential-named keys (and every
 * value beneath one) in the chart's values.yaml, the values files, inline values and `--set`
 * parameters. They are remembered for the final scrubber and returned to scrub helm's stderr.
 */
export async function valuesSecrets(
  files: readonly string[],
  inline: Record<string, unknown> | undefined,
  set: ReadonlyArray<{ name: string; value: string }>,
): Promise<string[]> {
  const found: string[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => '');
    collectFromText(text, found);
  }
  if (inline) collect(inline, false, found);
  for (const parameter of set) if (isCredentialKey(parameter.name)) found.push(parameter.value);
  const values = found.filter((value) => value.trim() !== '');
  rememberSecrets(values);
  return values;
}

/** The values of credential-named keys in one values file's text (for scrubbing a diff of it). */
export function valuesTextSecrets(text: string): string[] {
  const found: string[] = [];
  collectFromText(text, found);
  return found.filter((value) => value.trim() !== '');
}

function collectFromText(text: string, found: string[]): void {
  try {
    collect(parse(text, { maxAliasCount: 100 }), false, found);
  } catch {
    // Invalid YAML (the likely failure being reported): take `key: value` lines one by one.
    for (const line of text.split('\n')) {
      const match = KEY_VALUE_LINE.exec(line);
      if (match && isCredentialKey(match[1]!)) found.push(match[2]!);
    }
  }
}

function collect(value: unknown, secret: boolean, found: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, secret, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) collect(child, secret || isCredentialKey(key), found);
  } else if (secret && (typeof value === 'string' || typeof value === 'number')) {
    found.push(String(value));
  }
}
