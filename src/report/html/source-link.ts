import type { SourceLocation } from '../../types.js';
import { describeSource } from '../describe.js';
import { escapeHtml } from '../escape.js';

/** `file:line` as a link when a template is known (`{path}`, `{line}` filled in), plain text otherwise. */
export function sourceLink(source: SourceLocation | null, template: string | null | undefined): string {
  const text = escapeHtml(describeSource(source));
  if (!source || !template) return text;
  const path = source.file.split('/').map(encodeURIComponent).join('/');
  const line = source.line ? String(source.line) : '';
  const href = (line ? template : template.replace(/#L\{line\}/g, '')).split('{path}').join(path).split('{line}').join(line);
  return `<a href="${escapeHtml(href)}">${text}</a>`;
}
