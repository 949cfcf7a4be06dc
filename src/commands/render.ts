import { Command } from 'commander';
import { stringify } from 'yaml';
import { renderNormalized } from '../audit/render-normalized.js';
import { writeReport } from '../report/write-report.js';
import { optional } from './audit.js';
import { addCommonOptions, configFileOf, repoDirOf, type CommonOptions } from './options.js';
import { timeoutOf } from './options.js';

interface RenderFlags extends CommonOptions {
  service: string;
  env: string;
  out?: string;
  allowRoot?: string[];
}

export function createRenderCommand(setExitCode: (code: number) => void): Command {
  const command = new Command('render')
    .description('print the normalized render of one overlay (secret values redacted), for debugging')
    .requiredOption('--service <name>', 'service')
    .requiredOption('--env <name>', 'environment')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--allow-root <dir>', 'let kustomizations, config and policies read from this directory outside the repo (repeatable)', (dir: string, dirs: string[] = []) => [...dirs, dir]);
  addCommonOptions(command);
  return command.action(async (flags: RenderFlags) => {
    const resources = await renderNormalized({
      repoDir: repoDirOf(flags),
      ...optional('configFile', configFileOf(flags)),
      ...optional('kustomize', flags.kustomize),
      ...optional('timeoutMs', timeoutOf(flags)),
      ...optional('allowRoots', flags.allowRoot),
      service: flags.service,
      env: flags.env,
    });
    const text = resources.map((resource) => `# ${resource.key}\n${stringify(resource.object)}`).join('---\n');
    await writeReport(text, flags.out);
    setExitCode(0);
  });
}
