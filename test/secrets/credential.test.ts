import { describe, expect, it } from 'vitest';
import { formatCredentialReason } from '../../src/report/messages.js';
import { isCredentialKey, judgeCredential } from '../../src/secrets/index.js';

describe('isCredentialKey', () => {
  it.each([
    ['DB_PASSWORD', true],
    ['spring.datasource.password', true],
    ['clientSecret', true],
    ['STRIPE_KEY', true],
    ['JWT_KEY', true],
    ['LICENSE_KEY', true],
    ['AWS_SECRET_ACCESS_KEY', true],
    ['api-key', true],
    ['PRIVATE_KEY_PEM', true],
    ['db-pass', true],
    ['SECRET_ID', true],
    ['AWS_ACCESS_KEY_ID', false],
    ['accessKeyId', false],
    ['KMS_KEY_ARN', false],
    ['key', false],
    ['topologyKey', false],
    ['CACHE_KEY', false],
    ['PUBLIC_KEY', false],
    ['secretKeyRef', false],
    ['secretName', false],
    ['TOKEN_URL', false],
    ['PWD', false],
    ['database-name', false],
    ['TURN_HOST', false],
    ['REDIS_PORT', false],
    ['TOKEN_EXPIRY_SECONDS', false],
    ['PASSWORD_MIN_LENGTH', false],
    ['SESSION_TOKEN_TIMEOUT', false],
  ])('%s → %s', (name, expected) => {
    expect(isCredentialKey(name)).toBe(expected);
  });
});

describe('judgeCredential', () => {
  it.each([
    ['DB_PASSWORD', 'hunter2hunter2', {}, 'the name DB_PASSWORD says it holds a password'],
    ['STRIPE_KEY', 'sk_live_abc123', {}, 'the name STRIPE_KEY says it holds a key'],
    ['DATABASE_URL', 'postgres://app:pw@db:5432/app', {}, 'the value is a URL with credentials in its user part'],
    ['SENTRY', 'https://0123456789abcdef0123456789abcdef@o123.ingest.sentry.io/1', {}, 'the value is a URL with credentials in its user part'],
    ['MYSQL', 'app:pw@tcp(db:3306)/orders', {}, 'the value is a connection string with a password'],
    ['JDBC', 'jdbc:mysql://db/orders?user=app&password=pw', {}, 'the value is a credential-named parameter'],
    ['JAVA_TOOL_OPTIONS', '-Xmx1g -Dspring.datasource.password=pw', {}, 'the value is a credential-named parameter'],
    ['tls.key', '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n', { inSecret: true }, 'the value is a private key'],
    ['oauth.json', '{"client_id":"abc","client_secret":"xyz"}', {}, 'the value is a credential-named quoted field'],
    ['stripe', 'sk_live_51Habc', { inSecret: true }, 'it is a value of a Secret'],
  ])('%s is a credential: %s', (key, value, context, reason) => {
    const judgement = judgeCredential(key, value, context);
    expect(judgement.credential).toBe(true);
    expect(formatCredentialReason(judgement.reason)).toBe(reason);
  });

  it.each([
    ['database-name', 'orders', { inSecret: true }, 'it is a database name, not a credential'],
    ['database-user', 'orders_app', { inSecret: true }, 'it is a user name, not a credential'],
    ['username', 'admin', { inSecret: true }, 'it is a user name, not a credential'],
    ['host', 'db.internal', { inSecret: true }, 'it is a host name, not a credential'],
    ['TURN_HOST', 'turn.example.com', { inSecret: true }, 'it is a host name, not a credential'],
    ['REDIS_PORT', '6379', { inSecret: true }, 'it is a port number, not a credential'],
    ['STUN_SERVERS', 'stun:stun1.example.com:19302,stun:stun2.example.com:19302', { inSecret: true }, 'it is a host list, not a credential'],
    ['AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE', {}, 'neither its name nor its value is a credential'],
    ['DB_PASSWORD', '$(DB_PASSWORD)', {}, 'a reference to another variable'],
    ['DB_PASSWORD', '"$MYSQL_PASSWORD"', {}, 'a reference to another variable'],
    ['TOKEN_EXPIRY_SECONDS', '3600', {}, 'neither its name nor its value is a credential'],
    ['command', `MYSQL_PWD="$MYSQL_PASSWORD" mysql -h 127.0.0.1 -u $MYSQL_USER -e 'SELECT 1'`, {}, 'neither its name nor its value is a credential'],
    ['STUN_PORT', '<base64-secret>', { inSecret: true }, 'it is a port number, not a credential'],
    ['IMAGE', 'registry.example.com/app:1.2.3@sha256:abc', {}, 'neither its name nor its value is a credential'],
  ])('%s is not a credential: %s', (key, value, context, reason) => {
    const judgement = judgeCredential(key, value, context);
    expect(judgement.credential).toBe(false);
    expect(formatCredentialReason(judgement.reason)).toBe(reason);
  });

  it('a plain-looking name keeps a password-shaped value a credential inside a Secret', () => {
    expect(judgeCredential('username', 'p@ss w0rd!', { inSecret: true }).credential).toBe(true);
  });

  it('a literal that only starts like a variable, or a placeholder under a credential name, stays a credential', () => {
    expect(judgeCredential('DB_PASSWORD', '$ecret-Pw1').credential).toBe(true);
    expect(judgeCredential('command', 'MYSQL_PWD=hunter22 mysql -h db').credential).toBe(true);
    expect(judgeCredential('JVB_AUTH_PASSWORD', '<base64-secret>', { inSecret: true }).credential).toBe(true);
  });
});

describe('text masking keeps what says nothing', () => {
  it('booleans under credential names and a PASS verdict stay readable', async () => {
    const { scrubText } = await import('../../src/secrets/index.js');
    expect(scrubText('automountServiceAccountToken: false\nPASS: no blocking findings')).toBe('automountServiceAccountToken: false\nPASS: no blocking findings');
    expect(scrubText('DB_PASS: hunter22')).toBe('DB_PASS: <redacted>');
  });

  it('a host and port whose host name holds a credential word keeps its port; a credential-named key does not', async () => {
    const { scrubString } = await import('../../src/secrets/index.js');
    expect(scrubString('token-service.internal:8080')).toBe('token-service.internal:8080');
    expect(scrubString('secrets-manager.eu-west-1.amazonaws.com:443')).toBe('secrets-manager.eu-west-1.amazonaws.com:443');
    expect(scrubString('password:1234')).toBe('password:<redacted>');
    expect(scrubString('vault-token:8200')).toBe('vault-token:<redacted>');
    expect(scrubString('DB_PASSWORD_2:1234')).toBe('DB_PASSWORD_2:<redacted>');
  });

  it('a boolean ending a line of script under a credential name is not remembered as a secret', async () => {
    const { rememberObjectSecrets, scrubText } = await import('../../src/secrets/index.js');
    const script = 'config = {\n  enableUserRolesBasedOnToken: false,\n  roomPassword: hunter22,\n};\n';
    rememberObjectSecrets([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web' }, data: { 'config.js': script } }]);
    expect(scrubText('{"blocking": false, "allowed": null}')).toBe('{"blocking": false, "allowed": null}');
  });
});
