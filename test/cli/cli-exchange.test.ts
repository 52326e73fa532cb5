/**
 * The CLI reads the exchange exactly as the Lambda does: `plan` in the registry account honours the workload
 * accounts' exports, is blocked when one it expects is missing, and writes no export of its own (a local plan changes
 * nothing).
 */
import { DEV, EXCHANGE_BUCKET, PROD, REGISTRY, startCentralRegistry, type CentralRegistry } from '../../demo/central-registry';
import { BundledCli } from './bundled-cli';

const NOW = Date.now();
let estate: CentralRegistry;
let cli: BundledCli;

beforeAll(async () => {
  cli = await BundledCli.build();
});
afterAll(() => cli.dispose());
beforeEach(async () => {
  estate = await startCentralRegistry(NOW);
});
afterEach(() => estate.close());

function registryPlan(...args: string[]) {
  const credentials = estate.aws.credentialsFor(REGISTRY);
  return cli.run(['plan', '--exchange-bucket', EXCHANGE_BUCKET, ...args], {
    AWS_ENDPOINT_URL: estate.aws.url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_MAX_ATTEMPTS: '2',
  });
}

test('plan in the registry account honours the workload accounts\' exports, and writes none itself', async () => {
  await estate.runAccount(DEV);
  await estate.runAccount(PROD);
  const { code, stdout } = await registryPlan('--json');
  expect(code).toBe(0);
  const plan = JSON.parse(stdout) as { deletions: { digest: string }[]; blocked: boolean };
  expect(plan.blocked).toBe(false);
  expect(plan.deletions).toHaveLength(2);
  expect(Object.keys(estate.aws.account.s3?.buckets[EXCHANGE_BUCKET] ?? {}).sort()).toEqual([`live/${DEV}.json`, `live/${PROD}.json`]);
});

test('plan is blocked, exit 3, naming the account whose expected export is missing', async () => {
  await estate.runAccount(PROD);
  const { code, stderr } = await registryPlan();
  expect(code).toBe(3);
  expect(stderr).toContain(`blocked: an expected export cannot be relied on, nothing was deleted: ${DEV} missing: no export live/${DEV}.json in ${EXCHANGE_BUCKET}`);
});
