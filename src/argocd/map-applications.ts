/**
 * Which service and environment each Application deploys: from its source path first
 * (`apps/{service}/overlays/{env}`, `envs/{env}/{service}`, `{service}/{env}`), then from its
 * labels, destination namespace and name (`payments-service-production`).
 */
import type { Application } from './application.js';

export interface MappedApplication {
  service: string;
  env: string;
  /** The source path (repo-relative overlay directory), or null for a chart source. */
  overlayDir: string | null;
  app: Application;
}

const ENV_LABELS = ['environment', 'env', 'app.kubernetes.io/environment', 'parity.dev/env'];
const SERVICE_LABELS = ['parity.dev/service', 'app.kubernetes.io/name', 'app', 'service'];

/** Applications whose environment cannot be told are left out. */
export function mapApplications(apps: readonly Application[], environments: readonly string[]): MappedApplication[] {
  const out: MappedApplication[] = [];
  for (const app of apps) {
    const mapped = fromPath(app, environments) ?? fromMetadata(app, environments);
    if (mapped) out.push({ ...mapped, overlayDir: app.source.path ?? null, app });
  }
  return out;
}

function fromPath(app: Application, environments: readonly string[]): { service: string; env: string } | null {
  const segments = (app.source.path ?? '').split('/').filter((s) => s !== '' && s !== '.');
  const envIndex = segments.findLastIndex((s) => environments.includes(s));
  if (envIndex < 0) return null;
  const env = segments[envIndex]!;
  const before = segments[envIndex - 1];
  let service: string | undefined;
  if (before === 'overlays' || before === 'envs' || before === 'environments') {
    service = before === 'overlays' ? segments[envIndex - 2] : segments[envIndex + 1];
  } else {
    service = before ?? segments[envIndex + 1];
  }
  return service ? { service, env } : null;
}

function fromMetadata(app: Application, environments: readonly string[]): { service: string; env: string } | null {
  const env = envFromMetadata(app, environments);
  if (!env) return null;
  const labelled = SERVICE_LABELS.map((l) => app.labels[l]).find((v): v is string => typeof v === 'string' && v !== '');
  const service = labelled ?? stripToken(app.name, env);
  return service ? { service, env } : null;
}

function envFromMetadata(app: Application, environments: readonly string[]): string | undefined {
  const labelled = ENV_LABELS.map((l) => app.labels[l]).find((v) => v !== undefined && environments.includes(v));
  if (labelled) return labelled;
  const candidates = [app.destination.namespace, app.name].filter((v): v is string => typeof v === 'string');
  return environments.find((env) => candidates.some((value) => hasToken(value, env)));
}

function hasToken(value: string, token: string): boolean {
  return new RegExp(`(^|[-_.])${escape(token)}($|[-_.])`).test(value);
}

function stripToken(name: string, env: string): string {
  return name.replace(new RegExp(`(^|[-_.])${escape(env)}($|[-_.])`), (_, a: string, b: string) => (a && b ? a : '')).replace(/^[-_.]|[-_.]$/g, '');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
