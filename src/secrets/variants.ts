/**
 * The spellings a secret value takes on its way out: as written, JSON/Go-quoted, base64 (how
 * Kustomize prints Secret data), and for raw bytes that are not valid UTF-8 the way Node
 * decodes them, the way Go's `%q` quotes them (`\xff`) and as a decimal byte list.
 */
export function spellingsOf(value: string | Buffer): string[] {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  const text = bytes.toString('utf8');
  const out = new Set<string>([text, text.trim(), JSON.stringify(text).slice(1, -1), goQuoted(bytes), bytes.toString('base64')]);
  if (bytes.length >= 2) out.add([...bytes].join(' '));
  if (typeof value !== 'string') out.add(bytes.toString('latin1'));
  return [...out].filter((spelling) => spelling.trim() !== '');
}

/** Go's strconv.Quote body: printable UTF-8 kept, invalid bytes as `\xNN`, `"` and `\` escaped. */
function goQuoted(bytes: Buffer): string {
  let out = '';
  let index = 0;
  while (index < bytes.length) {
    const length = utf8Length(bytes, index);
    if (length === 0) {
      out += `\\x${bytes[index]!.toString(16).padStart(2, '0')}`;
      index += 1;
      continue;
    }
    const char = bytes.subarray(index, index + length).toString('utf8');
    out += char === '"' || char === '\\' ? `\\${char}` : escapeControl(char);
    index += length;
  }
  return out;
}

function escapeControl(char: string): string {
  const code = char.codePointAt(0)!;
  if (char === '\n') return '\\n';
  if (char === '\t') return '\\t';
  if (char === '\r') return '\\r';
  return code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : char;
}

/** Length of the valid UTF-8 sequence starting at `index`, or 0 when the byte starts none. */
function utf8Length(bytes: Buffer, index: number): number {
  const length = leadLength(bytes[index]!);
  if (length <= 1) return length;
  const sequence = bytes.subarray(index, index + length);
  if (sequence.length < length) return 0;
  return Buffer.from(sequence.toString('utf8'), 'utf8').equals(sequence) ? length : 0;
}

/** How long a UTF-8 sequence starting with this byte is (0: it starts none). */
function leadLength(first: number): number {
  if (first < 0x80) return 1;
  if (first >= 0xc2 && first < 0xe0) return 2;
  if (first >= 0xe0 && first < 0xf0) return 3;
  return first >= 0xf0 && first < 0xf5 ? 4 : 0;
}
