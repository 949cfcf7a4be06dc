import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import { readResultFile } from '../io/read-result.js';
import type { AuditResult, HistoryPoint } from '../types.js';
import { historyPoint } from './history-point.js';
import { identityProblem, recordedRepo } from './read-baseline.js';

/**
 * `--history DIR`: every `*.json` file directly in DIR is an earlier result of this repository,
 * oldest to newest by its recorded run time, then this run. Other files and folders are skipped
 * (a scheduled job keeps logs and HTML beside them); a `.json` file that is not a parity result,
 * records no run time, or belongs to another repository is a ConfigError naming it.
 */
export async function readHistory(dir: string, current: AuditResult): Promise<HistoryPoint[]> {
  const points: HistoryPoint[] = [];
  for (const file of await resultFiles(dir)) points.push(await readPoint(file, current));
  const now = historyPoint(current, current.run?.time ?? new Date(0).toISOString());
  const earlier = points.filter((point) => !(point.time === now.time && point.commit === now.commit));
  return [...earlier.sort((a, b) => Date.parse(a.time) - Date.parse(b.time)), now];
}

async function resultFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
      .map((entry) => join(dir, entry.name))
      .sort();
  } catch (error) {
    throw new ConfigError(`--history: cannot read the folder: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file: dir });
  }
}

async function readPoint(file: string, current: AuditResult): Promise<HistoryPoint> {
  const result = await readResultFile(file);
  const problem = identityProblem(recordedRepo(result), current.run?.repo ?? null);
  if (problem) throw new ConfigError(`--history: ${problem}`, { file });
  const time = result.run?.time;
  if (typeof time !== 'string' || Number.isNaN(Date.parse(time))) {
    throw new ConfigError('--history: the result records no run time (`run.time`), so it cannot be placed in the trend', { file });
  }
  return historyPoint(result, time);
}
