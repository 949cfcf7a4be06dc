import { z } from 'zod';
import { helmSchemaFor, valuesFileInsideRepo } from './helm-config-schema.js';
import { isInsideRepo } from './repo-path.js';

/** Environment and service names: lower-case DNS-like tokens. */
export const NAME_PATTERN = /^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/;

export const DEFAULT_ENVIRONMENTS = ['dev', 'staging', 'production'];
export const DEFAULT_LAYOUT = 'apps/{service}/overlays/{env}';
export const DEFAULT_POLICY_DIR = 'policies';

const PLACEHOLDER = /\{([^}]*)\}/g;
const KNOWN_PLACEHOLDERS = new Set(['service', 'env']);

const envName = z
  .string()
  .regex(NAME_PATTERN, { message: `must be a lower-case name matching ${NAME_PATTERN.source}` })
  .meta({ description: 'An environment name.' });

const serviceName = z
  .string()
  .regex(NAME_PATTERN, { message: `must be a lower-case name matching ${NAME_PATTERN.source}` })
  .meta({ description: 'A service name.' });

const repoPathSchema = z
  .string()
  .min(1, { message: 'must not be empty' })
  .refine(isInsideRepo, { message: 'must be a relative path inside the repo (no absolute path, no `..` leaving it)' });

const helmServiceSchema = helmSchemaFor(envName);

const serviceSchema = z
  .strictObject({
    name: serviceName,
    helm: helmServiceSchema.optional(),
    overlays: z
      .record(envName, repoPathSchema)
      .optional()
      .meta({ description: 'Environment → overlay directory, repo-relative. Omitted: found through `layout`.' }),
    envs: z
      .array(envName)
      .min(1, { message: 'must list at least one environment' })
      .optional()
      .meta({
        description:
          'The environments this service runs in (default: all). An environment left out is not expected to have an overlay; one listed without an overlay is a finding.',
      }),
  })
  .meta({ description: 'A service and its overlay directories, or its Helm chart (`helm`).' });

const layoutSchema = z
  .string()
  .min(1, { message: 'must not be empty' })
  .refine(isInsideRepo, { message: 'must be a relative path inside the repo (no absolute path, no `..` leaving it)' })
  .refine((layout) => layout.includes('{env}'), { message: 'must contain {env}' })
  .refine((layout) => [...layout.matchAll(PLACEHOLDER)].every((m) => KNOWN_PLACEHOLDERS.has(m[1]!)), {
    message: 'may only use the placeholders {service} and {env}',
  })
  .meta({ description: 'Overlay directory pattern with {service} and {env}, e.g. apps/{service}/overlays/{env}.' });

const configShape = z.strictObject({
    environments: z
      .array(envName)
      .min(1, { message: 'must list at least one environment' })
      .optional()
      .meta({ description: 'Environment names in promotion order.' }),
    layout: layoutSchema.optional(),
    services: z.array(serviceSchema).optional().meta({ description: 'An explicit list of services.' }),
    policies: z
      .array(repoPathSchema)
      .optional()
      .meta({ description: 'Policy files or folders (every *.yaml/*.yml inside), repo-relative.' }),
    defaultPolicy: z
      .boolean()
      .optional()
      .meta({ description: "Apply parity's shipped default policy (default true)." }),
});

export type ConfigFile = z.infer<typeof configShape>;

/** parity.config.yaml as written (every key optional). */
export const configFileSchema = configShape
  .superRefine(checkConfigConsistency)
  .meta({ title: 'parity configuration', description: 'parity.config.yaml' });

function checkConfigConsistency(config: ConfigFile, ctx: z.core.$RefinementCtx<ConfigFile>): void {
  const environments = config.environments ?? DEFAULT_ENVIRONMENTS;
  environments.forEach((env, index) => {
    if (environments.indexOf(env) !== index) {
      ctx.addIssue({ code: 'custom', path: ['environments', index], message: `duplicate environment '${env}'` });
    }
  });
  const names = new Set<string>();
  config.services?.forEach((service, index) => {
    if (names.has(service.name)) {
      ctx.addIssue({ code: 'custom', path: ['services', index, 'name'], message: `duplicate service '${service.name}'` });
    }
    names.add(service.name);
    for (const env of Object.keys(service.overlays ?? {})) {
      if (!environments.includes(env)) {
        ctx.addIssue({
          code: 'custom',
          path: ['services', index, 'overlays', env],
          message: `unknown environment '${env}' (known: ${environments.join(', ')})`,
        });
      }
    }
    checkServiceEnvs(service, index, environments, ctx);
    if (service.helm) {
      checkHelmService(service, index, environments, ctx);
      return;
    }
    if (service.overlays !== undefined && Object.keys(service.overlays).length === 0) {
      ctx.addIssue({ code: 'custom', path: ['services', index, 'overlays'], message: 'must name at least one overlay' });
    }
    if (service.overlays === undefined && config.layout === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['services', index],
        message: `service '${service.name}' lists no overlays and the config has no layout`,
      });
    }
  });
  if (config.layout !== undefined && !config.layout.includes('{service}') && config.services === undefined) {
    ctx.addIssue({ code: 'custom', path: ['layout'], message: 'must contain {service} unless services are listed (a single-service repo: add `services: [{name: <service>}]`)' });
  }
}

/** A Helm service has no overlays, and its per-environment settings are for its environments. */
function checkHelmService(
  service: NonNullable<ConfigFile['services']>[number],
  index: number,
  environments: readonly string[],
  ctx: z.core.$RefinementCtx<ConfigFile>,
): void {
  if (service.overlays !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['services', index, 'overlays'], message: `service '${service.name}' sets both helm and overlays; a service is either a Helm chart or Kustomize overlays` });
  }
  const helm = service.helm!;
  const files = [...(helm.valuesFiles ?? []).map((f, i) => ({ f, path: ['valuesFiles', i] })),
    ...Object.entries(helm.envs ?? {}).flatMap(([env, o]) => (o.valuesFiles ?? []).map((f, i) => ({ f, path: ['envs', env, 'valuesFiles', i] })))];
  for (const { f, path } of files) {
    if (!valuesFileInsideRepo(helm.chart, f)) ctx.addIssue({ code: 'custom', path: ['services', index, 'helm', ...path], message: `values file '${f}' leaves the repository (it is relative to the chart directory '${helm.chart}')` });
  }
  const known = service.envs ?? environments;
  for (const env of Object.keys(service.helm?.envs ?? {})) {
    if (!known.includes(env)) {
      const which = service.envs ? "the service's envs" : 'known';
      ctx.addIssue({ code: 'custom', path: ['services', index, 'helm', 'envs', env], message: `unknown environment '${env}' (${which}: ${known.join(', ')})` });
    }
  }
}

/** `envs` names known environments, and every listed overlay is for one of them. */
function checkServiceEnvs(
  service: NonNullable<ConfigFile['services']>[number],
  index: number,
  environments: readonly string[],
  ctx: z.core.$RefinementCtx<ConfigFile>,
): void {
  service.envs?.forEach((env, i) => {
    if (!environments.includes(env)) {
      ctx.addIssue({ code: 'custom', path: ['services', index, 'envs', i], message: `unknown environment '${env}' (known: ${environments.join(', ')})` });
    }
  });
  for (const env of Object.keys(service.overlays ?? {})) {
    if (service.envs && !service.envs.includes(env)) {
      ctx.addIssue({ code: 'custom', path: ['services', index, 'overlays', env], message: `environment '${env}' is not in the service's envs (${service.envs.join(', ')})` });
    }
  }
}
