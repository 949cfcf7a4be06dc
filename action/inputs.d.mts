export interface ActionInputs {
  command: string;
  services: string;
  environments: string;
  pairs: string;
  policy: string;
  changedSince: string;
  shard: string;
  from: string;
  to: string;
  tag: string;
  results: string;
  repo: string;
  config: string;
  failOn: string;
  args: string;
}
export function readInputs(env: Record<string, string | undefined>): ActionInputs;
export function splitList(value: string): string[];
export function splitLines(value: string): string[];
export function buildArgs(inputs: ActionInputs, resultFile: string): string[];
