// Measures parity's precision and recall on public GitOps repositories (the trial set in
// test/realworld/<name>/, see docs/accuracy.md). Run `npm run build` first.
//
// For each trial whose tree is present in $PARITY_REALWORLD_DIR/<name> (default
// /work/realworld/<name>), runs `parity audit --format json` with the trial's config and matches
// the blocking findings (and warnings) against ground-truth.yaml. Absent trees are reported and
// skipped. Exits non-zero only when the script itself fails, never on low figures.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { diffLinesOf, entriesOf, errorsAsFindings, formatRatio, ratio, score } from './accuracy-match.mjs';

const projectDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const trialsDir = resolve(process.env.PARITY_TRIALS_DIR ?? join(projectDir, 'test/realworld'));
const realworldDir = resolve(process.env.PARITY_REALWORLD_DIR ?? '/work/realworld');
const cli = join(projectDir, 'bin/parity.js');

function readYaml(path) {
  return parse(readFileSync(path, 'utf8'));
}

function listTrials() {
  return readdirSync(trialsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(trialsDir, entry.name, 'repo.yaml')))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Policy paths in a trial's config are written relative to the trial folder: the repository is
 * not ours. parity reads its config and policies only from inside --repo, so they are copied
 * into a scratch folder there for the run (removed by the caller) and a rewritten config points
 * at them. Returns the config path and the folder to remove.
 */
function configFor(trialDir, auditDir) {
  const path = join(trialDir, 'parity.config.yaml');
  const config = readYaml(path);
  const inRepo = mkdtempSync(join(auditDir, '.parity-accuracy-'));
  const policies = (config.policies ?? []).map((policy, index) => {
    const copy = join(inRepo, `${index}-${basename(policy)}`);
    cpSync(resolve(trialDir, policy), copy, { recursive: true });
    return relative(auditDir, copy);
  });
  const configPath = join(inRepo, 'parity.config.yaml');
  writeFileSync(configPath, stringify(config.policies ? { ...config, policies } : config));
  return { configPath, cleanup: inRepo };
}

/**
 * A trial audited from a subfolder still reads its own repository's other folders (a cluster
 * overlay on top of `environments/`, a spoke folder over `deploy/`): the clone is allowed.
 */
function runAudit(auditDir, configPath, tree) {
  const roots = resolve(auditDir) === resolve(tree) ? [] : ['--allow-root', tree];
  const args = [cli, 'audit', '--repo', auditDir, '--config', configPath, ...roots, '--format', 'json'];
  // Helm trials render with the user's helm, else the one `npm test` installs into .tools/helm.
  const helm = process.env.PARITY_HELM ?? join(projectDir, '.tools', 'helm', 'helm');
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, PARITY_HELM: helm } });
  if (run.error) throw run.error;
  try {
    return JSON.parse(run.stdout);
  } catch {
    const reason = (run.stderr || run.stdout).trim().split('\n')[0];
    return { findings: [], errors: [{ code: 'NO_RESULT', message: `exit ${run.status}: ${reason}` }] };
  }
}

/** Warnings about the environments; ALLOW_STALE is about the policy and only noted. */
function isWarning(finding) {
  return !finding.blocking && finding.severity === 'warning' && !finding.allowed && finding.code !== 'ALLOW_STALE';
}

function evaluate(name) {
  const trialDir = join(trialsDir, name);
  const repo = readYaml(join(trialDir, 'repo.yaml'));
  const truth = readYaml(join(trialDir, 'ground-truth.yaml'));
  const tree = join(realworldDir, name);
  if (!existsSync(tree)) return { name, repo, present: false };
  const auditDir = join(tree, repo.subfolder ?? '.');
  const { configPath, cleanup } = configFor(trialDir, auditDir);
  let result;
  try {
    result = runAudit(auditDir, configPath, tree);
  } finally {
    if (cleanup) rmSync(cleanup, { recursive: true, force: true });
  }
  const intended = entriesOf(truth, 'intended');
  const blocking = [...result.findings.filter((f) => f.blocking), ...errorsAsFindings(result.errors ?? [])];
  return {
    name,
    repo,
    present: true,
    errors: (result.errors ?? []).length,
    diffLines: diffLinesOf(truth),
    blocking: score(blocking, entriesOf(truth, 'blocking'), intended),
    warnings: score(result.findings.filter(isWarning), entriesOf(truth, 'warnings'), intended),
    stale: result.findings.filter((f) => f.code === 'ALLOW_STALE').map((f) => f.message),
  };
}

function describe(finding) {
  const resource = finding.resource?.kind ? `${finding.resource.kind}/${finding.resource.name}` : '-';
  const path = finding.path ?? '-';
  const detail = finding.message && !finding.resource?.kind ? ` (${finding.message})` : '';
  return `${finding.service || '-'} ${finding.envs.join(':') || '-'} ${finding.code} ${resource} ${path}${detail}`;
}

