import { describe, expect, it } from 'vitest';
import { formatGithub } from '../../src/report/github.js';
import { escapeCommandData, escapeCommandProperty } from '../../src/report/escape.js';
import type { Finding, FindingCode } from '../../src/types.js';
import { buildAllowed, buildFinding, buildResult, gateVerdict, hostileResult, paymentsResult, renderError } from './helpers.js';

interface Command {
  name: string;
  properties: Record<string, string>;
  message: string;
}

const unescape = (text: string): string =>
  text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');

/** Parses `::name k=v,k=v::message` the way the Actions runner does. */
function parseCommands(output: string): Command[] {
  return output
    .trimEnd()
    .split('\n')
    .map((line) => {
      const match = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
      expect(match, line).not.toBeNull();
      const properties = Object.fromEntries(
        (match![2] ?? '')
          .split(',')
          .filter(Boolean)
          .map((pair) => [pair.slice(0, pair.indexOf('=')), unescape(pair.slice(pair.indexOf('=') + 1))]),
      );
      return { name: match![1]!, properties, message: unescape(match![3]!) };
    });
}

describe('formatGithub', () => {
  it('annotates blocking findings as errors and warnings as warnings, allowed ones not at all', () => {
    const commands = parseCommands(formatGithub(paymentsResult()));
    expect(commands.map((command) => command.name)).toEqual(['error', 'error', 'error', 'warning', 'notice']);
    const mtls = commands.find((command) => command.properties.title?.startsWith('MTLS_MISMATCH'))!;
    expect(mtls.properties).toEqual({
      file: 'apps/payments-service/overlays/production/patch-mtls.yaml',
      line: '12',
      title: 'MTLS_MISMATCH payments-service staging → production',
    });
    expect(mtls.message.split('\n')).toEqual([
      'TLS posture for endpoint PROCESSOR_URL differs between staging and production: staging "tls: none" vs production "mtls: client certificate".',
      'resource: Deployment/payments-service',
      'path: spec.template.spec.containers[name=app].env[name=PROCESSOR_URL]',
      'staging: tls: none',
      'production: mtls: client certificate',
    ]);
    const output = formatGithub(paymentsResult());
    expect(output).not.toContain('sandbox processor outside production');
    expect(output).not.toContain('spec.replicas');
  });

  it('omits file and line for findings without a source', () => {
    const warning = parseCommands(formatGithub(paymentsResult())).find((command) => command.name === 'warning')!;
    expect(Object.keys(warning.properties)).toEqual(['title']);
    expect(warning.message).toContain('staging: <redacted>');
  });

  it('puts errors first and ends with a notice carrying the verdict', () => {
    const result = buildResult([buildAllowed()], { errors: [renderError()], gate: gateVerdict(false, ['render failed']) });
    const commands = parseCommands(formatGithub(result));
    expect(commands[0]).toEqual({
      name: 'error',
      properties: {
        file: 'apps/payments-service/overlays/production/kustomization.yaml',
        line: '5',
        title: 'parity RENDER_FAILED payments-service/production',
      },
      message: 'kustomize build failed: accumulating resources: missing file patch-mtls.yaml',
    });
    const notice = commands.at(-1)!;
    expect(notice.name).toBe('notice');
    expect(notice.properties.title).toBe('parity failed');
    expect(notice.message).toContain('parity gate closed: payments-service staging → production (tag v1.4.2): 1 error');
    expect(notice.message).toContain('- render failed');
    const clean = parseCommands(formatGithub(buildResult([buildAllowed()])));
    expect(clean).toEqual([
      { name: 'notice', properties: { title: 'parity passed' }, message: 'parity: no blocking differences (0 warnings, 1 allowed)' },
    ]);
  });

  it('escapes data and properties so every command stays on one line and round-trips', () => {
    const result = hostileResult();
    const output = formatGithub(result);
    const commands = parseCommands(output);
    expect(output.trimEnd().split('\n')).toHaveLength(2);
    const [finding] = commands;
    expect(finding!.properties.file).toBe('apps/web/overlays/production/a,b:c%.yaml');
    expect(finding!.properties.title).toBe('VALUE_DRIFT web|<app> staging → production');
    expect(finding!.message.startsWith(result.findings[0]!.message)).toBe(true);
    expect(output).toContain('file=apps/web/overlays/production/a%2Cb%3Ac%25.yaml,line=7');
  });

  it('follows GitHub’s escaping rules exactly', () => {
    expect(escapeCommandData('50% done\r\nnext: a,b')).toBe('50%25 done%0D%0Anext: a,b');
    expect(escapeCommandProperty('50% done\r\nnext: a,b')).toBe('50%25 done%0D%0Anext%3A a%2Cb');
  });

  it('prints a blocking finding without a resource or path', () => {
    const result = buildResult([buildFinding({ code: 'WAIVER_EXPIRED', resource: null, path: null, values: {}, message: 'Waiver W-1 expired on 2025-01-01; renew or fix the finding.', source: { file: 'policies/waivers.yaml', line: 3 } })]);
    const [command] = parseCommands(formatGithub(result));
    expect(command).toEqual({
      name: 'error',
      properties: { file: 'policies/waivers.yaml', line: '3', title: 'WAIVER_EXPIRED payments-service staging → production' },
      message: 'Waiver W-1 expired on 2025-01-01; renew or fix the finding.\nresource: —',
    });
  });
});

