import type { AuditResult } from '../types.js';

/** The JSON contract (schemaVersion 1), pretty-printed, with a trailing newline. */
export function formatJson(result: AuditResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