function describeEntry(entry) {
  const resource = `${entry.kind ?? '*'}/${entry.name ?? '*'}`;
  return `${entry.service} ${entry.envs.join(':')} ${entry.code ?? '*'} ${resource} ${entry.path ?? '*'}`;
}

const COLUMNS = ['repo', 'findings', 'true', 'false', 'missed', 'precision', 'recall', 'errors', 'warn t/f/m', 'diff lines'];

function row(label, b, w, errors, diffLines) {
  const found = b.truePositives.length + b.falsePositives.length;
  const warn = `${w.truePositives.length}/${w.falsePositives.length}/${w.missed.length}`;
  return [
    label,
    found,
    b.truePositives.length,
    b.falsePositives.length,
    b.missed.length,
    formatRatio(ratio(b.truePositives.length, found)),
    formatRatio(ratio(b.expected - b.missed.length, b.expected)),
    errors,
    warn,
    diffLines,
  ].map(String);
}

function printTable(rows) {
  const widths = COLUMNS.map((title, i) => Math.max(title.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(line(COLUMNS));
  for (const r of rows) console.log(line(r));
}

/** False findings grouped by the class of the intended difference they hit, one line each. */
function printFalse(label, list) {
  const byClass = new Map();
  for (const item of list) {
    const key = item.intended?.class ?? 'not in ground truth';
    byClass.set(key, [...(byClass.get(key) ?? []), item]);
  }
  for (const [cls, items] of byClass) {
    const why = items[0].intended?.why ? `: ${items[0].intended.why}` : '';
    console.log(`  ${label} [${cls}] ×${items.length}${why}`);
    for (const { finding } of items) console.log(`    - ${describe(finding)}`);
  }
}

function printMissed(label, entries) {
  for (const entry of entries) {
    console.log(`  ${label} [${entry.class ?? 'hazard'}]: ${describeEntry(entry)}`);
    if (entry.why) console.log(`    ${entry.why}`);
  }
}

function printDetails(trial) {
  printFalse('false blocking', trial.blocking.falsePositives);
  printMissed('missed hazard', trial.blocking.missed);
  printFalse('false warning', trial.warnings.falsePositives);
  printMissed('missed warning', trial.warnings.missed);
  for (const message of trial.stale) console.log(`  note: ${message}`);
}

/** Overall counts per class: false blocking findings, missed hazards, false warnings. */
function printClasses(present) {
  const counts = new Map();
  const add = (kind, cls, trial) => {
    const key = `${kind} [${cls}]`;
    const entry = counts.get(key) ?? { count: 0, repos: new Set() };
    entry.count += 1;
    entry.repos.add(trial.name);
    counts.set(key, entry);
  };
  for (const trial of present) {
    for (const item of trial.blocking.falsePositives) add('false blocking', item.intended?.class ?? 'not in ground truth', trial);
    for (const entry of trial.blocking.missed) add('missed hazard', entry.class ?? 'hazard', trial);
    for (const item of trial.warnings.falsePositives) add('false warning', item.intended?.class ?? 'not in ground truth', trial);
    for (const entry of trial.warnings.missed) add('missed warning', entry.class ?? 'hazard', trial);
  }
  console.log('\nby class:');
  for (const [key, { count, repos }] of [...counts].sort((a, b) => a[0].localeCompare(b[0]))) {
    console.log(`  ${key} ×${count} (${[...repos].join(', ')})`);
  }
}

function sum(scores) {
  const flat = (key) => scores.flatMap((s) => s[key]);
  return {
    truePositives: flat('truePositives'),
    falsePositives: flat('falsePositives'),
    missed: flat('missed'),
    expected: scores.reduce((total, s) => total + s.expected, 0),
  };
}

function main() {
  const scratch = mkdtempSync(join(tmpdir(), 'parity-accuracy-'));
  try {
    const trials = listTrials().map((name) => evaluate(name));
    const present = trials.filter((trial) => trial.present);
    for (const trial of trials.filter((t) => !t.present)) {
      console.log(`not present: ${trial.name} (${trial.repo.repo}@${trial.repo.commit})`);
    }
    for (const trial of present) {
      console.log(`\n${trial.name} (${trial.repo.repo}@${String(trial.repo.commit).slice(0, 12)}, ${trial.repo.subfolder ?? '.'})`);
      printDetails(trial);
    }
    console.log('');
    const rows = present.map((t) => row(t.name, t.blocking, t.warnings, t.errors, t.diffLines));
    const total = (key) => present.reduce((n, t) => n + t[key], 0);
    rows.push(row('overall', sum(present.map((t) => t.blocking)), sum(present.map((t) => t.warnings)), total('errors'), total('diffLines')));
    printTable(rows);
    printClasses(present);
    console.log('\nfindings/true/false/missed: blocking findings (errors count as false), ground-truth hazards missed.');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  console.error(`accuracy: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
