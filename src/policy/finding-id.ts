import { createHash } from 'node:crypto';
import type { ResourceRef } from '../types.js';

export interface FindingIdParts {
  code: string;
  service: string;
  envs: readonly string[];
  resource: ResourceRef | null;
  /** The canonical path, or for policy-level findings the rule or waiver it is about. */
  path: string | null;
}

/**
 * A finding's stable id: sha256 over code, service, envs, resource and path, first 16 hex
 * digits. Values never enter the hash, so the id survives value changes and leaks nothing.
 */
export function findingId(parts: FindingIdParts): string {
  const resource = parts.resource ? [parts.resource.apiVersion, parts.resource.kind, parts.resource.name] : ['', '', ''];
  const fields = [parts.code, parts.service, parts.envs.join(','), ...resource, parts.path ?? ''];
  return createHash('sha256').update(fields.join('\u0000')).digest('hex').slice(0, 16);
}
