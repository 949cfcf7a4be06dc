// Pure matching of parity's findings against a hand-written ground truth (see docs/accuracy.md).
// No I/O here: scripts/accuracy.mjs reads the files and runs the CLI.

/** A ground-truth field matches when it is absent, "*", equal, or a list holding the value. */
function fieldMatches(expected, actual) {
  if (expected === undefined || expected === '*') return true;
  if (Array.isArray(expected)) return expected.includes(actual);
  return expected === actual;
}

/**
 * `prefix` matches the path itself and every path below it (`a.b` covers `a.b.c`, `a.b[name=x]`);
 * a list of prefixes matches when one does.
 */
export function pathMatches(prefix, path) {
  if (prefix === undefined || prefix === '*') return true;
  if (Array.isArray(prefix)) return prefix.some((one) => pathMatches(one, path));
  if (typeof path !== 'string') return false;
  if (path === prefix) return true;
  return path.startsWith(prefix) && (path[prefix.length] === '.' || path[prefix.length] === '[');
}

/** A finding belongs to an entry's pair when every environment it names is one of the pair's. */
function envsMatch(entryEnvs, findingEnvs) {
  return findingEnvs.length > 0 && findingEnvs.every((env) => entryEnvs.includes(env));
}

export function entryMatches(entry, finding) {
  return (
    entry.service === finding.service &&
    envsMatch(entry.envs, finding.envs) &&
    fieldMatches(entry.code, finding.code) &&
    fieldMatches(entry.kind, finding.resource?.kind) &&
    fieldMatches(entry.name, finding.resource?.name) &&
    pathMatches(entry.path, finding.path)
  );
}

/** Flattens ground-truth.yaml into entries of one list (`blocking`, `warnings` or `intended`). */
export function entriesOf(truth, list) {
  const entries = [];
  for (const service of truth.services ?? []) {
    for (const pair of service.pairs ?? []) {
      for (const entry of pair[list] ?? []) entries.push({ ...entry, service: service.name, envs: pair.envs });
    }
  }
  return entries;
}

/** Sum of the `diff -u` line counts the ground truth records per pair. */
export function diffLinesOf(truth) {
  let total = 0;
  for (const service of truth.services ?? []) {
    for (const pair of service.pairs ?? []) total += pair.diffLines ?? 0;
  }
  return total;
}

/**
 * Scores one list of findings against the expected entries: a finding is true when some entry
 * matches it; an entry is missed when no finding matches it. False findings carry the class of
 * the intended difference they hit, when the ground truth names one.
 */
export function score(findings, expected, intended) {
  const truePositives = [];
  const falsePositives = [];
  for (const finding of findings) {
    if (expected.some((entry) => entryMatches(entry, finding))) truePositives.push(finding);
    else falsePositives.push({ finding, intended: intended.find((entry) => entryMatches(entry, finding)) ?? null });
  }
  const missed = expected.filter((entry) => !findings.some((finding) => entryMatches(entry, finding)));
  return { truePositives, falsePositives, missed, expected: expected.length };
}

/** Each error of the run closed the gate: it counts as one false blocking result. */
export function errorsAsFindings(errors) {
  return errors.map((error) => ({
    code: error.code ?? 'ERROR',
    service: error.service ?? '',
    envs: error.env ? [error.env] : [],
    resource: { kind: '', name: '' },
    path: null,
    message: error.message,
  }));
}

export function ratio(numerator, denominator) {
  return denominator === 0 ? null : numerator / denominator;
}

export function formatRatio(value) {
  return value === null ? 'n/a' : value.toFixed(2);
}
