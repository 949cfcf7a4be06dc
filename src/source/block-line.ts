import type { SourceLocation } from '../types.js';
import type { FileCache } from './file-cache.js';

/** A mapping key whose value is a block scalar: `settings.ini: |`, `config: >-`, `key: |2 # note`. */
const BLOCK_SCALAR_KEY = /:\s*[|>][-+0-9]*\s*(?:#.*)?$/;

/**
 * When `location` cites the key of a block scalar (an embedded config file), the line inside the
 * block that holds the first of `lines` (compared without surrounding whitespace), so a reader
 * lands on `tls_verify = false` rather than on `billing.ini: |`. The location as it was when the
 * cited line opens no block scalar or none of the lines is found in it. Only positions leave
 * here, never the file's text.
 */
export function lineInBlock(cache: FileCache, location: SourceLocation, lines: readonly string[]): SourceLocation {
  if (location.line === undefined || lines.length === 0) return location;
  const text = cache.text(location.file);
  if (text === null) return location;
  const fileLines = text.split('\n');
  const keyLine = fileLines[location.line - 1];
  if (keyLine === undefined || !BLOCK_SCALAR_KEY.test(keyLine.trimEnd())) return location;
  const keyIndent = indentOf(keyLine);
  const wanted = new Set(lines.map((line) => line.trim()).filter((line) => line !== ''));
  for (let index = location.line; index < fileLines.length; index += 1) {
    const line = fileLines[index]!;
    if (line.trim() === '') continue;
    // The block ends at the first non-blank line indented no deeper than its key.
    if (indentOf(line) <= keyIndent) break;
    if (wanted.has(line.trim())) return { file: location.file, line: index + 1 };
  }
  return location;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}
