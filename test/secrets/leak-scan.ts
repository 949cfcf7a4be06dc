import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** The canaries found in `text`, as written or inside base64 (one or two levels deep). */
export function leakedCanaries(text: string, canaries: readonly string[]): string[] {
  const texts = [text, ...decodedTokens(text)];
  for (const decoded of decodedTokens(texts.slice(1).join('\n'))) texts.push(decoded);
  const all = texts.join('\n');
  return canaries.filter((value) => all.includes(value));
}

function decodedTokens(text: string): string[] {
  const tokens = text.match(/[A-Za-z0-9+/]{16,}={0,2}/g) ?? [];
  return tokens.map((token) => Buffer.from(token, 'base64').toString('latin1'));
}

/** Every file under `dir` (recursively), as latin1 text so no byte is lost. */
export async function readTree(dir: string): Promise<Array<{ file: string; text: string }>> {
  const out: Array<{ file: string; text: string }> = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await readTree(path)));
    else if ((await stat(path)).isFile()) out.push({ file: path, text: (await readFile(path)).toString('latin1') });
  }
  return out;
}
