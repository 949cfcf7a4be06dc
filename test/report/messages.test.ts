import { describe, expect, it } from 'vitest';
import { formatMessage } from '../../src/report/messages.js';
import { envTokens } from '../../src/normalize/env-tokens.js';
import { linesBeyondEnvNames } from '../../src/rules/value-drift.js';
import type { Candidate } from '../../src/types.js';

function drift(values: Record<string, unknown>): Candidate & { code: 'VALUE_DRIFT' } {
  return {
    code: 'VALUE_DRIFT',
    service: 'web',
    envs: ['staging', 'production'],
    resource: { apiVersion: 'v1', kind: 'ConfigMap', name: 'web' },
    path: 'data["application.properties"]',
    segments: ['data', 'application.properties'],
    values,
    args: {},
  };
}

describe('formatMessage for VALUE_DRIFT', () => {
  it('says which lines of an embedded file each side alone has', () => {
    const message = formatMessage(
      drift({ staging: 'a=1\nb=2\nc=3\n', production: 'a=1\nb=20\nc=3\nd=4\ne=5\nf=6\ng=7\n' }),
    );
    expect(message).toBe(
      '`data["application.properties"]` differs by line: only in staging: "b=2"; only in production: "b=20", "d=4", "e=5" and 2 more.',
    );
  });

  it('names only the lines that differ beyond each side\'s environment name when the rule found them', () => {
    const staging = '# one of: dev, staging, production\nmode = staging\nurl = https://staging.processor.example\ntls_verify = true\n';
    const production = '# one of: dev, staging, production\nmode = production\nurl = https://prod.processor.example\ntls_verify = false\n';
    const lines = linesBeyondEnvNames(staging, production, { left: envTokens('staging'), right: envTokens('production') });
    expect(lines).toEqual({ left: ['tls_verify = true'], right: ['tls_verify = false'] });
    expect(formatMessage({ ...drift({ staging, production }), args: { lines: lines! } })).toBe(
      '`data["application.properties"]` differs by line: only in staging: "tls_verify = true"; only in production: "tls_verify = false".',
    );
    // A line naming the other environment is no difference "by name": it is listed.
    const crossed = linesBeyondEnvNames('db = db.production\n', 'db = db.staging\n', { left: envTokens('staging'), right: envTokens('production') });
    expect(crossed).toEqual({ left: ['db = db.production'], right: ['db = db.staging'] });
    expect(linesBeyondEnvNames('one line', 'other\nlines', { left: [], right: [] })).toBeNull();
  });

  it('quotes both values of a one-line change, and NAME=value for an env var set on one side', () => {
    expect(formatMessage(drift({ staging: 'true', production: 'false' }))).toBe(
      '`data["application.properties"]` differs: staging has "true", production has "false".',
    );
    expect(formatMessage(drift({ staging: { name: 'DEBUG', value: 'true' } }))).toBe(
      '`data["application.properties"]` is set only in staging ("DEBUG=true").',
    );
  });
});
