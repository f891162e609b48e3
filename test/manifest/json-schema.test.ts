import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMA_FILE, manifestJsonSchema, manifestJsonSchemaText } from '../../manifest/json-schema';

const COMMITTED = path.join(__dirname, '..', '..', 'manifest', JSON_SCHEMA_FILE);

describe('manifest JSON Schema', () => {
  it('is in sync with manifest/schema.ts', () => {
    const committed = readFileSync(COMMITTED, 'utf8');
    expect(
      committed === manifestJsonSchemaText(),
      'manifest/manifest.schema.json is out of date: run `npm run schema` and commit the result',
    ).toBe(true);
  });

  it('describes the input side: keys with defaults are optional for editors', () => {
    const schema = manifestJsonSchema() as {
      required: string[];
      additionalProperties: boolean;
      properties: { organization: { required: string[]; properties: Record<string, { default?: unknown }> } };
    };
    expect(schema.required.sort()).toEqual(['falcon', 'organization', 'portfolio', 'products', 'version']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.organization.required).not.toContain('executionRoleName');
    expect(schema.properties.organization.properties.executionRoleName.default).toBe('AWSControlTowerExecution');
  });
});
