/**
 * End to end, across regions of one account: one run covers every region the config names (or every enabled one),
 * resolves each reference against the registry it names, deletes in each region, and blocks everywhere when one
 * region cannot be read.
 */
import { emptyAccount, type AccountModel, type EmuImage } from '../../emulator/aws/account';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';
import { StderrTelemetry } from '../../lambda/adapters/telemetry/stderr';
import { run } from '../../lambda/run';
import { buildDependencies } from '../../lambda/wiring';
import { digest } from '../../demo/sample-account';

const ACCOUNT = '123456789012';
const NOW = Date.UTC(2026, 11, 1);
const DAY = 86_400_000;
const EAST = 'us-east-1';
const WEST = 'eu-west-1';
let aws: AwsEmulator;

const build = (region: string, n: number): EmuImage => ({ digest: digest(`${region}-${n}`), tags: [`git-${n}`], pushedAt: NOW - (20 - n) * DAY, sizeBytes: 10, manifestMediaType: 'application/vnd.oci.image.manifest.v1+json' });

function regionModel(region: string, config?: string): AccountModel {
  const model = emptyAccount(ACCOUNT, region);
  model.ecr.repositories = [{ name: 'app', createdAt: 0, images: [1, 2, 3].map((n) => build(region, n)) }];
  if (config) {
    model.ssm.parameters = [{ name: '/ecr-retention/config', value: config, type: 'String' }];
    model.sns.topics = [`arn:aws:sns:${region}:${ACCOUNT}:t`];
  }
  return model;
}

const config = (regions: string) => `settings:
  mode: delete
  regions: ${regions}
  live: { ecs: false, eks: false, batch: false }
policies:
  - { name: app, repositories: [app], lineages: [{ name: b, tags: "git-.*", keep: { newest: 1 } }] }
`;

async function start(regions: string, enabledRegions?: string[], westConfig?: string): Promise<void> {
  const west = regionModel(WEST, westConfig);
  // A function in eu-west-1 runs build 1 of us-east-1's registry: only a run that covers both regions sees it.
  west.lambda.functions = [{ name: 'thumbnailer', packageType: 'Image', latest: { imageUri: `${ACCOUNT}.dkr.ecr.${EAST}.amazonaws.com/app:git-1` }, versions: [], aliases: [] }];
  aws = await startAwsEmulator({ accounts: [regionModel(EAST, config(regions)), west], pageSize: 2, quotas: {}, ...(enabledRegions ? { enabledRegions: { [ACCOUNT]: enabledRegions } } : {}) });
}
afterEach(() => aws.close());

async function runOnce(home = EAST) {
  const deps = await buildDependencies({
    clients: { region: home, endpoint: aws.url, credentials: aws.credentialsFor(ACCOUNT), maxAttempts: 2, fixedBackoffMs: 1 },
    configPath: '/ecr-retention/', topicArn: `arn:aws:sns:${home}:${ACCOUNT}:t`, telemetry: new StderrTelemetry(false), runId: 'regions', clock: () => NOW,
  });
  return run(deps);
}

const left = (region: string) => aws.modelFor(ACCOUNT, region).ecr.repositories[0]?.images.map((i) => i.tags[0]);

describe('one run over several regions', () => {
  it.each([['a list', `[${EAST}, ${WEST}]`, undefined], ['"*" (every enabled region)', '"*"', [EAST, WEST]]])('with %s, keeps an image pulled only from another region and deletes in each region', async (_name, regions, enabled) => {
    await start(regions, enabled);
    const report = await runOnce();
    expect(report.outcome).toBe('deleted');
    expect([...(report.regions ?? [])].sort()).toEqual([WEST, EAST]);
    expect(left(EAST)).toEqual(['git-1', 'git-3']);
    expect(left(WEST)).toEqual(['git-3']);
    expect(report.live).toEqual([expect.objectContaining({ region: EAST, repository: 'app', reference: expect.objectContaining({ region: WEST, location: 'lambda function/thumbnailer:$LATEST' }) })]);
    expect(aws.callsBy(ACCOUNT, WEST).get('ecr.BatchDeleteImage')).toBe(1);
  });

  it('covering only its own region, would delete what another region pulls: the reason regions exist', async () => {
    await start(`[${EAST}]`);
    await runOnce();
    expect(left(EAST)).toEqual(['git-3']);
  });

  it('a deployment covering only another region says that a workload there pulls from this region, uncovered', async () => {
    await start(`[${EAST}]`, undefined, config(`[${WEST}]`));
    const report = await runOnce(WEST);
    expect(report.outcome).toBe('deleted');
    const note = `1 reference names this account's registry in ${EAST}, which this run does not cover (lambda function/thumbnailer:$LATEST -> ${ACCOUNT}.dkr.ecr.${EAST}.amazonaws.com/app:git-1)`;
    expect(report.notes).toEqual([expect.objectContaining({ source: 'ecr', message: expect.stringContaining(note) })]);
    expect(aws.modelFor(ACCOUNT, WEST).sns.published.at(-1)?.message).toContain(`Notes\n  ecr: ${note}`);
  });

  it('deletes in no region when one region cannot be read, and says which', async () => {
    await start(`[${EAST}, ${WEST}]`);
    aws.setFaults([{ service: 'ecr', operation: 'DescribeRepositories', kind: 'server-error', rate: 1, region: WEST }]);
    const report = await runOnce();
    expect(report.outcome).toBe('blocked');
    expect(report.blockers).toEqual([{ code: 'unreadable-region', regions: [{ region: WEST, message: expect.stringContaining('DescribeRepositories') }] }]);
    expect(left(EAST)).toEqual(['git-1', 'git-2', 'git-3']);
    const email = aws.modelFor(ACCOUNT, EAST).sns.published.at(-1);
    expect(email?.subject).toBe('ecr-retention BLOCKED: unreadable-region');
  });
});
