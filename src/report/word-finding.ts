import type { ClassifiedFinding, Finding } from '../types.js';
import { formatMessage, reportedValues } from './messages.js';

/**
 * A classified finding as the result carries it: its message worded and its values as
 * reported (a TLS posture reads as one line per environment); its arguments stay behind.
 */
export function wordFinding(classified: ClassifiedFinding): Finding {
  const finding: Finding = {
    id: classified.id,
    code: classified.code,
    severity: classified.severity,
    blocking: classified.blocking,
    service: classified.service,
    envs: classified.envs,
    resource: classified.resource,
    path: classified.path,
    values: reportedValues(classified),
    message: formatMessage(classified),
    allowed: classified.allowed,
    source: classified.source,
  };
  if (classified.deciding) finding.deciding = classified.deciding;
  if (classified.status) finding.status = classified.status;
  return finding;
}
