import type { SourceLocation } from '../../types.js';
import { describeSource } from '../describe.js';
import { escapeHtml } from '../escape.js';
import { prefixPath } from '../report-options.js';

/**
 * `file:line` as a link when a template is known (`{path}`, `{line}` filled in), plain text
 * otherwise. The link's path starts at the repository root (`prefix`); the text stays as parity
 * shows paths, relative to `--repo`.
 */
export function sourceLink(source: SourceLocation | null, template: string | null | undefined, prefix?: string): string {
  const text = escapeHtml(describeSource(source));
  if (!source || !template) return text;
  const path = prefixPath(source.file, prefix).split('/').map(encodeURIComponent).join('/');
  const line = source.line ? String(source.line) : '';
  const href = (line ? template : template.replace(/#L\{line\}/g, '')).split('{path}').join(path).split('{line}').join(line);
  return `<a href="${escapeHtml(href)}">${text}</a>`;
}
