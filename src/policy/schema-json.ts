import { z } from 'zod';
import { configFileSchema } from '../discover/config-schema.js';
import { policyDocumentSchema } from './policy-schema.js';

const SCHEMA_BASE = 'https://parity.dev/schemas';

/** JSON Schemas generated from the zod schemas, as committed under policies/. */
export function generateSchemas(): Record<'policy.schema.json' | 'config.schema.json', string> {
  return {
    'policy.schema.json': render(policyDocumentSchema, `${SCHEMA_BASE}/policy.schema.json`),
    'config.schema.json': render(configFileSchema, `${SCHEMA_BASE}/config.schema.json`),
  };
}

function render(schema: z.ZodType, id: string): string {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12' });
  return `${JSON.stringify({ $schema: json.$schema, $id: id, ...json }, null, 2)}\n`;
}
