import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unknownNameMessage } from '../discover/closest-name.js';
import { lineAt, locateIssues } from '../discover/locate-issue.js';
import { repoBounds, requireInside, type RepoBounds } from '../util/repo-bounds.js';
import { ParityError, PolicyError } from '../errors.js';
import type { AllowRule, EndpointRule, ParityConfig, Policy, Waiver } from '../types.js';
import { parseYamlDocuments, type ParsedDocument } from '../yaml/parse-yaml.js';
import { DEFAULT_POLICY_LABEL, toAllowRule, toWaiver, type Located } from './policy-entries.js';
import { POLICY_KIND, policyDocumentSchema, type PolicyDocument } from './policy-schema.js';

export { DEFAULT_POLICY_LABEL };

/** The shipped default: resolves from src/policy (tests) and dist/policy (built) alike. */
const DEFAULT_POLICY_URL = new URL('../../policies/default.yaml', import.meta.url);

export interface LoadPolicyOptions {
  /** Read the default policy from this file instead of the shipped one. */
  defaultPolicyFile?: string;
  /** Directories outside the repository policy files may really live in (`--allow-root`). */
  allowRoots?: readonly string[];
  /**
   * Policy files the user named (`--policy`), relative to the working directory and read after
   * the config's. The user's own choice: they may live anywhere, outside the repository too.
   */
  extraFiles?: readonly string[];
}

interface PolicySource {
  path: string;
  display: string;
  /** Inside a listed folder: documents of other tools (not ParityPolicy) are skipped. */
  inFolder: boolean;
}

/**
 * Reads the shipped default policy (unless the config opts out) and every repo policy file,
 * validates each strictly and merges them, the default first. A repo policy path, or a file in
 * a policy folder, that is a symlink leaving the repository is a PolicyError naming it.
 */
export async function loadPolicy(repoDir: string, config: ParityConfig, options: LoadPolicyOptions = {}): Promise<Policy> {
  const sources: PolicySource[] = [];
  if (config.defaultPolicy !== false) {
    const path = options.defaultPolicyFile ?? fileURLToPath(DEFAULT_POLICY_URL);
    sources.push({ path, display: DEFAULT_POLICY_LABEL, inFolder: false });
  }
  const bounds = await repoBounds(repoDir, options.allowRoots);
  for (const entry of config.policies) sources.push(...(await listPolicyFiles(repoDir, entry, bounds)));
  for (const file of options.extraFiles ?? []) sources.push(await namedPolicyFile(file));
  const policy: Policy = { allow: [], endpoints: [], waivers: [], requireImmutableTags: false, gates: { performance: [], incidents: null }, files: [] };
  for (const source of sources) {
    const documents = await readPolicyFile(source);
    if (documents.length > 0) policy.files.push(source.display);
    for (const document of documents) mergeDocument(policy, document, config.environments);
  }
  return policy;
}

async function listPolicyFiles(repoDir: string, entry: string, bounds: RepoBounds): Promise<PolicySource[]> {
  const path = await inside(bounds, join(resolve(repoDir), entry), entry);
  let isFolder: boolean;
  try {
    isFolder = (await stat(path)).isDirectory();
  } catch {
    // ENOENT, ENOTDIR or EACCES: there is no policy to read there.
    throw new PolicyError('policy file or folder not found', { file: entry });
  }
  if (!isFolder) return [{ path, display: entry, inFolder: false }];
  const names = (await readdir(path, { withFileTypes: true }))
    .filter((item) => (item.isFile() || item.isSymbolicLink()) && /\.ya?ml$/.test(item.name))
    .map((item) => item.name)
    .sort();
  const prefix = entry === '.' ? '' : `${entry}/`;
  const sources: PolicySource[] = [];
  for (const name of names) {
    const display = `${prefix}${name}`;
    const real = await inside(bounds, join(path, name), display);
    if ((await stat(real).catch(() => null))?.isFile()) sources.push({ path: real, display, inFolder: true });
  }
  return sources;
}

/** A `--policy` file: it must be a readable file (a folder is listed in the config instead). */
async function namedPolicyFile(file: string): Promise<PolicySource> {
  const path = resolve(file);
  const info = await stat(path).catch(() => null);
  if (!info) throw new PolicyError('--policy: policy file not found', { file });
  if (!info.isFile()) throw new PolicyError('--policy: not a file (name each policy file)', { file });
  return { path, display: path, inFolder: false };
}

