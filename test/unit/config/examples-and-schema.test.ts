import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { configJsonSchemaText, JSON_SCHEMA_FILE } from '../../../lambda/config/json-schema';
import { formatConfigIssues, MAX_DOCUMENT_BYTES, parseConfig } from '../../../lambda/config/parse';

const ROOT = join(__dirname, '..', '..', '..');
const EXAMPLES = join(ROOT, 'examples', 'config');
const examples = readdirSync(EXAMPLES)
  .filter((file) => file.endsWith('.yaml'))
  .map((file) => ({ name: `/ecr-retention/${file}`, text: readFileSync(join(EXAMPLES, file), 'utf8') }));

describe('example documents', () => {
  it('are valid together, and each fits in one SSM parameter', () => {
    const result = parseConfig(examples);
    if (!result.ok) throw new Error(formatConfigIssues(result.errors));
    expect(examples.map((e) => Buffer.byteLength(e.text)).every((bytes) => bytes <= MAX_DOCUMENT_BYTES)).toBe(true);
    expect(result.config.settings).toMatchObject({ mode: 'plan', gracePeriodMs: 2 * 86_400_000, maxDeletionsPerRun: 500 });
    expect(result.config.settings.live).toEqual({
      ecs: { clusters: ['*'], keepTaskDefinitionRevisions: 5 }, eks: { clusters: ['prod-eu', 'staging-eu'] }, lambda: true, batch: false,
    });
  });

  it('route each repository to the first policy that matches it', () => {
    const result = parseConfig(examples);
    if (!result.ok) throw new Error(formatConfigIssues(result.errors));
    const governor = (repository: string) => result.config.policies.find((p) => p.governs(repository))?.name;
    expect(['team-a/web', 'shared/base', 'team-a/jobs/etl', 'team-b/web'].map(governor)).toEqual(['web', 'web', 'batch-jobs', undefined]);
  });
});

describe('config.schema.json', () => {
  it('is what `npm run schema` generates from the zod schema (run it after changing lambda/config/schema.ts)', () => {
    expect(readFileSync(join(ROOT, JSON_SCHEMA_FILE), 'utf8')).toBe(configJsonSchemaText());
  });

  it('is strict and publishes the duration grammar, so editors flag mistakes as they are typed', () => {
    const schema = JSON.parse(configJsonSchemaText());
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.settings.additionalProperties).toBe(false);
    expect(new RegExp(schema.properties.settings.properties.gracePeriod.pattern).test('2d')).toBe(true);
    expect(new RegExp(schema.properties.settings.properties.gracePeriod.pattern).test('2 days')).toBe(false);
  });
});
