import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { ConfigError, type ParityError } from '../errors.js';

/** Aliases beyond this count are treated as an alias bomb. */
const MAX_ALIASES = 100;

type ErrorFactory = (message: string, location: { file: string; line?: number }) => ParityError;

const asConfigError: ErrorFactory = (message, location) => new ConfigError(message, location);

export interface ParsedDocument {
  value: unknown;
  document: Document.Parsed;
}

/**
 * Parses every document of a YAML text, failing on the first syntax error or alias bomb with
 * the file and line. `file` is only used in messages.
 */
export function parseYamlDocuments(text: string, file: string, toError: ErrorFactory = asConfigError): ParsedDocument[] {
  const lineCounter = new LineCounter();
  // logLevel 'error': the library's warnings (a Go template's `{{ … }}` read as a map key in a
  // chart's files) would go straight to stderr; what matters is reported as parity's own errors.
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const list = Array.isArray(documents) ? documents : [documents];
  const parsed: ParsedDocument[] = [];
  for (const document of list) {
    const problem = document.errors[0];
    if (problem) {
      const line = problem.pos ? lineCounter.linePos(problem.pos[0]).line : undefined;
      throw toError(`invalid YAML: ${firstLine(problem.message)}`, line ? { file, line } : { file });
    }
    parsed.push({ value: toJsSafely(document, file, toError), document });
  }
  return parsed.filter((doc) => doc.value !== null && doc.value !== undefined);
}

/** Parses a single-document YAML text (an empty text is `null`). */
export function parseYaml(text: string, file: string, toError: ErrorFactory = asConfigError): ParsedDocument | null {
  const documents = parseYamlDocuments(text, file, toError);
  if (documents.length > 1) throw toError('expected one YAML document, found several', { file });
  return documents[0] ?? null;
}

function toJsSafely(document: Document.Parsed, file: string, toError: ErrorFactory): unknown {
  try {
    return document.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    const message = (error as Error).message;
    if (/alias/i.test(message)) {
      throw toError(`YAML alias expansion exceeds ${MAX_ALIASES} aliases (alias bomb?)`, { file });
    }
    throw toError(`invalid YAML: ${firstLine(message)}`, { file });
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
