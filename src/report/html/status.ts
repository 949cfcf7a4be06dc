import type { CellState } from './matrix-model.js';

/** A status as colour (the class) plus a symbol and a word, so it reads without colour or emoji fonts. */
const LABELS: Record<CellState, { symbol: string; word: string }> = {
  error: { symbol: '✗', word: 'error' },
  blocking: { symbol: '✗', word: 'blocking' },
  warning: { symbol: '!', word: 'warning' },
  pass: { symbol: '✓', word: 'pass' },
  absent: { symbol: '–', word: 'not compared' },
};

export function statusBadge(state: CellState, word = LABELS[state].word): string {
  return `<span class="badge ${state}"><span aria-hidden="true">${LABELS[state].symbol}</span> ${word}</span>`;
}
