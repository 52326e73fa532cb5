/** `npm run schema`: writes config.schema.json from the zod schema (lambda/config/schema.ts). */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { configJsonSchemaText, JSON_SCHEMA_FILE } from '../lambda/config/json-schema';

const target = join(__dirname, '..', JSON_SCHEMA_FILE);
writeFileSync(target, configJsonSchemaText());
console.log(`wrote ${target}`);
