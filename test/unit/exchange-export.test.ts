/** The live-set export: what a run writes (ECR references only, whole, schema-valid) and how a reader judges one. */
import { parseExport } from '../../lambda/adapters/s3/exchange-store';
import { exportOf } from '../../lambda/core/exchange';
import type { LiveReference } from '../../lambda/core/model';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { liveSetExportSchema } from '../../lambda/exchange/export-schema';
import { EXPORT_SCHEMA_FILE, exportJsonSchemaText } from '../../lambda/exchange/json-schema';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const ref = (image: string): LiveReference => ({ source: 'eks', location: 'eks cluster/prod namespace/shop pod/web', image, region: 'eu-west-1' });

describe('the export a run writes', () => {
  const document = exportOf({
    id: '222222222222', accountId: '222222222222', regions: ['eu-west-1'], collectedAt: Date.UTC(2026, 11, 1), problems: [],
    references: [
      ref('111111111111.dkr.ecr.us-east-1.amazonaws.com/app:v1'),
      ref('111111111111.dkr-ecr.us-east-1.on.aws/app@' + DIGEST),
      ref('111111111111.dkr.ecr.eusc-de-east-1.amazonaws.eu/app:v2'),
      ref(`docker-pullable://${DIGEST}`),
      ref('docker.io/library/nginx:1.27'),
      ref('ghcr.io/org/tool:1'),
      ref('nginx'),
    ],
  });

  it('holds every ECR reference, of any account, region or partition, and bare digests; nothing else', () => {
    expect(document.references.map((r) => r.image)).toEqual([
      '111111111111.dkr.ecr.us-east-1.amazonaws.com/app:v1', `111111111111.dkr-ecr.us-east-1.on.aws/app@${DIGEST}`,
      '111111111111.dkr.ecr.eusc-de-east-1.amazonaws.eu/app:v2', `docker-pullable://${DIGEST}`,
    ]);
  });

  it('is what its schema accepts, complete when nothing failed and incomplete when something did', () => {
    expect(liveSetExportSchema.safeParse(document).success).toBe(true);
    expect(document).toMatchObject({ format: 'ecr-retention.live-set', version: 1, complete: true, collectedAt: '2026-12-01T00:00:00.000Z' });
    const failed = exportOf({ id: '222222222222', regions: [], collectedAt: 0, problems: ['eks: cluster prod: 403'], references: [] });
    expect(failed).toMatchObject({ complete: false, problems: ['eks: cluster prod: 403'] });
  });
});

describe('reading an export', () => {
  const valid = JSON.stringify(exportOf({ id: '222222222222', regions: ['eu-west-1'], collectedAt: 0, problems: [], references: [ref('111111111111.dkr.ecr.us-east-1.amazonaws.com/app:v1')] }));

  it.each<[string, string, string, string]>([
    ['not JSON', '{"format":', 'malformed', 'is not JSON'],
    ['of a newer version', JSON.stringify({ ...JSON.parse(valid), version: 2 }), 'unknown-version', 'has version 2; this reader knows version 1'],
    ['missing a field', JSON.stringify({ ...JSON.parse(valid), complete: undefined }), 'malformed', 'complete'],
    ['another account\'s', valid.replace('"id":"222222222222"', '"id":"333333333333"'), 'malformed', 'says it is the export of 333333333333'],
  ])('refuses one that is %s, saying why', (_name, text, problem, message) => {
    expect(parseExport('222222222222', 's3://b/live/222222222222.json', text)).toEqual({ id: '222222222222', kind: 'unusable', problem, message: expect.stringContaining(message) });
  });

  it('reads a valid one', () => {
    expect(parseExport('222222222222', 's3://b/live/222222222222.json', valid)).toMatchObject({ kind: 'read', document: { id: '222222222222', references: [{ image: '111111111111.dkr.ecr.us-east-1.amazonaws.com/app:v1' }] } });
  });
});

describe('export.schema.json', () => {
  it('is what `npm run schema` generates from the schema imports are checked against', () => {
    expect(readFileSync(join(__dirname, '..', '..', EXPORT_SCHEMA_FILE), 'utf8')).toBe(exportJsonSchemaText());
  });
});