describe('formatGithub annotation cap', () => {
  const blocking = (code: FindingCode, service: string, n: number): Finding[] =>
    Array.from({ length: n }, (_, i) => buildFinding({ code, service, path: `spec.x${i}` }));
  const warnings = (code: FindingCode, n: number): Finding[] =>
    Array.from({ length: n }, (_, i) => buildFinding({ code, service: 'a-first', blocking: false, severity: 'warning', path: `data.K${i}` }));

  it('emits the ten most important errors and warnings and one notice counting the rest', () => {
    // Report order puts service a-first's VALUE_DRIFT first; importance puts MTLS before anything else.
    const result = buildResult([
      ...blocking('VALUE_DRIFT', 'a-first', 12),
      ...blocking('MTLS_MISMATCH', 'z-last', 3),
      ...blocking('CROSS_ENV_REFERENCE', 'm-middle', 2),
      ...blocking('IMAGE_MISMATCH', 'm-middle', 4),
      ...warnings('ALLOW_STALE', 8),
      ...warnings('SECRET_REUSED', 7),
      buildAllowed(),
    ], { errors: [renderError()] });
    const commands = parseCommands(formatGithub(result));
    const errors = commands.filter((command) => command.name === 'error');
    const shownWarnings = commands.filter((command) => command.name === 'warning');
    expect(errors).toHaveLength(10);
    expect(shownWarnings).toHaveLength(10);
    const codes = (list: Command[]) => list.map((command) => command.properties.title!.split(' ')[0]);
    // The render error, 3 MTLS_MISMATCH, 2 CROSS_ENV_REFERENCE, 4 IMAGE_MISMATCH: no VALUE_DRIFT fits.
    expect(codes(errors).sort()).toEqual(['CROSS_ENV_REFERENCE', 'CROSS_ENV_REFERENCE', 'IMAGE_MISMATCH', 'IMAGE_MISMATCH', 'IMAGE_MISMATCH', 'IMAGE_MISMATCH', 'MTLS_MISMATCH', 'MTLS_MISMATCH', 'MTLS_MISMATCH', 'parity']);
    expect(codes(shownWarnings).filter((code) => code === 'SECRET_REUSED')).toHaveLength(7);
    const notices = commands.filter((command) => command.name === 'notice');
    expect(notices).toHaveLength(2);
    expect(notices[0]!.message).toBe('12 errors and 5 warnings more than GitHub annotates per step (10 errors, 10 warnings); all of them are in the job summary (--format markdown).');
    expect(notices[1]!.properties.title).toBe('parity failed');
  });

  it('keeps report order among the annotations it shows and adds no notice when nothing is left out', () => {
    const result = buildResult([...blocking('VALUE_DRIFT', 'a-first', 2), ...blocking('MTLS_MISMATCH', 'z-last', 1)]);
    const commands = parseCommands(formatGithub(result));
    expect(commands.map((command) => command.properties.title)).toEqual([
      'VALUE_DRIFT a-first staging → production',
      'VALUE_DRIFT a-first staging → production',
      'MTLS_MISMATCH z-last staging → production',
      'parity failed',
    ]);
  });

  it('gives file= relative to the git root under a path prefix', () => {
    const commands = parseCommands(formatGithub(paymentsResult(), { pathPrefix: 'gitops/' }));
    const files = commands.map((command) => command.properties.file).filter(Boolean);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(file).toMatch(/^gitops\/apps\//);
  });
});
