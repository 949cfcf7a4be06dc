import { describe, expect, it } from 'vitest';
import { pairCandidates } from '../../src/rules/index.js';
import { formatMessage } from '../../src/report/messages.js';
import type { Candidate, K8sObject } from '../../src/types.js';
import { deployment, pairContext } from '../rules/helpers.js';
import { argsOf } from '../support/args.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

function secret(data: Record<string, string>): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'orders-db' },
    type: 'Opaque',
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
  };
}

function compare(left: K8sObject[], right: K8sObject[]): Candidate[] {
  return pairCandidates(pairContext({ env: 'staging', objects: left }, { env: 'production', objects: right }));
}

const reused = (found: Candidate[]) => found.filter((c) => c.code === 'SECRET_REUSED');

describe('SECRET_REUSED only for credentials', () => {
  it('a Secret reusing its name, user, host and port is not warned; reusing its password is, with the reason', () => {
    const shared = {
      'database-name': 'orders',
      'database-user': 'orders_app',
      username: 'admin',
      host: 'db.internal',
      port: '5432',
      TURN_HOST: 'turn.example.com',
      STUN_SERVERS: 'stun:stun1.example.com:19302,stun:stun2.example.com:19302',
      password: 'Hunter2-shared!',
    };
    const found = compare([secret(shared)], [secret(shared)]);
    expect(reused(found).map((c) => c.path)).toEqual(['data.password']);
    expect(formatMessage(reused(found)[0]!)).toBe(
      '`data.password` holds the same secret value in staging and production (a credential: the name password says it holds a password); each environment should have its own.',
    );
  });

  it('a placeholder left in data (not base64) is judged by its key: a port is not warned, a password is', () => {
    const placeholder = (keys: string[]): K8sObject => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'jitsi-config' },
      data: Object.fromEntries(keys.map((key) => [key, '<base64-secret>'])),
    });
    const keys = ['STUN_PORT', 'TURN_HOST', 'JVB_STUN_SERVERS', 'JICOFO_AUTH_PASSWORD'];
    expect(reused(compare([placeholder(keys)], [placeholder(keys)])).map((c) => c.path)).toEqual(['data.JICOFO_AUTH_PASSWORD']);
  });

  it('key sets still compare every key, credential or not', () => {
    const found = compare([secret({ 'database-name': 'orders', password: 'a-Pw-1' })], [secret({ password: 'b-Pw-2' })]);
    expect(found.map((c) => c.code)).toEqual(['SECRET_DRIFT']);
  });

  it('an unnamed Secret value that is not plainly something else counts as a credential', () => {
    const found = compare([secret({ stripe: 'sk_live_51Habc' })], [secret({ stripe: 'sk_live_51Habc' })]);
    expect(reused(found)).toHaveLength(1);
    expect(formatMessage(reused(found)[0]!)).toContain('(a credential: it is a value of a Secret)');
  });

  it('env vars outside Secrets: reused credentials by name or by shape are warned, host and port are not', () => {
    const env = [
      { name: 'TURN_HOST', value: 'turn.example.com' },
      { name: 'REDIS_PORT', value: '6379' },
      { name: 'STRIPE_KEY', value: 'sk_live_same' },
      { name: 'BROKER', value: 'amqp://shop:same-pw@mq.example.com/vh' },
      { name: 'TOKEN_EXPIRY_SECONDS', value: '3600' },
      { name: 'PROBE', value: 'MYSQL_PWD="$MYSQL_PASSWORD" mysql -u $MYSQL_USER' },
    ];
    const found = reused(compare([deployment('orders', { env })], [deployment('orders', { env })]));
    expect(found.map((c) => argsOf(c).key)).toEqual(['STRIPE_KEY', 'BROKER']);
    expect(found.map((c) => formatMessage(c))).toEqual([
      expect.stringContaining('(a credential: the name STRIPE_KEY says it holds a key)'),
      expect.stringContaining('(a credential: the value is a URL with credentials in its user part)'),
    ]);
  });
});
