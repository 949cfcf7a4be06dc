/** A string of several lines: an embedded file (a ConfigMap's `settings.ini`), compared and shown line by line. */
export function isMultiline(value: unknown): value is string {
  return typeof value === 'string' && value.includes('\n');
}
