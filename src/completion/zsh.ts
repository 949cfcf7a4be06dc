import { shortDescription, type CompletionSpec, type OptionSpec } from './spec.js';

/** A zsh completion function (`_arguments` per command); works from fpath as `_parity` or sourced. */
export function zshCompletion(spec: CompletionSpec): string {
  const fn = `_${spec.program}`;
  const commands = spec.commands.map((command) => `    '${quote(command.name)}:${quote(escape(shortDescription(command.description)))}'`);
  const cases = spec.commands.map((command) => [`    ${command.name})`, `      _arguments ${command.options.map(argument).join(' ')} && return`, '      ;;'].join('\n'));
  return [
    `#compdef ${spec.program}`,
    `# ${spec.program} completion for zsh: \`source <(${spec.program} completion zsh)\`, or save it as _${spec.program} in your fpath`,
    `${fn}() {`,
    '  local -a commands',
    '  commands=(',
    ...commands,
    '  )',
    '  if (( CURRENT == 2 )); then',
    "    _describe 'command' commands",
    '    return',
    '  fi',
    '  shift words',
    '  (( CURRENT-- ))',
    '  case $words[1] in',
    ...cases,
    '  esac',
    '}',
    `if [[ "$funcstack[1]" == "${fn}" ]]; then`,
    `  ${fn} "$@"`,
    'else',
    `  compdef ${fn} ${spec.program}`,
    'fi',
    '',
  ].join('\n');
}

function argument(option: OptionSpec): string {
  const description = escape(shortDescription(option.description));
  const value = option.takesValue ? (option.choices ? `:value:(${option.choices.join(' ')})` : ':value:_files') : '';
  return `'${quote(`${option.long}[${description}]${value}`)}'`;
}

/** `[`, `]` and `:` are syntax inside an `_arguments` spec. */
function escape(text: string): string {
  return text.replace(/[[\]:\\]/g, (char) => `\\${char}`);
}

function quote(text: string): string {
  return text.replaceAll("'", "'\\''");
}
