/** `npm run schema`: writes config.schema.json and export.schema.json from their zod schemas. */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { configJsonSchemaText, JSON_SCHEMA_FILE } from '../lambda/config/json-schema';
import { EXPORT_SCHEMA_FILE, exportJsonSchemaText } from '../lambda/exchange/json-schema';

for (const [file, text] of [[JSON_SCHEMA_FILE, configJsonSchemaText()], [EXPORT_SCHEMA_FILE, exportJsonSchemaText()]] as const) {
  const target = join(__dirname, '..', file);
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
