import { readFileSync } from 'node:fs';
import type { FindingCode } from '../types.js';
import { FINDING_RULES } from './finding-rules.js';
import { codePageUrl } from './links.js';

/** `docs/codes/` of the installed package (the same two levels up from src/report and dist/report). */
const PAGES = new URL('../../docs/codes/', import.meta.url);

/** Every finding code, in the order of the rules. */
export const FINDING_CODES: readonly FindingCode[] = FINDING_RULES.map((rule) => rule.code);

export function isFindingCode(value: string): value is FindingCode {
  return (FINDING_CODES as readonly string[]).includes(value);
}

/** The page explaining a finding code (Markdown), as shipped in `docs/codes/<CODE>.md`. */
export function readCodePage(code: FindingCode): string {
  return readFileSync(new URL(`${code}.md`, PAGES), 'utf8');
}

/** The published page of a finding code, for SARIF `helpUri` and report links. */
export function codePageUri(code: FindingCode): string {
  return codePageUrl(code);
}
