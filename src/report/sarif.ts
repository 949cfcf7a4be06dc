import type { AuditResult, Finding, FindingCode, ResultError, SourceLocation } from '../types.js';
import { describeResource, describeValue } from './describe.js';
import { sortFindings, pairLabel } from './order-findings.js';
import { FINDING_RULES } from './finding-rules.js';
import { PARITY_INFORMATION_URI } from './links.js';
import { prefixPath, type ReportOptions } from './report-options.js';
import { describeRules } from './sarif-rules.js';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/**
 * Where a result without a source location points. GitHub code scanning needs a location on
 * every result; the config file is the closest thing to "the whole repository".
 */
export const FALLBACK_ARTIFACT = 'parity.config.yaml';

/**
 * SARIF 2.1.0 for GitHub code scanning: one run, one rule per finding code, one result per
 * finding that is not allowed (blocking → `error`, others → `warning`).
 *
 * Allowed findings are left out rather than emitted with `suppressions`: GitHub code
 * scanning does not honour SARIF suppressions and would open an alert for each of them.
 * Their count is kept in `run.properties.allowedFindings`. Result errors (failed renders,
 * invalid config) become `toolExecutionNotifications` and mark the invocation as failed.
 *
 * URIs are relative to the git root (`options.pathPrefix` is where the audited tree sits in
 * it), so code scanning can place them. A shard's run carries `automationDetails.id`
 * `parity/shard-K-of-N/`: its own category, so one shard's upload does not close another's alerts.
 */
export function formatSarif(result: AuditResult, options: Partial<ReportOptions> = {}): string {
  const findings = sortFindings(result).filter((finding) => finding.allowed === null);
  const locate = (source: SourceLocation | null) => physicalLocation(source, options.pathPrefix);
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: describeDriver(result) },
        ...(result.shard ? { automationDetails: { id: `parity/shard-${result.shard.index}-of-${result.shard.count}/` } } : {}),
        invocations: [describeInvocation(result.errors, locate)],
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The root of the git repository.' } } },
        results: findings.map((finding) => toSarifResult(finding, locate)),
        columnKind: 'utf16CodeUnits',
        properties: { allowedFindings: result.findings.length - findings.length },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function describeDriver(result: AuditResult) {
  return {
    name: 'parity',
    version: result.tool.version,
    semanticVersion: result.tool.version,
    informationUri: PARITY_INFORMATION_URI,
    rules: describeRules(),
  };
}

type Locate = (source: SourceLocation | null) => ReturnType<typeof physicalLocation>;

function describeInvocation(errors: ResultError[], locate: Locate) {
  return {
    executionSuccessful: errors.length === 0,
    toolExecutionNotifications: errors.map((error) => ({
      level: 'error',
      message: { text: `${error.code}${scope(error)}: ${error.message}` },
      ...(error.file ? { locations: [locate({ file: error.file, ...(error.line ? { line: error.line } : {}) })] } : {}),
    })),
  };
}

function toSarifResult(finding: Finding, locate: Locate) {
  return {
    ruleId: finding.code,
    ruleIndex: ruleIndex(finding.code),
    level: finding.blocking ? 'error' : 'warning',
    message: { text: resultMessage(finding) },
    locations: [locate(finding.source)],
    partialFingerprints: { 'parityFindingId/v1': finding.id },
    properties: {
      service: finding.service,
      envs: finding.envs,
      ...(finding.resource ? { resource: finding.resource } : {}),
      ...(finding.path ? { path: finding.path } : {}),
      blocking: finding.blocking,
    },
  };
}

/** The finding's sentence, then where it is and its value per environment. */
function resultMessage(finding: Finding): string {
  const lines = [finding.message, `${finding.service} ${pairLabel(finding.envs)}: ${describeResource(finding.resource)}`];
  if (finding.path) lines.push(`path: ${finding.path}`);
  for (const env of finding.envs) {
    if (Object.hasOwn(finding.values, env)) lines.push(`${env}: ${describeValue(finding.values, env)}`);
  }
  return lines.join('\n');
}

function physicalLocation(source: SourceLocation | null, prefix: string | undefined) {
  return {
    physicalLocation: {
      artifactLocation: { uri: toRepoUri(prefixPath(source?.file ?? FALLBACK_ARTIFACT, prefix)), uriBaseId: '%SRCROOT%' },
      region: { startLine: Math.max(1, Math.trunc(source?.line ?? 1)) },
    },
  };
}

/** Repo-relative, forward slashes, no leading `./` or `/`, each segment percent-encoded. */
export function toRepoUri(file: string): string {
  const segments = file.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\/+/, '').split('/');
  return segments.map((segment) => encodeURIComponent(segment)).join('/');
}

function ruleIndex(code: FindingCode): number {
  return FINDING_RULES.findIndex((rule) => rule.code === code);
}

function scope(error: ResultError): string {
  const parts = [error.service, error.env].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join('/')})` : '';
}
