/**
 * A unified diff of two texts (`diff -u` format, 3 lines of context), for showing what a
 * promotion writes. Common head and tail are trimmed before a line LCS, so the one-line edits
 * promote makes stay cheap on any file size.
 */
import { kustomizationTextSecrets } from '../render/collect-secrets.js';
import { scrubSecrets, scrubText } from '../secrets/scrub-secrets.js';

type Op = { kind: ' ' | '-' | '+'; line: string };

const CONTEXT = 3;

/**
 * Context lines show neighbours of the edit, which in a kustomization may be a
 * `secretGenerator` literal: the diff is scrubbed of the file's own secret values and of
 * every secret this run has seen before anyone gets it; `secrets` are more values to hide (a
 * values file's credentials).
 */
export function unifiedDiff(before: string, after: string, file: string, secrets: readonly string[] = []): string {
  if (before === after) return '';
  const ops = diffLines(splitLines(before), splitLines(after));
  const diff = [`--- a/${file}`, `+++ b/${file}`, ...formatHunks(ops)].join('\n') + '\n';
  return scrubText(scrubSecrets(diff, [...secrets, ...kustomizationTextSecrets(before), ...kustomizationTextSecrets(after)]));
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else lines[lines.length - 1] += '\n\\ No newline at end of file';
  return lines;
}

function diffLines(a: string[], b: string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail += 1;
  const middle = lcsOps(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
  const same = (line: string): Op => ({ kind: ' ', line });
  return [...a.slice(0, head).map(same), ...middle, ...a.slice(a.length - tail).map(same)];
}

function lcsOps(a: string[], b: string[]): Op[] {
  // table[i][j]: the length of the longest common subsequence of a[i..] and b[j..]; 0 past either end.
  const table = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  const cell = (i: number, j: number): number => table[i]?.[j] ?? 0;
  for (const [i, row] of [...table.entries()].reverse()) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      row[j] = a[i] === b[j] ? cell(i + 1, j + 1) + 1 : Math.max(cell(i + 1, j), cell(i, j + 1));
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  for (let left = a[i], right = b[j]; left !== undefined || right !== undefined; left = a[i], right = b[j]) {
    if (left !== undefined && left === right) {
      ops.push({ kind: ' ', line: left });
      i += 1;
      j += 1;
    } else if (left !== undefined && (right === undefined || cell(i + 1, j) >= cell(i, j + 1))) {
      ops.push({ kind: '-', line: left });
      i += 1;
    } else if (right !== undefined) {
      ops.push({ kind: '+', line: right });
      j += 1;
    }
  }
  return ops;
}

function formatHunks(ops: Op[]): string[] {
  const out: string[] = [];
  let index = 0;
  while (index < ops.length) {
    const change = ops.findIndex((op, k) => k >= index && op.kind !== ' ');
    if (change === -1) break;
    const start = Math.max(index, change - CONTEXT);
    const end = hunkEnd(ops, change);
    out.push(hunkHeader(ops, start, end), ...ops.slice(start, end).map((op) => `${op.kind}${op.line}`));
    index = end;
  }
  return out;
}

/** Extends a hunk while the next change is within two contexts' reach. */
function hunkEnd(ops: Op[], from: number): number {
  let last = from;
  for (let k = from; k < ops.length && k - last <= 2 * CONTEXT; k += 1) {
    const op = ops[k];
    if (op !== undefined && op.kind !== ' ') last = k;
  }
  return Math.min(ops.length, last + CONTEXT + 1);
}

function hunkHeader(ops: Op[], start: number, end: number): string {
  const before = ops.slice(0, start);
  const inHunk = ops.slice(start, end);
  const oldStart = before.filter((op) => op.kind !== '+').length + 1;
  const newStart = before.filter((op) => op.kind !== '-').length + 1;
  const oldCount = inHunk.filter((op) => op.kind !== '+').length;
  const newCount = inHunk.filter((op) => op.kind !== '-').length;
  return `@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`;
}

function range(start: number, count: number): string {
  const first = count === 0 ? start - 1 : start;
  return count === 1 ? `${first}` : `${first},${count}`;
}
