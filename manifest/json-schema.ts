/**
 * The manifest's JSON Schema, generated from the zod schema so editors (yaml-language-server, VS Code) complete
 * and check the same shape the validator enforces. It describes the input side: keys with defaults are optional.
 * Cross-field rules (governed Regions, enabled products, duplicates...) cannot be expressed in JSON Schema; only
 * `falcon-catalog validate` checks those.
 */
import { z } from 'zod';
import { manifestSchema } from './schema';

export const JSON_SCHEMA_FILE = 'manifest.schema.json';

export function manifestJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(manifestSchema, { io: 'input', target: 'draft-2020-12' });
  return {
    ...generated,
    title: 'Falcon Control Tower catalog manifest',
    description:
      'Where CrowdStrike Falcon Cloud Security products go in the organisation. Reference: manifest/README.md. ' +
      'Generated from manifest/schema.ts by `npm run schema`; do not edit.',
  };
}

/** The file's exact contents: stable key order from the schema, two-space indent, trailing newline. */
export function manifestJsonSchemaText(): string {
  return `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`;
}
