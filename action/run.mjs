// Runs parity once for the action, with the JSON result as the one source of truth, and
// derives everything else from that result through parity's own reporters: the log in the
// chosen format, the job summary and the PR comment in markdown, SARIF for code scanning.
// Always exits 0 once it has written its outputs: the action's last step fails on parity's
// exit code, after the comment and the SARIF upload have run.
import { spawn } from 'node:child_process';
import { appendFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildArgs, readInputs } from './inputs.mjs';

const env = process.env;
const workDir = join(env.RUNNER_TEMP || env.TMPDIR || '/tmp', 'parity-action');
await mkdir(workDir, { recursive: true });
const files = {
  result: join(workDir, 'result.json'),
  markdown: join(workDir, 'report.md'),
  sarif: join(workDir, 'parity.sarif'),
};
// A result left by an earlier run in this job must never stand in for this run's.
for (const file of Object.values(files)) await rm(file, { force: true });

const outputs = await runAction();
for (const [name, value] of Object.entries(outputs)) await setOutput(name, value);

async function runAction() {
  let args;
  let parity;
  try {
    parity = await loadParity(env.PARITY_MODULE);
    args = buildArgs(await expandResults(readInputs(env)), files.result);
  } catch (error) {
    return stopped(2, error.message);
  }
  const logFormat = env.PARITY_INPUT_FORMAT || 'human';
  if (!parity.FORMATS.includes(logFormat)) return stopped(2, `input format: "${logFormat}" is not one of ${parity.FORMATS.join(', ')}`);
  const run = await runParity(env.PARITY_BIN || 'parity', args);
  const result = await readResult(files.result);
  if (!result) return stopped(run.code, run.firstError);
  return report(parity, result, run.code, logFormat);
}

/** parity's library, from the installed package the action runs (its reporters format the result). */
async function loadParity(modulePath) {
  if (!modulePath) throw new Error('PARITY_MODULE is not set: the install step did not run');
  return import(pathToFileURL(modulePath).href);
}

/** For `merge`, a folder among the results stands for the JSON files under it (as downloaded artifacts nest them). */
async function expandResults(inputs) {
  if (inputs.command !== 'merge') return inputs;
  const items = [];
  for (const item of inputs.results.split(/[\s,]+/).filter(Boolean)) {
    const isDir = await stat(item).then((entry) => entry.isDirectory(), () => false);
    if (!isDir) items.push(item);
    else items.push(...(await readdir(item, { recursive: true })).filter((name) => name.endsWith('.json')).sort().map((name) => join(item, name)));
  }
  return { ...inputs, results: items.join('\n') };
}

function runParity(bin, args) {
  console.log(`parity ${args.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'inherit', 'pipe'], env: { ...env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      process.stderr.write(chunk);
    });
    const done = (code, message) => resolve({ code, firstError: message || firstLine(stderr) || `parity exited ${code}` });
    child.on('error', (error) => done(2, `could not start ${bin}: ${error.message}`));
    child.on('close', (code) => done(code === null ? 2 : code));
  });
}

async function readResult(file) {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return null; // parity stopped before writing a result: `stopped()` says why
  }
}

/** Outputs when there is no result to report: the verdict is parity's own first error line. */
async function stopped(code, message) {
  const exitCode = code === 0 ? 2 : code; // no result is never a pass
  const verdict = `parity stopped before writing a result (exit ${exitCode}): ${message}`;
  await writeFile(files.markdown, `### ❌ ${verdict}\n\nSee the job log.\n`);
  await summarize(files.markdown);
  return { 'exit-code': String(exitCode), verdict, 'result-file': '', 'markdown-file': files.markdown, 'sarif-file': '' };
}

async function report(parity, result, code, logFormat) {
  const format = (name) => parity.formatResult(result, name, { color: false });
  const human = format('human');
  await writeFile(files.markdown, format('markdown'));
  await writeFile(files.sarif, format('sarif'));
  await summarize(files.markdown);
  await printLog(format, logFormat, env.PARITY_INPUT_OUT);
  const verdict = lastLine(human);
  return { 'exit-code': String(code), verdict, 'result-file': files.result, 'markdown-file': files.markdown, 'sarif-file': files.sarif };
}

async function printLog(format, name, out) {
  const text = format(name);
  if (out) await writeFile(out, text);
  else console.log(text);
}

async function summarize(file) {
  if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, `${await readFile(file, 'utf8')}\n`);
}

async function setOutput(name, value) {
  if (env.GITHUB_OUTPUT) await appendFile(env.GITHUB_OUTPUT, `${name}=${value.replace(/\r?\n/g, ' ')}\n`);
  else console.log(`${name}=${value}`);
}

function firstLine(text) {
  return text.split('\n').map((line) => line.trim()).find((line) => line !== '') ?? '';
}

function lastLine(text) {
  return text.split('\n').map((line) => line.trim()).filter((line) => line !== '').pop() ?? '';
}
