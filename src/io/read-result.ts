import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors.js';
import type { AuditResult } from '../types.js';

/** A parity JSON result file, checked for the fields merge relies on; anything else names the file. */
export async function readResultFile(file: string): Promise<AuditResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read result file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`not valid JSON: ${(error as Error).message.split('\n')[0]}`, { file });
  }
  const missing = missingFields(parsed);
  if (missing) throw new ConfigError(`not a parity JSON result (schemaVersion 1): ${missing}`, { file });
  return parsed as AuditResult;
}

const ARRAYS = ['services', 'pairs', 'findings', 'errors'] as const;

function missingFields(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const result = value as Record<string, unknown>;
  if (result.schemaVersion !== 1) return `schemaVersion is ${JSON.stringify(result.schemaVersion) ?? 'missing'}`;
  for (const key of ARRAYS) if (!Array.isArray(result[key])) return `\`${key}\` is missing or not a list`;
  const summary = result.summary as Record<string, unknown> | undefined;
  if (typeof summary !== 'object' || summary === null || typeof summary.renders !== 'number') return '`summary` is missing';
  return null;
}
