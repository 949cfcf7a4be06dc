import { escapeMarkdown } from './escape.js';

/** A Markdown table: head, separator, rows, and a blank line after it. */
export function table(header: string[], rows: string[][]): string[] {
  return [...tableHead(header), ...rows.map(tableRow), ''];
}

export function tableHead(header: string[]): string[] {
  return [tableRow(header), `|${header.map(() => ' --- ').join('|')}|`];
}

/** One row; every cell escaped so pipes, backticks, HTML and newlines keep the cells. */
export function tableRow(cells: string[]): string {
  return `| ${cells.map(escapeMarkdown).join(' | ')} |`;
}
