import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import type { Endpoint } from '../gate/checks/http-json.js';

/** Flag values as commander leaves them: an unset flag is undefined. */
export interface EndpointFlags {
  url?: string | undefined;
  tokenFile?: string | undefined;
  ca?: string | undefined;
}

/**
 * A monitoring API from its flags and environment: the URL from the flag or `<PREFIX>_URL`,
 * the bearer token from `<PREFIX>_TOKEN` or a token file (never from a flag value), the CA
 * bundle from a file; every call is bounded by `--timeout`. Anything missing or unreadable is a usage error naming the flag.
 */
export function endpointOf(
  what: { flag: string; env: string },
  flags: EndpointFlags,
  timeoutMs?: number,
  env: NodeJS.ProcessEnv = process.env,
): Endpoint {
  const url = flags.url ?? env[`${what.env}_URL`];
  if (!url) throw new ConfigError(`--${what.flag} or ${what.env}_URL is required`);
  if (!/^https?:\/\//.test(url) || !URL.canParse(url)) throw new ConfigError(`--${what.flag}: not an http(s) URL`);
  const token = flags.tokenFile ? readText(flags.tokenFile, `--${what.flag}-token-file`).trim() : env[`${what.env}_TOKEN`];
  const endpoint: Endpoint = { url, ...(timeoutMs !== undefined ? { timeoutMs } : {}) };
  if (token) endpoint.token = token;
  if (flags.ca) endpoint.ca = readText(flags.ca, `--${what.flag}-ca`);
  return endpoint;
}

function readText(file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${flag}: cannot read file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file });
  }
}
