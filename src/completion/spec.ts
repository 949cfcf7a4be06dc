/** What a shell completion script offers: plain data read from the CLI's own definition. */
export interface CompletionSpec {
  program: string;
  commands: CommandSpec[];
}

interface CommandSpec {
  name: string;
  description: string;
  options: OptionSpec[];
}

export interface OptionSpec {
  /** `--format`. */
  long: string;
  /** `-q`, when the option has one. */
  short?: string;
  description: string;
  /** The option takes a value (completed from `choices` when known, else as a file name). */
  takesValue: boolean;
  choices?: readonly string[];
}

export type Shell = 'bash' | 'zsh' | 'fish';
export const SHELLS: readonly Shell[] = ['bash', 'zsh', 'fish'];

/** The first clause of a description, enough for a completion menu. */
export function shortDescription(text: string): string {
  return text.split(/[;(]/)[0]!.trim();
}
