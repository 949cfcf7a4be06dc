import { chartFileOf } from './source-comments.js';

export interface HelmErrorDescription {
  message: string;
  file?: string;
  line?: number;
}

type Explain = (line: string, chartDir: string) => HelmErrorDescription | null;

/**
 * Turns helm's stderr into one readable line and, when helm names one, the file and line:
 * template parse and execution errors (`required`, `fail`) at a chart file, invalid YAML a
 * template rendered, a values file that does not parse or does not exist, an unvendored dependency.
 */
export function describeHelmError(stderr: string, chartDir: string): HelmErrorDescription {
  const line = firstErrorLine(stderr);
  if (line === null) return { message: 'helm failed without an error message' };
  for (const explain of EXPLAINERS) {
    const described = explain(line, chartDir);
    if (described) return described;
  }
  return { message: line };
}

/** The first `Error: …` line, else the first non-empty one; helm's `--debug` hint is never it. */
function firstErrorLine(stderr: string): string | null {
  const lines = stderr.split(/\r?\n/).map((line) => line.trim());
  const error = lines.find((line) => line.startsWith('Error: '));
  if (error) return error.slice('Error: '.length).trim();
  return lines.find((line) => line !== '' && !line.startsWith('Use --debug')) ?? null;
}

const atTemplate =
  (pattern: RegExp, label: string): Explain =>
  (line, chartDir) => {
    const match = pattern.exec(line);
    if (!match) return null;
    return { message: `${label}${match[3]}`, file: chartFileOf(match[1]!, chartDir), line: Number(match[2]) };
  };

const explainRenderedYaml: Explain = (line, chartDir) => {
  const match = /^YAML parse error on (\S+?): (?:error converting YAML to JSON: )?yaml: line (\d+): (.+)$/.exec(line);
  if (!match) return null;
  return { message: `the template renders invalid YAML (line ${match[2]} of its output): ${match[3]}`, file: chartFileOf(match[1]!, chartDir) };
};

const explainValuesYaml: Explain = (line) => {
  const match = /^failed to parse (.+?): (?:error converting YAML to JSON: )?yaml: line (\d+): (.+)$/.exec(line);
  if (!match) return null;
  return { message: `values file is not valid YAML: ${match[3]}`, file: match[1]!, line: Number(match[2]) };
};

const explainMissingFile: Explain = (line) => {
  const match = /^open (.+?): no such file or directory$/.exec(line);
  return match ? { message: 'file does not exist', file: match[1]! } : null;
};

const explainDependency: Explain = (line, chartDir) => {
  const match = /found in Chart\.yaml, but missing in charts\/ directory: (.+)$/.exec(line);
  if (!match) return null;
  const message = `chart dependency ${match[1]} is not vendored under charts/; run \`helm dependency build ${chartDir}\` and commit charts/ (parity renders offline)`;
  return { message };
};

const EXPLAINERS: Explain[] = [
  atTemplate(/^parse error at \((.+?):(\d+)\): (.+)$/, 'template parse error: '),
  atTemplate(/^execution error at \((.+?):(\d+)(?::\d+)?\): (.+)$/, ''),
  atTemplate(/^template: (.+?):(\d+)(?::\d+)?: (?:executing "[^"]*" )?(.+)$/, 'template error: '),
  explainRenderedYaml,
  explainValuesYaml,
  explainMissingFile,
  explainDependency,
];
