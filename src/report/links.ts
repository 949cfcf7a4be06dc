/** parity's home page (SARIF `informationUri`). */
export const PARITY_INFORMATION_URI = 'https://github.com/parity-gitops/parity';

/** The published page of a finding code: `docs/codes/<CODE>.md` on the default branch. */
export function codePageUrl(code: string): string {
  return `${PARITY_INFORMATION_URI}/blob/main/docs/codes/${code}.md`;
}
