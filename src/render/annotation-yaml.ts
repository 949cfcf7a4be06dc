import { parse } from 'yaml';

/**
 * Parses the small YAML texts Kustomize writes into its build-metadata annotations. Kustomize
 * writes them in one fixed shape (plain scalars, 2-space indents, a list of maps for the
 * transformations), which is read line by line here: a full YAML parse per object costs about
 * a millisecond, a cold run's build metadata a third of its time. Any line outside that shape
 * (a quoted or otherwise special value) is left to the `yaml` library.
 */
export function parseAnnotationYaml(text: string): unknown {
  return parseShape(text) ?? parseFully(text);
}

const LINE = /^( *)(- )?([A-Za-z]+):(?: (.*))?$/;
/** A plain scalar that YAML reads as this very string (no quotes, colons, comments, or non-string scalars). */
const PLAIN = /^[A-Za-z0-9_./~](?:[^:#'"]*[^:#'"\s])?$/;
const NOT_A_STRING = /^(?:true|false|yes|no|on|off|null|~|[-+]?[\d.][\d._]*(?:e[-+]?\d+)?|0x[\da-f]+|0o[0-7]+)$/i;

type Mapping = Record<string, unknown>;

/** Null when a line is outside the shape. */
function parseShape(text: string): unknown {
  const lines = text.replace(/\n$/, '').split('\n');
  const isList = lines[0]?.startsWith('- ') ?? false;
  const base = isList ? 2 : 0;
  const list: Mapping[] = [];
  let top: Mapping | null = isList ? null : {};
  let nested: Mapping | null = null;
  for (const line of lines) {
    const match = LINE.exec(line);
    if (!match) return null;
    const [, indent, dash, key, value] = match as unknown as [string, string, string | undefined, string, string | undefined];
    if (value !== undefined && (!PLAIN.test(value) || NOT_A_STRING.test(value))) return null;
    if (dash !== undefined) {
      if (!isList || indent.length !== 0) return null;
      top = {};
      nested = null;
      list.push(top);
    }
    const depth = indent.length + (dash !== undefined ? 2 : 0);
    const target = depth === base ? top : depth === base + 2 && value !== undefined ? nested : null;
    if (!target) return null;
    if (value === undefined) {
      nested = {};
      target[key] = nested;
    } else {
      target[key] = value;
    }
  }
  return isList ? list : top;
}

function parseFully(text: string): unknown {
  try {
    return parse(text, { maxAliasCount: 0 }) as unknown;
  } catch (error) {
    if (error instanceof Error) return undefined;
    throw error;
  }
}
