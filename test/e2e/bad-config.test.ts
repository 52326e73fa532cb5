/**
 * The bad-config corpus (test/fixtures/bad-config): every malformed document has its exact expected errors, and each
 * goes through the full pipeline in delete mode against the emulated account: nothing is deleted, and the alert names
 * the parameter and the field.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_DOCUMENTS } from '../../demo/config';
import { startDemoEnvironment, type DemoEnvironment } from '../../demo/environment';
import { StderrTelemetry } from '../../lambda/adapters/telemetry/stderr';
import { formatConfigIssues, parseConfig } from '../../lambda/config/parse';
import { run } from '../../lambda/run';
import { buildDependencies } from '../../lambda/wiring';

const CORPUS = join(__dirname, '../fixtures/bad-config');
const PARAMETER_PREFIX = '/ecr-retention/bad/';

interface Case {
  readonly name: string;
  readonly documents: { name: string; text: string }[];
  readonly expected: string[];
}

/** `<case>.yaml` is parameter /ecr-retention/bad/<case>; `<case>.2.yaml`, if present, a second parameter after it. */
function loadCorpus(): Case[] {
  const files = readdirSync(CORPUS);
  return files.filter((f) => /^\d+-[a-z0-9-]+\.yaml$/.test(f)).sort().map((file) => {
    const name = file.replace(/\.yaml$/, '');
    const documents = [{ name: `${PARAMETER_PREFIX}${name}`, text: readFileSync(join(CORPUS, file), 'utf8') }];
    if (files.includes(`${name}.2.yaml`)) documents.push({ name: `${PARAMETER_PREFIX}${name}-2`, text: readFileSync(join(CORPUS, `${name}.2.yaml`), 'utf8') });
    const expected = readFileSync(join(CORPUS, `${name}.expected.txt`), 'utf8').trimEnd().split('\n');
    return { name, documents, expected };
  });
}

const corpus = loadCorpus();
const policyDocuments = Object.entries(DEMO_DOCUMENTS).filter(([name]) => !name.endsWith('settings')).map(([name, text]) => ({ name, text }));

describe('the bad-config corpus', () => {
  it('holds at least 30 malformed configs', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
  });

  it.each(corpus.map((c) => [c.name, c] as const))('%s: reports exactly its expected errors', (_name, badCase) => {
    const result = parseConfig([...badCase.documents, ...policyDocuments]);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : formatConfigIssues(result.errors).split('\n')).toEqual(badCase.expected);
  });

  describe('through the full pipeline in delete mode', () => {
    let world: DemoEnvironment;
    const savedEnv = { ...process.env };
    beforeAll(async () => {
      world = await startDemoEnvironment({ now: Date.now() });
      Object.assign(process.env, world.env);
    });
    afterAll(async () => {
      process.env = savedEnv;
      await world.close();
    });

    it.each(corpus.map((c) => [c.name, c] as const))('%s: deletes nothing and alerts naming the parameter and field', async (_name, badCase) => {
      world.aws.account.ssm.parameters = [...badCase.documents, ...policyDocuments].map(({ name, text }) => ({ name, value: text, type: 'String' as const }));
      const before = JSON.stringify(world.aws.account.ecr);
      const published = world.aws.account.sns.published.length;
      const dependencies = await buildDependencies({ clients: {}, configPath: world.env.CONFIG_PATH, topicArn: world.env.TOPIC_ARN, telemetry: new StderrTelemetry(false), runId: badCase.name });
      const report = await run(dependencies, { mode: 'delete' });
      expect(report.outcome).toBe('blocked');
      expect(JSON.stringify(world.aws.account.ecr)).toBe(before);
      expect(world.aws.account.ecr.repositories.length).toBeGreaterThan(0);
      const alert = world.aws.account.sns.published.slice(published);
      expect(alert).toHaveLength(1);
      expect(alert[0]?.subject).toBe('ecr-retention BLOCKED: invalid-config');
      for (const line of badCase.expected) expect(alert[0]?.message).toContain(`CONFIG: ${line}`);
    });
  });
});
