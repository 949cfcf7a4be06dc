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

interface Line {
  indent: number;
  dash: boolean;
  key: string;
  /** Undefined for `key:` that opens a nested map. */
  value: string | undefined;
}

interface State {
  list: Mapping[];
  top: Mapping | null;
  nested: Mapping | null;
}

/** Null when a line is outside the shape. */
function parseShape(text: string): unknown {
  const lines = text.replace(/\n$/, '').split('\n').map(readLine);
  if (lines.some((line) => line === null)) return null;
  const isList = lines[0]?.dash ?? false;
  const state: State = { list: [], top: isList ? null : {}, nested: null };
  for (const line of lines as Line[]) if (!place(line, state, isList)) return null;
  return isList ? state.list : state.top;
}

function readLine(text: string): Line | null {
  const match = LINE.exec(text);
  if (!match) return null;
  const [, indent, dash, key, value] = match as unknown as [string, string, string | undefined, string, string | undefined];
  if (value !== undefined && (!PLAIN.test(value) || NOT_A_STRING.test(value))) return null;
  return { indent: indent.length, dash: dash !== undefined, key, value };
}

/** Puts one line's key into the map it belongs to; false when its indentation fits nowhere. */
function place(line: Line, state: State, isList: boolean): boolean {
  if (line.dash) {
    if (!isList || line.indent !== 0) return false;
    state.top = {};
    state.nested = null;
    state.list.push(state.top);
  }
  const base = isList ? 2 : 0;
  const depth = line.indent + (line.dash ? 2 : 0);
  const target = depth === base ? state.top : depth === base + 2 && line.value !== undefined ? state.nested : null;
  if (!target) return false;
  if (line.value === undefined) {
    state.nested = {};
    target[line.key] = state.nested;
  } else {
    target[line.key] = line.value;
  }
  return true;
}

function parseFully(text: string): unknown {
  try {
    return parse(text, { maxAliasCount: 0 }) as unknown;
  } catch (error) {
    // YAMLParseError, or the ReferenceError yaml throws for an alias (maxAliasCount 0): not readable metadata.
    if (error instanceof Error) return undefined;
    throw error;
  }
}
