import { bashCompletion } from './bash.js';
import { fishCompletion } from './fish.js';
import type { CompletionSpec, Shell } from './spec.js';
import { zshCompletion } from './zsh.js';

export { type CompletionSpec, type Shell } from './spec.js';

const SCRIPTS: Record<Shell, (spec: CompletionSpec) => string> = { bash: bashCompletion, zsh: zshCompletion, fish: fishCompletion };

/** The completion script of one shell. */
export function completionScript(shell: Shell, spec: CompletionSpec): string {
  return SCRIPTS[shell](spec);
}