/** The real path of a policy file or folder, or a PolicyError when it leaves the repository. */
async function inside(bounds: RepoBounds, path: string, display: string): Promise<string> {
  try {
    return await requireInside(bounds, path, `policy path '${display}'`, { file: display });
  } catch (error) {
    throw error instanceof ParityError ? new PolicyError(error.message, { file: display }) : error;
  }
}

interface ValidDocument {
  spec: PolicyDocument['spec'];
  at: (path: PropertyKey[]) => Located;
}

async function readPolicyFile(source: PolicySource): Promise<ValidDocument[]> {
  let text: string;
  try {
    text = await readFile(source.path, 'utf8');
  } catch (error) {
    throw new PolicyError(`cannot read policy file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      file: source.display,
    });
  }
  const toError = (message: string, location: { file: string; line?: number }) => new PolicyError(message, location);
  const parsed = parseYamlDocuments(text, source.display, toError);
  return parsed.filter((doc) => !(source.inFolder && isForeign(doc.value))).map((doc) => validate(doc, text, source.display));
}

/** A document another tool owns (Kyverno, OPA, ...), found in a shared policies/ folder. */
function isForeign(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { apiVersion, kind } = value as Record<string, unknown>;
  return typeof apiVersion === 'string' && !apiVersion.startsWith('parity.dev/') && kind !== POLICY_KIND;
}

function validate(parsed: ParsedDocument, text: string, file: string): ValidDocument {
  const result = policyDocumentSchema.safeParse(parsed.value);
  if (!result.success) {
    const [first] = locateIssues(result.error.issues, parsed.document, text, parsed.value);
    throw new PolicyError(first!.message, first!.line ? { file, line: first!.line } : { file });
  }
  const at = (path: PropertyKey[]): Located => {
    const line = lineAt(parsed.document, text, path);
    return line ? { file, line } : { file };
  };
  return { spec: result.data.spec, at };
}

function mergeDocument(policy: Policy, document: ValidDocument, environments: readonly string[]): void {
  const { spec, at } = document;
  spec.allow?.forEach((input, index) => {
    const rule: AllowRule = toAllowRule(input, at(['spec', 'allow', index]));
    checkPairs(rule.pairs, environments, (i) => at(['spec', 'allow', index, 'pairs', i]));
    const existing = policy.allow.find((other) => other.id === rule.id);
    if (existing) throw duplicateRule(rule, existing, at(['spec', 'allow', index, 'id']));
    policy.allow.push(rule);
  });
  spec.endpoints?.forEach((input, index) => {
    const endpoint: EndpointRule = { host: input.host, requires: input.requires, declared: at(['spec', 'endpoints', index]) };
    policy.endpoints.push(endpoint);
  });
  spec.waivers?.forEach((input, index) => {
    const waiver: Waiver = toWaiver(input, at(['spec', 'waivers', index]));
    if (typeof waiver.finding !== 'string') {
      checkPairs(waiver.finding.pairs, environments, (i) => at(['spec', 'waivers', index, 'finding', 'pairs', i]));
    }
    policy.waivers.push(waiver);
  });
  if (spec.promotion?.requireImmutableTags) policy.requireImmutableTags = true;
  mergeGates(policy, document);
}

function mergeGates(policy: Policy, { spec, at }: ValidDocument): void {
  spec.gates?.performance?.forEach((input, index) => {
    const declared = at(['spec', 'gates', 'performance', index]);
    const existing = policy.gates.performance.find((other) => other.name === input.name);
    if (existing) throw new PolicyError(`duplicate performance check '${input.name}'`, declared);
    policy.gates.performance.push({
      name: input.name,
      query: input.query,
      better: input.better,
      tolerance: input.tolerance ?? 10,
      step: input.step ?? '1m',
      declared,
    });
  });
  const matchers = spec.gates?.incidents?.matchers;
  if (matchers) policy.gates.incidents = { matchers: [...(policy.gates.incidents?.matchers ?? []), ...matchers] };
}

/** Pairs name environments of the chain; a typo would silently allow nothing. */
function checkPairs(pairs: string[] | undefined, environments: readonly string[], at: (index: number) => Located): void {
  pairs?.forEach((pair, index) => {
    if (pair === '*') return;
    const unknown = pair.split(':').find((env) => !environments.includes(env));
    if (unknown) {
      throw new PolicyError(`pair '${pair}' names ${unknownNameMessage('environment', unknown, environments)}`, at(index));
    }
  });
}

function duplicateRule(rule: AllowRule, existing: AllowRule, location: Located): PolicyError {
  const where = existing.declared.line ? `${existing.declared.file}:${existing.declared.line}` : existing.declared.file;
  return new PolicyError(`duplicate allow rule id '${rule.id}' (already defined at ${where})`, location);
}
