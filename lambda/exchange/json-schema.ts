/**
 * The JSON Schema of the live-set export (README "Export format"), generated from the zod schema every reader checks
 * imports against, so that a tool that writes exports can validate them exactly as this one will read them.
 */
import { z } from 'zod';
import { liveSetExportSchema } from './export-schema';

export const EXPORT_SCHEMA_FILE = 'export.schema.json';

export function exportJsonSchemaText(): string {
  const generated = z.toJSONSchema(liveSetExportSchema, { io: 'input', target: 'draft-2020-12' });
  const schema = {
    ...generated,
    title: 'ecr-retention live-set export',
    description: 'live/<id>.json in the exchange bucket: every ECR reference one account (or a set of clusters outside AWS) found. A registry that expects it refuses one that is missing, malformed, incomplete, of an unknown version, over 64 MiB or older than its maxAge.',
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
