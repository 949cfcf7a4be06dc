import type { GateVerdict } from '../types.js';

/**
 * What the gate promotes, in words: the reference, or each image and its reference when several
 * move together, and where the reference came from (`--tag`, or the source overlay's line).
 */
export function gateTagText(gate: GateVerdict): string {
  if (!gate.tag) return '';
  const images = gate.images ?? [];
  const what = images.length > 1 ? images.map((image) => `${image.image} ${image.tag ?? image.digest ?? ''}`.trim()).join(', ') : gate.tag;
  return `${what}${originText(gate)}`;
}

function originText(gate: GateVerdict): string {
  if (gate.tagFrom === 'flag') return ' (from --tag, not from the source overlay)';
  const source = gate.tagSource;
  return source ? ` (set in ${source.file}${source.line ? `:${source.line}` : ''})` : '';
}
