/** `npm run schema`: regenerates manifest/manifest.schema.json from the zod schema. */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { JSON_SCHEMA_FILE, manifestJsonSchemaText } from './json-schema';

const target = path.join(__dirname, JSON_SCHEMA_FILE);
writeFileSync(target, manifestJsonSchemaText());
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
