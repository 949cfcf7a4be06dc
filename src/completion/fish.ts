import { shortDescription, type CompletionSpec, type OptionSpec } from './spec.js';

/** fish completions: one `complete` line per command and per option of each command. */
export function fishCompletion(spec: CompletionSpec): string {
  const program = spec.program;
  const lines = [
    `# ${program} completion for fish: \`${program} completion fish > ~/.config/fish/completions/${program}.fish\``,
    `complete -c ${program} -f`,
    ...spec.commands.map((command) => `complete -c ${program} -n __fish_use_subcommand -a ${command.name} -d '${quote(shortDescription(command.description))}'`),
    ...spec.commands.flatMap((command) => command.options.map((option) => optionLine(program, command.name, option))),
    '',
  ];
  return lines.join('\n');
}

function optionLine(program: string, command: string, option: OptionSpec): string {
  const short = option.short ? ` -s ${option.short.slice(1)}` : '';
  const value = option.takesValue ? (option.choices ? ` -x -a '${option.choices.join(' ')}'` : ' -r -F') : '';
  return `complete -c ${program} -n '__fish_seen_subcommand_from ${command}' -l ${option.long.slice(2)}${short}${value} -d '${quote(shortDescription(option.description))}'`;
}

function quote(text: string): string {
  return text.replace(/[\\']/g, (char) => `\\${char}`);
}
