import { z } from 'zod';
import { NAME_PATTERN } from '../discover/config-schema.js';
import type { FindingCode } from '../types.js';
import { pathPatternError } from './path-pattern.js';

const POLICY_API_VERSION = 'parity.dev/v1alpha1';
export const POLICY_KIND = 'ParityPolicy';

/** Codes an allow rule or waiver may name (policy-level findings are not allowable). */
const ALLOWABLE_CODES = [
  'VALUE_DRIFT',
  'RESOURCE_MISSING',
  'MTLS_MISMATCH',
  'MTLS_REQUIRED',
  'IMAGE_MISMATCH',
  'CROSS_ENV_REFERENCE',
  'SECRET_DRIFT',
  'SECRET_REUSED',
  'LIVE_DRIFT',
  'LIVE_MISSING',
] as const satisfies readonly FindingCode[];

/** What an allow rule covers when it does not name codes. */
export const DEFAULT_ALLOW_CODES: readonly FindingCode[] = ['VALUE_DRIFT', 'RESOURCE_MISSING'];

const ENV = NAME_PATTERN.source.slice(1, -1);
const PAIR_PATTERN = new RegExp(`^(\\*|${ENV}:${ENV})$`);
const HOST_PATTERN = /^(\*\.)?[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?(:\d+)?$/;

const nonEmpty = z.string().min(1, { message: 'must not be empty' });
const list = <T extends z.ZodType>(item: T, description: string) =>
  z.array(item).min(1, { message: 'must not be empty' }).optional().meta({ description });

const pathPattern = z.string().superRefine((value, ctx) => {
  const problem = pathPatternError(value);
  if (problem) ctx.addIssue({ code: 'custom', message: `invalid path pattern '${value}': ${problem}` });
});

const matchShape = {
  kinds: list(nonEmpty, 'Resource kinds, or "*"; absent = every kind.'),
  names: list(nonEmpty, 'Globs over normalized resource names; absent = every name.'),
  paths: list(pathPattern, 'Path patterns; a pattern covers its path and everything below. Absent = the whole resource.'),
  pairs: list(
    z.string().regex(PAIR_PATTERN, { message: "must be '*' or 'ENV:ENV'" }),
    'Environment pairs as ENV:ENV (either order) or "*"; absent = every pair.',
  ),
  services: list(nonEmpty, 'Globs over service names; absent = every service.'),
  codes: list(z.enum(ALLOWABLE_CODES), 'Finding codes covered; absent = VALUE_DRIFT and RESOURCE_MISSING only.'),
};

export const allowRuleSchema = z
  .strictObject({
    id: z.string().regex(NAME_PATTERN, { message: `must be a lower-case id matching ${NAME_PATTERN.source}` }),
    reason: nonEmpty,
    ...matchShape,
  })
  .meta({ description: 'A difference this rule matches is reported as allowed, not blocking.' });

const waiverMatchSchema = z
  .strictObject(matchShape)
  .refine((match) => Object.values(match).some((value) => value !== undefined), {
    message: 'a waiver match must name at least one of kinds, names, paths, pairs, services, codes',
  });

export const waiverSchema = z
  .strictObject({
    finding: z
      .union([z.string().regex(/^[0-9a-f]{16}$/, { message: 'must be a finding id (16 hex digits)' }), waiverMatchSchema])
      .meta({ description: 'A finding id, or a match in the shape of an allow rule.' }),
    reason: nonEmpty,
    owner: nonEmpty,
    expires: z.iso.date({ message: 'must be a date YYYY-MM-DD' }).meta({ description: 'The waiver holds through this day (UTC).' }),
  })
  .meta({ description: 'A matched finding does not block until the waiver expires.' });

export const endpointSchema = z.strictObject({
  host: z.string().regex(HOST_PATTERN, { message: 'must be a host name, optionally *.domain' }),
  requires: z.enum(['mtls', 'tls']),
});

const DURATION = /^\d+(ms|s|m|h|d)$/;

const performanceCheckSchema = z
  .strictObject({
    name: z.string().regex(NAME_PATTERN, { message: `must be a lower-case name matching ${NAME_PATTERN.source}` }),
    query: nonEmpty.meta({ description: 'PromQL returning one series; {{service}}, {{namespace}} and {{env}} are filled in.' }),
    better: z.enum(['higher', 'lower']).meta({ description: 'Which direction is an improvement.' }),
    tolerance: z.number().min(0).max(100).optional().meta({ description: 'Allowed regression in percent (default 10).' }),
    step: z
      .string()
      .regex(DURATION, { message: 'must be a duration such as 30s, 1m, 1h' })
      .optional()
      .meta({ description: 'Resolution of the range query averaged over each window (default 1m).' }),
  })
  .meta({ description: 'Compared over the window since the source rollout and the same-length window before it.' });

const incidentsSchema = z
  .strictObject({
    matchers: z
      .array(nonEmpty)
      .min(1, { message: 'must not be empty' })
      .meta({ description: 'Alertmanager matchers such as severity=~"P1|P2"; {{service}}, {{namespace}}, {{env}} are filled in.' }),
  })
  .meta({ description: 'Any active, unsilenced, uninhibited alert matching every matcher closes the gate.' });

export const policyDocumentSchema = z
  .strictObject({
    apiVersion: z.literal(POLICY_API_VERSION, { message: `must be ${POLICY_API_VERSION}` }),
    kind: z.literal(POLICY_KIND, { message: `must be ${POLICY_KIND}` }),
    metadata: z.strictObject({
      name: z.string().regex(NAME_PATTERN, { message: `must be a lower-case name matching ${NAME_PATTERN.source}` }),
      labels: z.record(z.string(), z.string()).optional(),
      annotations: z.record(z.string(), z.string()).optional(),
    }),
    spec: z.strictObject({
      allow: z.array(allowRuleSchema).optional(),
      endpoints: z.array(endpointSchema).optional(),
      waivers: z.array(waiverSchema).optional(),
      promotion: z
        .strictObject({
          requireImmutableTags: z
            .boolean()
            .optional()
            .meta({ description: 'Promotion requires an immutable tag (not latest or a branch name) or a digest.' }),
        })
        .optional(),
      gates: z
        .strictObject({
          performance: z.array(performanceCheckSchema).optional(),
          incidents: incidentsSchema.optional(),
        })
        .optional()
        .meta({ description: 'Checks the gate runs on --check-performance and --check-incidents.' }),
    }),
  })
  .meta({ title: 'parity policy', description: 'A ParityPolicy document (policies/*.yaml).' });

export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
export type AllowRuleInput = z.infer<typeof allowRuleSchema>;
export type WaiverInput = z.infer<typeof waiverSchema>;
