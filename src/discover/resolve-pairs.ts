import { ConfigError } from '../errors.js';
import { unknownNameMessage } from './closest-name.js';

/**
 * The environment pairs to compare: `chain` (neighbours in promotion order), `all` (every
 * ordered pair i<j) or an explicit list `a:b,c:d` of known environments.
 */
export function resolvePairs(envs: readonly string[], spec: string): Array<[string, string]> {
  if (spec === 'chain') return envs.slice(1).map((env, index) => [envs[index]!, env]);
  if (spec === 'all') return envs.flatMap((a, i) => envs.slice(i + 1).map((b): [string, string] => [a, b]));
  const pairs: Array<[string, string]> = [];
  for (const item of spec.split(',').map((part) => part.trim())) {
    const pair = parsePair(item, envs);
    if (!pairs.some(([a, b]) => a === pair[0] && b === pair[1])) pairs.push(pair);
  }
  return pairs;
}

function parsePair(item: string, envs: readonly string[]): [string, string] {
  const parts = item.split(':');
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new ConfigError(`invalid pair '${item}': expected chain, all, or ENV:ENV[,ENV:ENV]`);
  }
  const [a, b] = parts as [string, string];
  for (const env of [a, b]) {
    if (!envs.includes(env)) throw new ConfigError(unknownNameMessage('env', env, envs, ` in pair '${item}'`));
  }
  if (a === b) throw new ConfigError(`invalid pair '${item}': an environment cannot be compared with itself`);
  return [a, b];
}
