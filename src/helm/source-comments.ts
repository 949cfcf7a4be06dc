import { join } from 'node:path';

/** One YAML document of `helm template` output, with the template it came from. */
export interface HelmDocument {
  /** The template helm names in `# Source: <chart>/templates/<file>`, or null when there is none. */
  source: string | null;
  /** The document's YAML, the source comment included. */
  text: string;
  /** 1-based line of the document's first line in the whole output. */
  line: number;
}

const SEPARATOR = /^---(?:\s.*)?$/;
const SOURCE = /^#\s*Source:\s*(\S.*?)\s*$/;

/**
 * Splits `helm template` output into its documents, each with the template path of its
 * `# Source:` comment (the provenance of the objects it holds). Documents holding nothing but
 * comments and blank lines are dropped.
 */
export function splitHelmOutput(output: string): HelmDocument[] {
  const documents: HelmDocument[] = [];
  let current: string[] = [];
  let start = 1;
  const flush = (): void => {
    const document = toDocument(current, start);
    if (document) documents.push(document);
  };
  output.split(/\r?\n/).forEach((line, index) => {
    if (!SEPARATOR.test(line)) {
      current.push(line);
      return;
    }
    flush();
    current = [];
    start = index + 2;
  });
  flush();
  return documents;
}

/** The source comment counts only in the comments above the document's first YAML line. */
function toDocument(lines: string[], line: number): HelmDocument | null {
  const first = lines.findIndex((text) => !/^\s*(?:#.*)?$/.test(text));
  if (first < 0) return null;
  const source = lines.slice(0, first).map((text) => SOURCE.exec(text)?.[1]).find((path) => path !== undefined) ?? null;
  return { source, text: `${trimEnd(lines).join('\n')}\n`, line };
}

function trimEnd(lines: string[]): string[] {
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.trim() === '') end -= 1;
  return lines.slice(0, end);
}

/**
 * The file on disk a helm template path names: `shop/templates/deployment.yaml` (the chart's
 * name first) is `<chartDir>/templates/deployment.yaml`; a subchart's
 * `shop/charts/redis/templates/x.yaml` is `<chartDir>/charts/redis/templates/x.yaml`.
 */
export function chartFileOf(source: string, chartDir: string): string {
  const slash = source.indexOf('/');
  return slash < 0 ? join(chartDir, source) : join(chartDir, source.slice(slash + 1));
}
