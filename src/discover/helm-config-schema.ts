import { posix } from 'node:path';
import { z } from 'zod';
import { isInsideRepo } from './repo-path.js';

const PLACEHOLDER = /\{([^}]*)\}/g;
const ENV_ONLY = 'may only use the placeholder {env}';
const NO_PLACEHOLDER = 'may not use placeholders (the chart is the same in every environment)';

/** True when every `{...}` in `text` is `{env}`. */
function onlyEnvPlaceholder(text: string): boolean {
  return [...text.matchAll(PLACEHOLDER)].every((match) => match[1] === 'env') && !/[{}]/.test(text.replace(/\{env\}/g, ''));
}

/** A values file relative to the chart directory: no absolute path; `..` may climb out of the chart but not the repo (checked against the chart). */
const valuesFile = z
  .string()
  .min(1, { message: 'must not be empty' })
  .refine((file) => !file.startsWith('/') && !/^[A-Za-z]:/.test(file) && !file.includes('\0'), { message: 'must be a path relative to the chart directory' })
  .refine(onlyEnvPlaceholder, { message: ENV_ONLY })
  .meta({ description: 'A values file relative to the chart directory (as Argo CD reads valueFiles); {env} is the environment.' });

const setValue = z.union([z.string(), z.number(), z.boolean()]);

const withEnv = (description: string) =>
  z.string().min(1, { message: 'must not be empty' }).refine(onlyEnvPlaceholder, { message: ENV_ONLY }).meta({ description });

const releaseName = withEnv('Helm release name (default: the service name); {env} is the environment.');
const namespace = withEnv('Namespace passed to helm template (--namespace); {env} is the environment.');
const valuesFiles = z.array(valuesFile).meta({ description: 'Values files in the order helm applies them, relative to the chart directory.' });
const set = z
  .record(z.string().min(1, { message: 'must not be empty' }), setValue)
  .meta({ description: 'Values set like helm --set (key path → value), applied last.' });

const envOverride = z
  .strictObject({ valuesFiles: valuesFiles.optional(), set: set.optional(), namespace: namespace.optional(), releaseName: releaseName.optional() })
  .meta({ description: 'Settings of one environment: valuesFiles, namespace and releaseName replace the service-wide ones; set is merged over it key by key.' });

/** The `helm:` block of a service; `envName` validates the keys of `envs`. */
export function helmSchemaFor(envName: z.ZodString) {
  return z
    .strictObject({
      chart: z
        .string()
        .min(1, { message: 'must not be empty' })
        .refine(isInsideRepo, { message: 'must be a relative path inside the repo (no absolute path, no `..` leaving it)' })
        .refine((chart) => !/[{}]/.test(chart), { message: NO_PLACEHOLDER })
        .meta({ description: 'Chart directory, repo-relative (holds Chart.yaml).' }),
      releaseName: releaseName.optional(),
      namespace: namespace.optional(),
      valuesFiles: valuesFiles.optional(),
      set: set.optional(),
      imageKeys: z
        .array(z.string().regex(/^[^.\s][^\s]*[^.\s]$|^[^.\s]$/, { message: 'must be a dotted values key such as image.tag' }))
        .min(1, { message: 'must list at least one key' })
        .optional()
        .meta({ description: 'Values keys holding the image tag, read and written by gate and promote (default [image.tag]).' }),
      envs: z.record(envName, envOverride).optional().meta({ description: 'Per-environment settings.' }),
    })
    .meta({ description: 'The service is a Helm chart rendered with helm template, once per environment.' });
}

/** `valuesFile` joined to the chart directory stays inside the repository. */
export function valuesFileInsideRepo(chart: string, file: string): boolean {
  return isInsideRepo(posix.join(chart, file));
}
