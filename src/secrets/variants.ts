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
export function goQuoted(bytes: Buffer): string {
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
  const first = bytes[index]!;
  const length = first < 0x80 ? 1 : first >= 0xc2 && first < 0xe0 ? 2 : first >= 0xe0 && first < 0xf0 ? 3 : first >= 0xf0 && first < 0xf5 ? 4 : 0;
  if (length <= 1 || index + length > bytes.length) return length === 1 ? 1 : 0;
  for (let k = 1; k < length; k += 1) if ((bytes[index + k]! & 0xc0) !== 0x80) return 0;
  return Buffer.from(bytes.subarray(index, index + length).toString('utf8'), 'utf8').equals(bytes.subarray(index, index + length)) ? length : 0;
}
