import { describe, expect, it } from 'vitest';
import { formatMessage } from '../../src/report/messages.js';
import type { Candidate } from '../../src/types.js';

function drift(values: Record<string, unknown>): Candidate {
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

  it('quotes both values of a one-line change, and NAME=value for an env var set on one side', () => {
    expect(formatMessage(drift({ staging: 'true', production: 'false' }))).toBe(
      '`data["application.properties"]` differs: staging has "true", production has "false".',
    );
    expect(formatMessage(drift({ staging: { name: 'DEBUG', value: 'true' } }))).toBe(
      '`data["application.properties"]` is set only in staging ("DEBUG=true").',
    );
  });
});
