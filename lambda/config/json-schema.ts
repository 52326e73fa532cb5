/**
 * The JSON Schema of one config document, generated from the zod schema so editors complete and check documents
 * with the same rules the Lambda applies. Rules a JSON Schema cannot state (a `groupBy` naming a capture, RE2 syntax,
 * settings keys set by one document only) are still checked when the config is read.
 */
import { z } from 'zod';
import { documentSchema } from './schema';

export const JSON_SCHEMA_FILE = 'config.schema.json';

export function configJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(documentSchema, { io: 'input', target: 'draft-2020-12' });
  return {
    ...generated,
    title: 'ecr-retention config document',
    description: 'One SSM parameter (YAML or JSON) of the ecr-retention config. Policies concatenate across parameters in name order; each settings key may be set by one parameter only.',
  };
}

/** The file's exact text: stable key order, two-space indent, final newline. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
