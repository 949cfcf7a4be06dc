import type { CompletionSpec, OptionSpec } from './spec.js';

/**
 * A bash completion function for `complete -F`: commands first, then the options of the command
 * typed, the choices of an option that has them, and file names (`-o default`) for other values.
 */
export function bashCompletion(spec: CompletionSpec): string {
  const fn = `_${spec.program}`;
  const commands = spec.commands.map((command) => command.name).join(' ');
  const optionCases = spec.commands.map((command) => `    ${command.name}) opts="${flags(command.options).join(' ')} --help" ;;`);
  const valueCases = spec.commands.flatMap((command) => command.options.filter((option) => option.takesValue).map((option) => valueCase(command.name, option)));
  return [
    `# ${spec.program} completion for bash: add \`source <(${spec.program} completion bash)\` to ~/.bashrc`,
    `${fn}() {`,
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" opts',
    '  COMPREPLY=()',
    '  if [[ $COMP_CWORD -eq 1 ]]; then',
    `    COMPREPLY=( $(compgen -W "${commands} --help --version" -- "$cur") )`,
    '    return 0',
    '  fi',
    '  case "${COMP_WORDS[1]}:$prev" in',
    ...valueCases,
    '  esac',
    '  case "${COMP_WORDS[1]}" in',
    ...optionCases,
    '    *) return 0 ;;',
    '  esac',
    '  if [[ "$cur" == -* || -z "$cur" ]]; then',
    '    COMPREPLY=( $(compgen -W "$opts" -- "$cur") )',
    '  fi',
    '}',
    `complete -o default -F ${fn} ${spec.program}`,
    '',
  ].join('\n');
}

function flags(options: OptionSpec[]): string[] {
  return options.flatMap((option) => (option.short ? [option.long, option.short] : [option.long]));
}

/** `audit:--format) COMPREPLY=( … ) ; return 0 ;;` — a value: its choices, or nothing so bash completes file names. */
function valueCase(command: string, option: OptionSpec): string {
  const patterns = [option.long, ...(option.short ? [option.short] : [])].map((flag) => `${command}:${flag}`).join('|');
  const reply = option.choices ? `COMPREPLY=( $(compgen -W "${option.choices.join(' ')}" -- "$cur") ); ` : '';
  return `    ${patterns}) ${reply}return 0 ;;`;
}
