import type { Allowance, Candidate, Waiver } from '../types.js';
import { matchesCandidate } from './match-rule.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A waiver holds through its expiry day (UTC). */
export function isExpired(waiver: Waiver, now: Date): boolean {
  return now.getTime() >= Date.parse(`${waiver.expires}T00:00:00Z`) + DAY_MS;
}

export function waiverMatches(waiver: Waiver, candidate: Candidate, id: string): boolean {
  return typeof waiver.finding === 'string' ? waiver.finding === id : matchesCandidate(waiver.finding, candidate);
}

/** The name a waiver goes by in findings: the finding id it waives, or where it is declared. */
export function waiverLabel(waiver: Waiver): string {
  if (typeof waiver.finding === 'string') return waiver.finding;
  return waiver.declared.line ? `${waiver.declared.file}:${waiver.declared.line}` : waiver.declared.file;
}

/** The first unexpired waiver that matches, as an allowance. Expired waivers never apply. */
export function waiveCandidate(candidate: Candidate, id: string, waivers: readonly Waiver[], now: Date): Allowance | null {
  const waiver = waivers.find((w) => !isExpired(w, now) && waiverMatches(w, candidate, id));
  if (!waiver) return null;
  return { waiver: waiverLabel(waiver), reason: waiver.reason, owner: waiver.owner, expires: waiver.expires };
}
