import type { PhaseEvent } from '../pipeline/phase-events.js';

/** How many service names a `--verbose` line lists before it counts the rest. */
const LISTED = 10;

/** The `--verbose` lines of one phase (stderr; the caller scrubs them like every output). */
export function formatPhase(event: PhaseEvent): string[] {
  switch (event.phase) {
    case 'discover':
      return [
        `parity: discover: ${plural(event.services.length, 'service')} (${names(event.services)}), ${plural(event.overlays, 'overlay')} in ${duration(event.ms)}`,
        `parity: config: ${event.config ?? 'none (the default layout)'}; policies: ${event.policyFiles.join(', ') || 'none'}`,
        `parity: renderer: ${event.renderer.name} ${event.renderer.version} (${event.renderer.path})`,
      ];
    case 'render':
      return [`parity: render: ${plural(event.overlays, 'overlay')} in ${duration(event.ms)}; ${cacheNote(event.cachedRenders, 'overlay')}${event.errors ? `; ${plural(event.errors, 'error')}` : ''}`];
    case 'compare':
      return [`parity: compare: ${plural(event.services, 'service')}, ${plural(event.findings, 'finding')} in ${duration(event.ms)}; ${cacheNote(event.cachedServices, 'service')}`];
  }
}

function cacheNote(hits: number | null, noun: string): string {
  return hits === null ? 'cache off' : `cache hits: ${plural(hits, noun)}`;
}

function names(list: string[]): string {
  if (list.length <= LISTED) return list.join(', ');
  return `${list.slice(0, LISTED).join(', ')} … and ${list.length - LISTED} more`;
}

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
