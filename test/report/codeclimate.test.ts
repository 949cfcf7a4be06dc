import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { formatCodeClimate } from '../../src/report/codeclimate.js';
import { formatResult } from '../../src/report/index.js';
import { buildAllowed, buildFinding, buildResult, configError, hostileResult, largeResult, paymentsResult, renderError } from './helpers.js';

/**
 * GitLab's Code Quality report format as its documentation defines it ("Code Quality report
 * format": a JSON array of issues, each with `description`, `check_name`, `fingerprint`,
 * `severity` one of info|minor|major|critical|blocker, `location.path` and
 * `location.lines.begin` or `location.positions.begin.line`). No npm package publishes GitLab's
 * schema, so it is written here by shape.
 */
const gitlabIssue = z.object({
  description: z.string().min(1),
  check_name: z.string().min(1),
  fingerprint: z.string().min(1),
  severity: z.enum(['info', 'minor', 'major', 'critical', 'blocker']),
  location: z.object({
    path: z.string().min(1).refine((path) => !path.startsWith('/') && !path.startsWith('./'), 'relative to the repository root'),
    lines: z.object({ begin: z.number().int().min(1) }),
  }),
});
const gitlabReport = z.array(gitlabIssue);

function issues(result = paymentsResult(), prefix?: string) {
  return gitlabReport.parse(JSON.parse(formatCodeClimate(result, prefix === undefined ? {} : { pathPrefix: prefix })));
}

describe('formatCodeClimate (GitLab Code Quality)', () => {
  it('is valid by shape for findings, errors, hostile text, an empty and a large result', () => {
    const withErrors = paymentsResult();
    withErrors.errors.push(renderError(), configError());
    for (const result of [paymentsResult(), withErrors, hostileResult(), buildResult([]), largeResult(2_000)]) {
      expect(gitlabReport.safeParse(JSON.parse(formatCodeClimate(result))).success).toBe(true);
    }
    expect(gitlabReport.safeParse([{ description: 'x', check_name: 'X', fingerprint: 'f', severity: 'fatal', location: { path: 'a', lines: { begin: 1 } } }]).success).toBe(false);
  });

  it('has one issue per finding that is not allowed, fingerprinted by the stable finding id', () => {
    const result = paymentsResult();
    const list = issues(result);
    const open = result.findings.filter((finding) => finding.allowed === null);
    expect(list.map((issue) => issue.fingerprint).sort()).toEqual(open.map((finding) => finding.id).sort());
    expect(JSON.stringify(list)).not.toContain('sandbox processor outside production');
    expect(issues(result)).toEqual(list);
  });

  it('maps severities: blocking MTLS blocker, cross-env critical, drift major, warnings minor, stale rules info', () => {
    const result = buildResult([
      buildFinding({ code: 'MTLS_MISMATCH' }),
      buildFinding({ code: 'MTLS_REQUIRED', path: 'a' }),
      buildFinding({ code: 'CROSS_ENV_REFERENCE', path: 'b' }),
      buildFinding({ code: 'SECRET_DRIFT', path: 'c' }),
      buildFinding({ code: 'VALUE_DRIFT', path: 'd' }),
      buildFinding({ code: 'SECRET_REUSED', blocking: false, severity: 'warning', path: 'e' }),
      buildFinding({ code: 'ALLOW_STALE', blocking: false, severity: 'warning', path: 'f' }),
      buildAllowed({ code: 'MTLS_MISMATCH', path: 'g' }),
    ]);
    const byCode = Object.fromEntries(issues(result).map((issue) => [issue.check_name, issue.severity]));
    expect(byCode).toEqual({
      MTLS_MISMATCH: 'blocker',
      MTLS_REQUIRED: 'blocker',
      CROSS_ENV_REFERENCE: 'critical',
      SECRET_DRIFT: 'critical',
      VALUE_DRIFT: 'major',
      SECRET_REUSED: 'minor',
      ALLOW_STALE: 'info',
    });
  });

  it('places issues at the source line, relative to the git root, and result errors as blockers', () => {
    const result = paymentsResult();
    result.errors.push(renderError());
    const list = issues(result, 'gitops');
    const mtls = list.find((issue) => issue.check_name === 'MTLS_MISMATCH')!;
    expect(mtls.location).toEqual({ path: 'gitops/apps/payments-service/overlays/production/patch-mtls.yaml', lines: { begin: 12 } });
    const secret = list.find((issue) => issue.check_name === 'SECRET_REUSED')!;
    expect(secret.location).toEqual({ path: 'gitops/parity.config.yaml', lines: { begin: 1 } });
    const error = list.find((issue) => issue.check_name === 'RENDER_FAILED')!;
    expect(error).toMatchObject({ severity: 'blocker', location: { path: 'gitops/apps/payments-service/overlays/production/kustomization.yaml', lines: { begin: 5 } } });
    expect(new Set(list.map((issue) => issue.fingerprint)).size).toBe(list.length);
  });

  it('is registered as --format codeclimate', () => {
    const text = formatResult(paymentsResult(), 'codeclimate', { color: false });
    expect(gitlabReport.parse(JSON.parse(text))).toHaveLength(4);
  });
});
