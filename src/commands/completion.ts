import { Argument, type Command, type Option } from 'commander';
import { SHELLS, type CompletionSpec, type Shell } from '../completion/spec.js';
import { addHelp } from './help.js';
import type { SetExitCode } from './options.js';

/** `parity completion bash|zsh|fish`: a completion script built from the commands as registered. */
export function registerCompletion(program: Command, setExitCode: SetExitCode): void {
  const command = program
    .command('completion')
    .description('print a shell completion script (commands, their options and option values)')
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(SHELLS));
  addHelp(
    command,
    ['source <(parity completion bash)        # in ~/.bashrc', 'parity completion zsh > "${fpath[1]}/_parity"', 'parity completion fish > ~/.config/fish/completions/parity.fish'],
    [
      ['0', 'the script was printed'],
      ['2', 'usage error'],
    ],
  );
  command.action(async (shell: Shell) => {
    const [{ completionScript }, { writeReport }] = await Promise.all([import('../completion/index.js'), import('../report/write-report.js')]);
    await writeReport(completionScript(shell, specOf(program)));
    setExitCode(0);
  });
}

function specOf(program: Command): CompletionSpec {
  const commands = program.commands.filter((command) => command.name() !== 'help');
  return {
    program: program.name(),
    commands: commands.map((command) => ({
      name: command.name(),
      description: command.description(),
      options: command.options.filter((option) => !option.hidden && option.long).map(optionSpec),
    })),
  };
}

function optionSpec(option: Option) {
  return {
    long: option.long!,
    ...(option.short ? { short: option.short } : {}),
    description: option.description,
    takesValue: option.required || option.optional,
    ...(option.argChoices ? { choices: option.argChoices } : {}),
  };
}
