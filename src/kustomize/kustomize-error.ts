/**
 * Turns Kustomize's stderr into one readable line: the first meaningful error, with a hint
 * for the failures people hit most (missing base, malformed YAML, unreachable remote).
 */
export function describeKustomizeError(stderr: string): string {
  const line = firstErrorLine(stderr);
  if (line === null) return 'Kustomize failed without an error message';
  return explainMissingPath(line) ?? explainMalformedYaml(line) ?? explainRemote(line) ?? line;
}

/** The first error line: `Error: …` (kustomize), else kubectl's klog `err="…"`, else the first non-empty line. */
export function firstErrorLine(stderr: string): string | null {
  const lines = stderr.split(/\r?\n/);
  const plain = lines.find((line) => line.startsWith('Error: '));
  if (plain) return plain.slice('Error: '.length).trim();
  const klog = klogError(lines);
  if (klog) return klog;
  const first = lines.map((line) => line.trim()).find((line) => line !== '');
  return first ?? null;
}

function klogError(lines: string[]): string | null {
  const index = lines.findIndex((line) => /\berr=/.test(line));
  if (index < 0) return null;
  const quoted = /\berr="((?:[^"\\]|\\.)*)"/.exec(lines[index]!);
  if (quoted) return unescapeGo(quoted[1]!);
  const following = lines.slice(index + 1).map((line) => line.trim());
  return following.find((line) => line !== '' && line !== '>') ?? null;
}

function unescapeGo(text: string): string {
  return text.replace(/\\(["\\])/g, '$1').replace(/\\n/g, ' ').replace(/\\t/g, ' ');
}

function explainMissingPath(line: string): string | null {
  const missing = /lstat (.+?): no such file or directory/.exec(line) ?? /open (.+?): no such file or directory/.exec(line);
  if (!missing) return null;
  const from = /accumulating resources from '([^']+)'/.exec(line);
  const what = from ? `'${from[1]}' (${missing[1]})` : missing[1]!;
  return `missing base or resource: ${what} does not exist`;
}

function explainMalformedYaml(line: string): string | null {
  const yaml = /yaml: line (\d+): (.+?)(?: in File: (\S+))?$/.exec(line);
  if (!yaml) return null;
  const fromFile = /accumulating resources from '([^']+)'/.exec(line)?.[1];
  const file = yaml[3] ?? fromFile ?? (/Kustomization|converting YAML/.test(line) ? 'kustomization' : null);
  const where = file ? `${file} line ${yaml[1]}` : `line ${yaml[1]}`;
  return `malformed YAML in ${where}: ${yaml[2]}`;
}

function explainRemote(line: string): string | null {
  if (!/git (fetch|clone)|git cmd|no such host|Could not resolve host|dial tcp/.test(line)) return null;
  const url = /accumulating resources from '([^']+)'/.exec(line)?.[1];
  return `remote resource ${url ?? ''} cannot be fetched (offline?); vendor it into the repository`.replace('  ', ' ');
}
