import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { formatSarif, toRepoUri } from '../../src/report/sarif.js';
import { FINDING_RULES } from '../../src/report/finding-rules.js';
import { buildAllowed, buildFinding, buildResult, configError, hostileResult, largeResult, paymentsResult, renderError } from './helpers.js';

type Validator = ((data: unknown) => boolean) & { errors?: unknown[] | null };
type Ajv04 = { compile(schema: unknown): Validator };
const Ajv04 = Ajv04Module as unknown as new (options: Record<string, unknown>) => Ajv04;
const addFormats = addFormatsModule as unknown as (ajv: Ajv04) => Ajv04;

/**
 * The published SARIF 2.1.0 JSON schema (JSON Schema draft-04), as Microsoft's SARIF tooling
 * ships it in the npm package `@microsoft/jest-sarif`; validated with Ajv's draft-04 class.
 */
const officialSchema = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
);

function compileOfficialSchema(): Validator {
  // The published schema has a language-tag pattern that is only valid without the u flag.
  const ajv = new Ajv04({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(officialSchema);
}

const validate = compileOfficialSchema();

function sarif(result = paymentsResult()) {
  return JSON.parse(formatSarif(result));
}

function expectValid(log: unknown): void {
  const valid = validate(log);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

describe('formatSarif against the official SARIF 2.1.0 schema', () => {
  it('is the SARIF 2.1.0 schema', () => {
    expect(officialSchema.$schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(officialSchema.title).toMatch(/SARIF\) Version 2\.1\.0/);
    expect(officialSchema.properties.version.enum).toEqual(['2.1.0']);
    expect(Object.keys(officialSchema.definitions)).toContain('result');
  });

  it('rejects logs that break the schema (the validator is really checking)', () => {
    const log = sarif();
    log.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    expect(validate(log)).toBe(false);
    const other = sarif();
    other.runs[0].results[0].level = 'fatal';
    expect(validate(other)).toBe(false);
  });

  it('produces valid SARIF for findings, errors, hostile text, an empty and a large result', () => {
    const withErrors = paymentsResult();
    withErrors.errors.push(renderError(), configError());
    for (const result of [paymentsResult(), withErrors, hostileResult(), buildResult([]), largeResult(2_000)]) {
      expectValid(sarif(result));
    }
  });
});

describe('formatSarif for GitHub code scanning', () => {
  it('describes the tool and one rule per finding code', () => {
    const log = sarif();
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    expect(log.runs).toHaveLength(1);
    const driver = log.runs[0].tool.driver;
    expect(driver).toMatchObject({ name: 'parity', version: '0.1.0' });
    expect(driver.informationUri).toMatch(/^https:\/\//);
    const ids = driver.rules.map((rule: { id: string }) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(FINDING_RULES.map((rule) => rule.code));
    const mtls = driver.rules.find((rule: { id: string }) => rule.id === 'MTLS_MISMATCH');
    expect(mtls.defaultConfiguration.level).toBe('error');
    expect(mtls.properties.tags).toContain('security');
    expect(mtls.shortDescription.text.length).toBeGreaterThan(10);
    expect(mtls.fullDescription.text.length).toBeGreaterThan(mtls.shortDescription.text.length);
  });

  it('reports findings that are not allowed, with levels, rule indexes and fingerprints', () => {
    const result = paymentsResult();
    const log = sarif(result);
    const results = log.runs[0].results;
    const reported = result.findings.filter((finding) => finding.allowed === null);
    expect(results).toHaveLength(reported.length);
    expect(log.runs[0].properties.allowedFindings).toBe(result.findings.length - reported.length);
    const rules = log.runs[0].tool.driver.rules;
    for (const entry of results) {
      expect(rules[entry.ruleIndex].id).toBe(entry.ruleId);
      const finding = reported.find((f) => f.id === entry.partialFingerprints['parityFindingId/v1'])!;
      expect(finding).toBeDefined();
      expect(entry.ruleId).toBe(finding.code);
      expect(entry.level).toBe(finding.blocking ? 'error' : 'warning');
      expect(entry.message.text.startsWith(finding.message)).toBe(true);
    }
  });

  it('leaves allowed differences out instead of sending suppressions GitHub would open as alerts', () => {
    const text = formatSarif(paymentsResult());
    expect(text).not.toContain('suppressions');
    expect(text).not.toContain('sandbox processor outside production');
    expect(text).not.toContain('capacity differs per environment by design');
  });

  it('points at the source file repo-relative under %SRCROOT%, line 1 when unknown', () => {
    const result = buildResult([
      buildFinding({ id: 'a', source: { file: 'apps\\web\\overlays\\production\\patch.yaml', line: 14 } }),
      buildFinding({ id: 'b', source: { file: './apps/web/base/deploy.yaml' } }),
      buildFinding({ id: 'c', source: null }),
      buildAllowed({ id: 'd' }),
    ]);
    const byId = new Map(sarif(result).runs[0].results.map((r: { partialFingerprints: Record<string, string> }) => [r.partialFingerprints['parityFindingId/v1'], r]));
    const location = (id: string) => (byId.get(id) as { locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } } }> }).locations[0]!.physicalLocation;
    expect(location('a').artifactLocation).toEqual({ uri: 'apps/web/overlays/production/patch.yaml', uriBaseId: '%SRCROOT%' });
    expect(location('a').region.startLine).toBe(14);
    expect(location('b').artifactLocation.uri).toBe('apps/web/base/deploy.yaml');
    expect(location('b').region.startLine).toBe(1);
    expect(location('c').artifactLocation.uri).toBe('parity.config.yaml');
    expect(location('c').region.startLine).toBe(1);
    expect(byId.has('d')).toBe(false);
  });

  it('encodes characters a URI cannot hold but keeps the path readable', () => {
    expect(toRepoUri('apps/my app/overlays/prod#1/kustomization.yaml')).toBe('apps/my%20app/overlays/prod%231/kustomization.yaml');
    expect(toRepoUri('/apps/x.yaml')).toBe('apps/x.yaml');
  });

  it('marks the run failed and lists result errors as notifications', () => {
    const result = paymentsResult();
    result.errors.push(renderError());
    const invocation = sarif(result).runs[0].invocations[0];
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications).toHaveLength(1);
    expect(invocation.toolExecutionNotifications[0].level).toBe('error');
    expect(invocation.toolExecutionNotifications[0].message.text).toContain('RENDER_FAILED (payments-service/production)');
    expect(sarif().runs[0].invocations[0].executionSuccessful).toBe(true);
  });
});

describe('formatSarif rule help, security severity, shards and git-root paths', () => {
  interface Rule {
    id: string;
    helpUri: string;
    help: { text: string; markdown: string };
    properties: Record<string, unknown>;
  }
  const rules = () => sarif().runs[0].tool.driver.rules as Rule[];

  it('gives every rule a helpUri and the code page as help text and markdown', () => {
    for (const rule of rules()) {
      expect(rule.helpUri).toBe(`https://github.com/parity-gitops/parity/blob/main/docs/codes/${rule.id}.md`);
      const page = readFileSync(new URL(`../../docs/codes/${rule.id}.md`, import.meta.url), 'utf8');
      expect(rule.help.markdown).toBe(page);
      expect(rule.help.text).toContain('What it means');
      expect(rule.help.text).not.toMatch(/^#|^```/m);
    }
  });

  it('marks exactly the security-relevant rules with a security-severity number as a string', () => {
    const severities = Object.fromEntries(rules().map((rule) => [rule.id, rule.properties['security-severity']]));
    const security = ['MTLS_MISMATCH', 'MTLS_REQUIRED', 'SECRET_DRIFT', 'SECRET_REUSED', 'CROSS_ENV_REFERENCE', 'IMAGE_MISMATCH'];
    for (const [code, value] of Object.entries(severities)) {
      if (security.includes(code)) {
        expect(typeof value).toBe('string');
        expect(Number(value)).toBeGreaterThan(0);
        expect(Number(value)).toBeLessThanOrEqual(10);
      } else {
        expect(value, code).toBeUndefined();
      }
    }
    expect(Number(severities.MTLS_MISMATCH)).toBeGreaterThan(9);
  });

  it('gives a shard run its own automationDetails category, and stays valid SARIF', () => {
    const result = paymentsResult();
    result.shard = { index: 2, count: 5, services: ['checkout', 'payments-service'], all: ['checkout', 'payments-service'] };
    const log = sarif(result);
    expect(log.runs[0].automationDetails).toEqual({ id: 'parity/shard-2-of-5/' });
    expectValid(log);
    expect(sarif().runs[0].automationDetails).toBeUndefined();
  });

  it('makes URIs relative to the git root under a path prefix', () => {
    const log = JSON.parse(formatSarif(paymentsResult(), { pathPrefix: 'deploy/gitops/' }));
    const uris = (log.runs[0].results as Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>).map(
      (result) => result.locations[0]!.physicalLocation.artifactLocation.uri,
    );
    expect(uris).toContain('deploy/gitops/apps/payments-service/overlays/production/patch-mtls.yaml');
    expect(uris).toContain('deploy/gitops/parity.config.yaml');
    for (const uri of uris) expect(uri).toMatch(/^deploy\/gitops\//);
    expectValid(log);
  });
});
