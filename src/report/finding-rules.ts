import type { FindingCode } from '../types.js';

/** What a finding code means, for formats that describe their rules (SARIF). */
export interface FindingRule {
  code: FindingCode;
  /** PascalCase name, as SARIF `reportingDescriptor.name`. */
  name: string;
  short: string;
  full: string;
  level: 'error' | 'warning';
  tags: string[];
  /**
   * GitHub code scanning's `security-severity` (a number as a string: over 9.0 critical, 7.0–8.9
   * high, 4.0–6.9 medium), only on security-relevant rules.
   */
  securitySeverity?: string;
}

const BASE_TAGS = ['parity', 'kubernetes'];

/** Every finding code, in a fixed order (SARIF rule indexes depend on it). */
export const FINDING_RULES: readonly FindingRule[] = [
  {
    code: 'VALUE_DRIFT',
    name: 'ValueDrift',
    level: 'error',
    tags: [...BASE_TAGS, 'drift'],
    short: 'A field differs between environments and no allow rule covers it.',
    full: 'A field of a resource differs between two environments (or exists on one side only) and no policy allow rule covers the difference. Make the environments agree, or add an allow rule with a reason.',
  },
  {
    code: 'RESOURCE_MISSING',
    name: 'ResourceMissing',
    level: 'error',
    tags: [...BASE_TAGS, 'drift'],
    short: 'A resource exists in one environment and not the other.',
    full: 'A resource rendered for one environment has no counterpart in the other. Add it to the missing overlay, or allow the difference by policy.',
  },
  {
    code: 'MTLS_MISMATCH',
    securitySeverity: '9.1',
    name: 'MtlsMismatch',
    level: 'error',
    tags: [...BASE_TAGS, 'security', 'tls'],
    short: 'The TLS/mTLS posture differs between environments.',
    full: 'The inbound mTLS mode, sidecar injection, or the TLS posture of an outbound endpoint (scheme, client certificate, DestinationRule TLS mode) differs between environments. Endpoint allow rules never cover posture.',
  },
  {
    code: 'MTLS_REQUIRED',
    securitySeverity: '9.1',
    name: 'MtlsRequired',
    level: 'error',
    tags: [...BASE_TAGS, 'security', 'tls'],
    short: 'An mTLS-only endpoint is called without a client certificate.',
    full: 'The policy declares this endpoint host as requiring mutual TLS, but the workload calls it without presenting a client certificate.',
  },
  {
    code: 'IMAGE_MISMATCH',
    securitySeverity: '7.5',
    name: 'ImageMismatch',
    level: 'error',
    tags: [...BASE_TAGS, 'drift', 'supply-chain'],
    short: 'A container image repository, or the promoted tag, differs.',
    full: 'A container pulls from a different image repository in two environments, or, at a promotion gate, the target would not run the promoted tag or digest.',
  },
  {
    code: 'CROSS_ENV_REFERENCE',
    securitySeverity: '8.1',
    name: 'CrossEnvReference',
    level: 'error',
    tags: [...BASE_TAGS, 'security', 'drift'],
    short: 'A value in one environment names another environment.',
    full: 'An address-like value (URL, host, DSN, bucket, queue or topic) in one environment names another environment of the promotion chain, e.g. production pointing at a staging database.',
  },
  {
    code: 'SECRET_DRIFT',
    securitySeverity: '6.5',
    name: 'SecretDrift',
    level: 'error',
    tags: [...BASE_TAGS, 'security', 'secrets'],
    short: 'A Secret holds different keys in two environments.',
    full: 'A Secret has a different key set in two environments. Values are never shown; only key names are compared.',
  },
  {
    code: 'SECRET_REUSED',
    securitySeverity: '7.2',
    name: 'SecretReused',
    level: 'warning',
    tags: [...BASE_TAGS, 'security', 'secrets'],
    short: 'The same secret value is used in two environments.',
    full: 'The same secret value appears in two environments; each environment should have its own credentials. The value itself is never shown.',
  },
  {
    code: 'ALLOW_STALE',
    name: 'AllowStale',
    level: 'warning',
    tags: [...BASE_TAGS, 'policy'],
    short: 'An allow rule matched no difference.',
    full: 'A policy allow rule matched nothing in this audit. Remove it or fix its scope so it does not hide future drift.',
  },
  {
    code: 'WAIVER_EXPIRED',
    name: 'WaiverExpired',
    level: 'error',
    tags: [...BASE_TAGS, 'policy'],
    short: 'A waiver is past its expiry date.',
    full: 'A waiver that excused a finding has expired. Renew it with a reason and an owner, or fix the finding.',
  },
  {
    code: 'LIVE_DRIFT',
    name: 'LiveDrift',
    level: 'error',
    tags: [...BASE_TAGS, 'drift', 'cluster'],
    short: 'A field in the cluster differs from the repository.',
    full: 'A field the repository sets has a different value in the live cluster.',
  },
  {
    code: 'LIVE_MISSING',
    name: 'LiveMissing',
    level: 'error',
    tags: [...BASE_TAGS, 'drift', 'cluster'],
    short: 'A resource in the repository is missing from the cluster.',
    full: 'A resource the repository renders does not exist in the live cluster.',
  },
];
