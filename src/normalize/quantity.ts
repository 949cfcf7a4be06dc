/**
 * Kubernetes resource quantities compared exactly: `100m` = `0.1`, `1Gi` = `1024Mi`,
 * `1e3` = `1k`. The canonical form is the exact value in base units as `<integer>e<exponent>`
 * with no trailing zeros in the integer, computed with BigInt (never floating point).
 */

const QUANTITY = /^([+-]?)(\d+)?(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|m|k|M|G|T|P|E)?$/;

const BINARY_SUFFIX: Record<string, bigint> = { Ki: 10n, Mi: 20n, Gi: 30n, Ti: 40n, Pi: 50n, Ei: 60n };
const DECIMAL_SUFFIX: Record<string, number> = { m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** The canonical form of a quantity, or null when `value` is not one. */
export function canonicalQuantity(value: unknown): string | null {
  const text = quantityText(value);
  const match = text === null ? null : QUANTITY.exec(text);
  if (!match) return null;
  const [, sign = '', whole = '', fraction = '', suffix = ''] = match;
  if (whole === '' && fraction === '') return null;
  const digits = BigInt(`${whole}${fraction}`);
  const [mantissa, exponent] = applySuffix(digits, -fraction.length, suffix);
  return formatCanonical(sign === '-' ? -mantissa : mantissa, exponent);
}

/** Scales `mantissa × 10^exponent` by a binary, decimal-exponent or decimal SI suffix. */
function applySuffix(mantissa: bigint, exponent: number, suffix: string): [bigint, number] {
  const binary = BINARY_SUFFIX[suffix];
  if (binary !== undefined) return [mantissa << binary, exponent];
  if (/^[eE][+-]?\d+$/.test(suffix)) return [mantissa, exponent + Number(suffix.slice(1))];
  return [mantissa, exponent + DECIMAL_SUFFIX[suffix]!];
}

function quantityText(value: unknown): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? numberText(value) : null;
  return typeof value === 'string' ? value.trim() : null;
}

/** `1e+21` → `1e21`: the quantity grammar takes no `+` in exponents of plain numbers. */
function numberText(value: number): string {
  return String(value).replace('e+', 'e');
}

function formatCanonical(mantissa: bigint, exponent: number): string {
  if (mantissa === 0n) return '0';
  let m = mantissa;
  let e = exponent;
  while (m % 10n === 0n) {
    m /= 10n;
    e += 1;
  }
  return `${m}e${e}`;
}

/** True when both values are quantities of the same amount (`500m` and `0.5`). */
export function quantitiesEqual(a: unknown, b: unknown): boolean {
  const left = canonicalQuantity(a);
  return left !== null && left === canonicalQuantity(b);
}

/** Keys whose values are quantities wherever they appear. */
const QUANTITY_KEYS = new Set(['sizeLimit', 'averageValue']);
/** Maps whose every value is a quantity: container/PVC `resources.requests|limits`, quota `hard`, … */
const QUANTITY_MAPS = new Set(['requests', 'limits', 'hard', 'overhead', 'capacity', 'allocatable']);
/** LimitRange `spec.limits[*].<map>` values. */
const LIMIT_RANGE_MAPS = new Set(['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']);

/**
 * Whether the value at `segments` (a canonical path as segments) holds a quantity:
 * `resources.requests.cpu`, `spec.resources.requests.storage`, `spec.hard["requests.memory"]`,
 * `spec.limits[0].max.cpu`, `emptyDir.sizeLimit`, HPA `target.averageValue` / `target.value`.
 */
export function isQuantityPath(segments: readonly string[]): boolean {
  const key = segments.at(-1);
  const parent = segments.at(-2);
  if (key === undefined || isItem(key)) return false;
  if (QUANTITY_KEYS.has(key)) return true;
  if (parent === undefined) return false;
  if (key === 'value' && parent === 'target') return true;
  if (QUANTITY_MAPS.has(parent)) return true;
  return LIMIT_RANGE_MAPS.has(parent) && isItem(segments.at(-3) ?? '') && segments.at(-4) === 'limits';
}

function isItem(segment: string): boolean {
  return segment.startsWith('[');
}
