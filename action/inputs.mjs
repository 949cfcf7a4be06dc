// The action's inputs, read from PARITY_INPUT_* variables (set from `inputs.*` in action.yml,
// never spliced into a shell script), and the parity command line they make. Pure.

const COMMANDS = ['audit', 'gate', 'merge'];

/** Every input the action passes to parity, as strings ('' when not given). */
export function readInputs(env) {
  const input = (name) => (env[`PARITY_INPUT_${name}`] ?? '').trim();
  return {
    command: input('COMMAND') || 'audit',
    services: input('SERVICES'),
    environments: input('ENVIRONMENTS'),
    pairs: input('PAIRS'),
    policy: input('POLICY'),
    changedSince: input('CHANGED_SINCE'),
    shard: input('SHARD'),
    from: input('FROM'),
    to: input('TO'),
    tag: input('TAG'),
    results: input('RESULTS'),
    repo: input('REPO'),
    config: input('CONFIG'),
    failOn: input('FAIL_ON'),
    args: input('ARGS'),
  };
}

/** Items of a list input: separated by commas, spaces or new lines. */
export function splitList(value) {
  return value.split(/[\s,]+/).filter((item) => item !== '');
}

/** Extra arguments: one per line, so an argument may hold spaces. */
export function splitLines(value) {
  return value.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
}

/** parity's arguments for these inputs, writing the JSON result to `resultFile`. Throws on a bad input. */
export function buildArgs(inputs, resultFile) {
  if (!COMMANDS.includes(inputs.command)) {
    throw new Error(`input command: "${inputs.command}" is not one of ${COMMANDS.join(', ')}`);
  }
  const args = [inputs.command];
  if (inputs.command === 'merge') args.push(...splitList(inputs.results));
  else args.push(...repeated('--service', splitList(inputs.services)));
  args.push(...repeated('--env', splitList(inputs.environments)));
  args.push(...repeated('--policy', splitList(inputs.policy)));
  args.push(...single('--pairs', inputs.pairs), ...single('--changed-since', inputs.changedSince));
  args.push(...single('--shard', inputs.shard), ...single('--from', inputs.from), ...single('--to', inputs.to));
  args.push(...single('--tag', inputs.tag), ...single('--fail-on', inputs.failOn));
  if (inputs.command !== 'merge') args.push(...single('--repo', inputs.repo), ...single('--config', inputs.config));
  args.push(...splitLines(inputs.args));
  return [...args, '--format', 'json', '--out', resultFile];
}

function single(flag, value) {
  return value === '' ? [] : [flag, value];
}

function repeated(flag, values) {
  return values.flatMap((value) => [flag, value]);
}
