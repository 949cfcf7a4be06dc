// Rewrites policies/*.schema.json from the zod schemas. Run `npm run build` first.
import { writeFile } from 'node:fs/promises';
import process from 'node:process';
import { URL } from 'node:url';
import { generateSchemas } from '../dist/policy/schema-json.js';

for (const [name, text] of Object.entries(generateSchemas())) {
  await writeFile(new URL(`../policies/${name}`, import.meta.url), text);
  process.stdout.write(`wrote policies/${name}\n`);
}
