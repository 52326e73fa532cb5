/** The README points to examples/config/: every document there must validate, together, as the Lambda reads them. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../../lambda/config/parse';

const DIRECTORY = join(__dirname, '../../../examples/config');

test('the example documents validate together, with every setting they show', () => {
  const files = readdirSync(DIRECTORY).filter((name) => name.endsWith('.yaml')).sort();
  expect(files.length).toBeGreaterThanOrEqual(2);
  const parsed = parseConfig(files.map((name) => ({ name: `/ecr-retention/${name}`, text: readFileSync(join(DIRECTORY, name), 'utf8') })));
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.document}: ${e.path}: ${e.message}`).join('\n'));
  expect(parsed.config.settings).toMatchObject({ mode: 'plan', maxDeletionsPerRun: 500, lifecyclePolicyChecks: 500 });
  expect(parsed.config.policies.length).toBeGreaterThan(0);
});
