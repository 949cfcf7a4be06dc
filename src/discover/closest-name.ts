/** How many known names an "unknown name" message lists at most. */
const LISTED = 10;

/**
 * `unknown service 'paymnets' (did you mean 'payments'? known: a, b, c)`: the closest known
 * name when one is close, and the known names only while they are few — never a list of
 * hundreds of services.
 */
export function unknownNameMessage(what: string, name: string, known: readonly string[], where = ''): string {
  const guess = closestName(name, known);
  const hint = guess ? `did you mean '${guess}'?` : '';
  const detail = guess && known.length > LISTED ? hint : `${hint ? `${hint} ` : ''}known: ${knownList(known)}`;
  return `unknown ${what} '${name}'${where} (${detail})`;
}

function knownList(known: readonly string[]): string {
  if (known.length === 0) return 'none';
  if (known.length <= LISTED) return known.join(', ');
  return `${known.slice(0, LISTED).join(', ')} … and ${known.length - LISTED} more`;
}

/** The known name closest to a misspelt one (`prod` → `production`), or null when none is close. */
function closestName(name: string, known: readonly string[]): string | null {
  let best: { name: string; score: number } | null = null;
  for (const candidate of known) {
    const score = isPrefix(name, candidate) ? 0 : editDistance(name, candidate);
    if (score <= Math.floor(Math.max(name.length, candidate.length) / 3) && (!best || score < best.score)) best = { name: candidate, score };
  }
  return best?.name ?? null;
}

/** `prod` for `production`, `production` for `prod`: an abbreviation of at least three letters. */
function isPrefix(a: string, b: string): boolean {
  return Math.min(a.length, b.length) >= 3 && (a.startsWith(b) || b.startsWith(a));
}

/** Levenshtein distance, one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}
