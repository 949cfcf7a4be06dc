/**
 * A temporary repository with canary secret values planted in every shape parity must hide,
 * in dev/staging/production overlays that differ, so findings carry the values.
 */

export const ENVS = ['dev', 'staging', 'production'] as const;
type Env = (typeof ENVS)[number];

/** Per-environment suffix: glued to the canary, so it is not an environment token. */
const SUFFIX: Record<Env, string> = { dev: 'Dq', staging: 'Sq', production: 'Pq' };

/** The canary of `shape` in `env`: a unique string that must never leave parity. */
function canary(shape: string, env: Env): string {
  return `CNRY${shape}${SUFFIX[env]}7`;
}

/** Every shape planted (by name) and where. */
const SHAPES = [
  'amqp', 'mysql', 'jdbcmy', 'jdbcpg', 'sentry', 'stripe', 'jwt', 'license', 'apiflag', 'dbpass', 'jvm', 'javaopts',
  'query', 'bearer', 'json', 'props', 'pem', 'data', 'stringdata', 'docker', 'literal', 'envfile', 'argo',
] as const;

/** The non-UTF-8 env file line of the `broken` service (an error case). */
const BYTES_CANARY = 'CNRYbytesDq7';

export function canaryFiles(): Record<string, string> {
  const files: Record<string, string> = {
    'parity.config.yaml': 'environments: [dev, staging, production]\nlayout: apps/{service}/overlays/{env}\npolicies: [policies/]\n',
    'policies/allow.yaml': POLICY,
    'apps/canary/base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
    'apps/canary/base/deployment.yaml': DEPLOYMENT,
    'apps/broken/base/kustomization.yaml': 'resources:\n  - configmap.yaml\n',
    'apps/broken/base/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata:\n  a: b\n',
    // Holds no credential, so its renders are cached: the cache scan then reads real entries.
    'apps/plain/base/kustomization.yaml': 'resources:\n  - configmap.yaml\n',
    'apps/plain/base/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\ndata:\n  LOG_LEVEL: info\n',
  };
  for (const env of ENVS) {
    const dir = `apps/canary/overlays/${env}`;
    files[`${dir}/kustomization.yaml`] = kustomization(env);
    files[`${dir}/patch.yaml`] = patch(env);
    files[`${dir}/secret.yaml`] = secrets(env);
    files[`${dir}/config.yaml`] = config(env);
    files[`${dir}/secrets.env`] = `SMTP_PASSWORD=${canary('envfile', env)}\nSMTP_HOST=smtp.example.com\n`;
    files[`argocd/${env}/canary.yaml`] = application(env);
    files[`apps/broken/overlays/${env}/kustomization.yaml`] =
      'resources:\n  - ../../base\nsecretGenerator:\n  - name: broken\n    envs:\n      - app.env\n';
    files[`apps/broken/overlays/${env}/app.env`] = 'GOOD=fine\n';
    files[`apps/plain/overlays/${env}/kustomization.yaml`] = 'resources:\n  - ../../base\n';
  }
  return files;
}

/** The env file that makes Kustomize fail and quote the line: a password with invalid UTF-8. */
export const BROKEN_ENV_FILE = Buffer.concat([Buffer.from(`GOOD=fine\nPASSWORD=${BYTES_CANARY}`), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]);

const POLICY = `apiVersion: parity.dev/v1alpha1
kind: ParityPolicy
metadata:
  name: canaries
spec:
  allow:
    - id: everything
      reason: the canary overlays differ on purpose
      paths: ["**"]
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: canary
spec:
  selector:
    matchLabels: {app: canary}
  template:
    metadata:
      labels: {app: canary}
    spec:
      containers:
        - name: app
          image: registry.example.com/shop/canary:1.0.0
`;

function kustomization(env: Env): string {
  return `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../base
  - secret.yaml
  - config.yaml
patches:
  - path: patch.yaml
secretGenerator:
  - name: app-secrets
    envs:
      - secrets.env
    literals:
      - database-name=orders
      - DB_PASSWORD=${canary('literal', env)}
images:
  - name: registry.example.com/shop/canary
    newTag: "${env === 'dev' ? '1.0.1' : '1.0.0'}"
`;
}

function patch(env: Env): string {
  const c = (shape: string): string => canary(shape, env);
  const vars: Array<[string, string]> = [
    ['AMQP_URL', `amqp://shop:${c('amqp')}/v@x@mq.example.com:5672/shop`],
    ['MYSQL_DSN', `shop:${c('mysql')}@tcp(db.example.com:3306)/orders`],
    ['JDBC_MYSQL', `jdbc:mysql://db.example.com/orders?user=shop&password=${c('jdbcmy')}`],
    ['JDBC_PG', `jdbc:postgresql://db.example.com:5432/orders;user=shop;password=${c('jdbcpg')}`],
    ['STRIPE_KEY', c('stripe')],
    ['JWT_KEY', c('jwt')],
    ['LICENSE_KEY', c('license')],
    ['JAVA_TOOL_OPTIONS', `-Xmx512m -Dspring.datasource.password=${c('jvm')}`],
    ['JAVA_OPTS', `-Dapp.api.token=${c('javaopts')} -Xss1m`],
    ['WEBHOOK_URL', `https://hooks.example.com/in?access_token=${c('query')}&v=2`],
    ['UPSTREAM_AUTH', `Bearer ${c('bearer')}abcdef`],
    ['OAUTH_CONFIG', `{"client_id":"shop","client_secret":"${c('json')}"}`],
    ['TURN_HOST', 'turn.example.com'],
    ['AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE'],
  ];
  const env_ = vars.map(([name, value]) => `            - name: ${name}\n              value: ${JSON.stringify(value)}`).join('\n');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: canary
spec:
  template:
    spec:
      containers:
        - name: app
          args: ["--api-key=${c('apiflag')}", "--db-pass", "${c('dbpass')}", "--port=8080"]
          env:
${env_}
`;
}

function secrets(env: Env): string {
  const b64 = (text: string): string => Buffer.from(text).toString('base64');
  const docker = JSON.stringify({ auths: { 'ghcr.io': { auth: b64(`shop:${canary('docker', env)}`) } } });
  return `apiVersion: v1
kind: Secret
metadata:
  name: api-creds
type: Opaque
data:
  api-token: ${b64(canary('data', env))}
  database-user: ${b64('shop_app')}
stringData:
  webhook-secret: ${canary('stringdata', env)}
---
apiVersion: v1
kind: Secret
metadata:
  name: registry
type: kubernetes.io/dockerconfigjson
data:
  .dockerconfigjson: ${b64(docker)}
`;
}

function config(env: Env): string {
  const c = (shape: string): string => canary(shape, env);
  const pem = `-----BEGIN RSA PRIVATE KEY-----\\nMIIEow${c('pem')}AKCAQEA\\n-----END RSA PRIVATE KEY-----\\n`;
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  SENTRY_DSN: "https://${c('sentry')}0123456789ab@o123.ingest.sentry.io/1"
  app.properties: "db.user=shop\\ndb.password=${c('props')}\\n"
  client.key: "${pem}"
`;
}

function application(env: Env): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: canary-${env}
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://deploy:${canary('argo', env)}@git.example.com/shop/infra.git
    targetRevision: main
    path: apps/canary/overlays/${env}
  destination:
    server: https://kubernetes.default.svc
    namespace: shop-${env}
`;
}

/** Every canary planted in the `canary` service, with the base64 forms a render shows. */
export function plantedCanaries(): string[] {
  return [...ENVS.flatMap((env) => SHAPES.map((shape) => canary(shape, env))), BYTES_CANARY];
}
