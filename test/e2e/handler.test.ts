/**
 * End to end: the bundled handler (esbuild output, as Lambda loads it) against the emulated account, with the SDK
 * pointed at the emulators by the standard AWS_ENDPOINT_URL. Every guard is exercised through the real pipeline.
 */
import { DEMO_DOCUMENTS } from '../../demo/config';
import { startDemoEnvironment, type DemoEnvironment } from '../../demo/environment';
import { digest } from '../../demo/sample-account';
import { StderrTelemetry } from '../../lambda/adapters/telemetry/stderr';
import { run } from '../../lambda/run';
import { buildDependencies } from '../../lambda/wiring';
import { bundleHandler, type BundledHandler } from '../support/bundled-handler';
import { storedState } from '../support/stored-state';

const NOW = Date.now();
let bundled: BundledHandler;
let world: DemoEnvironment | undefined;
const savedEnv = { ...process.env };

beforeAll(() => {
  // Read once, when the bundle's module scope builds the Logger and Metrics.
  Object.assign(process.env, { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' });
  bundled = bundleHandler();
});

afterEach(async () => {
  process.env = { ...savedEnv, POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' };
  await world?.close();
  world = undefined;
});

async function start(documents: Record<string, string> = { ...DEMO_DOCUMENTS }): Promise<DemoEnvironment> {
  world = await startDemoEnvironment({ now: NOW, documents });
  Object.assign(process.env, world.env, {
    AWS_MAX_ATTEMPTS: '2',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  return world;
}

const digests = (env: DemoEnvironment) => new Set(env.aws.account.ecr.repositories.flatMap((r) => r.images.map((i) => `${r.name}@${i.digest}`)));
const withSettings = (replace: (settings: string) => string) => ({ ...DEMO_DOCUMENTS, '/ecr-retention/00-settings': replace(DEMO_DOCUMENTS['/ecr-retention/00-settings'] as string) });
/** The plan, made by the unbundled pipeline in plan mode and without email: what delete mode must do, exactly. */
async function planOf(env: DemoEnvironment): Promise<string[]> {
  const dependencies = await buildDependencies({ clients: {}, configPath: env.env.CONFIG_PATH, topicArn: env.env.TOPIC_ARN, telemetry: new StderrTelemetry(false), runId: 'oracle' });
  const report = await run(dependencies, { mode: 'plan', silent: true });
  return (report.plan?.deletions ?? []).map((d) => `${d.repository}@${d.digest}`);
}

const lastEmail = (env: DemoEnvironment) => env.aws.account.sns.published.at(-1);
const journalBucket = (env: DemoEnvironment) => env.aws.account.s3!.buckets[env.env.JOURNAL_BUCKET as string]!;

/** Calls `then` when the handler writes its run lease (the emulator stores it through this setter), not before. */
function onceLeaseTaken(env: DemoEnvironment, then: () => void): void {
  let lease: unknown;
  Object.defineProperty(journalBucket(env), 'lease/run.json', {
    configurable: true, enumerable: true,
    get: () => lease,
    set: (value) => { lease = value; then(); },
  });
}

describe('the bundled handler against the emulated account', () => {
  it('plans without deleting, and emails the plan with the missing live images', async () => {
    const env = await start();
    const before = digests(env);
    const result = await bundled.handler({}, { awsRequestId: 'e2e-plan' });
    expect(result).toEqual({ runId: 'e2e-plan', outcome: 'planned', plannedDeletions: 14, deletions: 0, missingLiveImages: 2 });
    expect(digests(env)).toEqual(before);
    const email = lastEmail(env);
    expect(email?.subject).toBe('ecr-retention plan: would delete 14 images (1.5 GB), 2 missing live images');
    expect(email?.message).toContain('Run e2e-plan: planned (mode plan)');
    expect(email?.message).toContain('lambda function/thumbnailer:$LATEST -> 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/api:git-deadbeef (no such tag in shop/api: it will fail to pull)');
    expect(email?.message).toContain('  shop/api: 4 of 10 images, 520 MB (policy shop)');
    expect(email?.message).toContain(`Report: s3://${env.env.JOURNAL_BUCKET}/reports/e2e-plan.html`);
    const page = journalBucket(env)['reports/e2e-plan.html'];
    expect(page?.contentType).toBe('text/html; charset=utf-8');
    expect(page?.body).toContain('<svg id="bytes-chart"');
  });

  it('deletes exactly the planned digests in delete mode, and never a live or protected one', async () => {
    const env = await start(withSettings((s) => s.replace('mode: plan', 'mode: delete')));
    const before = digests(env);
    const planned = await planOf(env);
    const result = await bundled.handler({}, { awsRequestId: 'e2e-delete' });
    expect(result).toMatchObject({ outcome: 'deleted', deletions: 14 });
    const gone = [...before].filter((key) => !digests(env).has(key));
    expect(gone.sort()).toEqual(planned.sort());
    for (const kept of [
      `shop/api@${digest('api-5')}`, // S1: pinned by the ECS service revision and the running task
      `shop/web@${digest('web-rollback')}`, // S2: tag-1-253-0 ranks 4th by version
      `shop/worker@${digest('worker-old')}`, // S3: latest is protected
      `platform/base@${digest('base-amd64')}`, `platform/base@${digest('base-arm64')}`, // S4: children of a kept index
      `batch/report@${digest('report-20261021')}`, // referenced only by an EKS CronJob
      `sandbox/experiments@${digest('sandbox-1')}`, // governed by no policy
    ]) {
      expect(gone).not.toContain(kept);
      expect(digests(env).has(kept)).toBe(true); // still there (not merely renamed away from the sample account)
    }
    expect(lastEmail(env)?.subject).toBe('ecr-retention deleted 14 images (1.5 GB), 2 missing live images');
  });

  it.each([
    ['an invalid config', withSettings((s) => s.replace('gracePeriod: 2d', 'gracePeriod: soon').replace('mode: plan', 'mode: delete')),
      'ecr-retention BLOCKED: invalid-config', 'CONFIG: /ecr-retention/00-settings: settings.gracePeriod: must be a duration such as 30m, 12h, 2d or 4w'],
    ['a plan over maxDeletionsPerRun', withSettings((s) => s.replace('maxDeletionsPerRun: 100', 'maxDeletionsPerRun: 3').replace('mode: plan', 'mode: delete')),
      'ecr-retention BLOCKED: over-cap, 2 missing live images', 'BLOCKED: the plan deletes 14 digests, over maxDeletionsPerRun 3: nothing was deleted'],
  ])('deletes nothing and alerts on %s', async (_name, documents, subject, line) => {
    const env = await start(documents);
    const before = digests(env);
    const result = await bundled.handler({}, { awsRequestId: 'e2e-guard' });
    expect(result.outcome).toBe('blocked');
    expect(digests(env)).toEqual(before);
    expect(lastEmail(env)?.subject).toBe(subject);
    expect(lastEmail(env)?.message).toContain(line);
  });

  it('deletes nothing and alerts when a live source keeps failing', async () => {
    const env = await start(withSettings((s) => s.replace('mode: plan', 'mode: delete')));
    env.aws.setFaults([{ service: 'ecs', operation: 'ListServices', kind: 'server-error', rate: 1 }]);
    const before = digests(env);
    const result = await bundled.handler({}, { awsRequestId: 'e2e-failing-source' });
    expect(result.outcome).toBe('blocked');
    expect(digests(env)).toEqual(before);
    expect(lastEmail(env)?.subject).toBe('ecr-retention BLOCKED: incomplete-live-set, 2 missing live images');
    expect(lastEmail(env)?.message).toMatch(/BLOCKED: live set incomplete, nothing was deleted: ecs: could not read .*ListServices/);
  });

  it.each([
    ['read: the old journal is not JSON', (env: DemoEnvironment) => void (journalBucket(env)[env.env.JOURNAL_KEY as string] = { body: '{not json' }), /state: could not read the journal s3:\/\/.*not JSON/],
    ['read: the state is not a state', (env: DemoEnvironment) => void (journalBucket(env)['state/us-east-1.json.gz'] = { body: '{"version":1}' }), /state: could not read s3:\/\/.*state\/us-east-1\.json\.gz: not a state document/],
    ['read: the state was written by a newer version', (env: DemoEnvironment) => void (journalBucket(env)['state/us-east-1.json.gz'] = { body: '{"version":2}' }), /written by a newer version \(2\); refusing to read it/],
    // Armed once the run holds its lease, which is written to the same bucket first.
    ['written', (env: DemoEnvironment) => onceLeaseTaken(env, () => env.aws.setFaults([{ service: 's3', operation: 'PutObject', kind: 'server-error', rate: 1 }])), /state: could not write s3:\/\//],
  ])('deletes nothing and fails loudly when the state cannot be %s', async (_name, breakJournal, error) => {
    const env = await start(withSettings((s) => s.replace('mode: plan', 'mode: delete')));
    const api = env.aws.account.ecr.repositories.find((r) => r.name === 'shop/api')!;
    api.images.push({ digest: digest('idx'), tags: ['git-00000002'], pushedAt: NOW - 400 * 86_400_000, sizeBytes: 1, manifestMediaType: 'application/vnd.oci.image.index.v1+json', childDigests: [digest('api-1')] });
    breakJournal(env);
    const before = digests(env);
    await expect(bundled.handler({}, { awsRequestId: 'e2e-journal-broken' })).rejects.toThrow(error);
    expect(digests(env)).toEqual(before);
    expect(lastEmail(env)?.subject).toMatch(/^ecr-retention FAILED: state: could not/);
  });

  it('collects and deletes nothing when the run lease cannot be taken: its bucket is gone', async () => {
    const env = await start(withSettings((s) => s.replace('mode: plan', 'mode: delete')));
    delete env.aws.account.s3?.buckets[env.env.JOURNAL_BUCKET as string];
    const before = digests(env);
    await expect(bundled.handler({}, { awsRequestId: 'e2e-no-lease' })).rejects.toThrow(/run lease: could not write s3:\/\/.*NoSuchBucket/);
    expect(digests(env)).toEqual(before);
    expect([...env.aws.calls.keys()].filter((operation) => !operation.startsWith('s3.'))).toEqual([]);
  });

  it('does nothing, and says until when, while another run holds the lease', async () => {
    const env = await start(withSettings((s) => s.replace('mode: plan', 'mode: delete')));
    const until = new Date(Date.now() + 600_000).toISOString();
    journalBucket(env)['lease/run.json'] = { body: JSON.stringify({ version: 1, runId: 'other-run', expiresAt: until }) };
    const before = digests(env);
    const result = await bundled.handler({}, { awsRequestId: 'e2e-overlap' });
    expect(result).toEqual({ runId: 'e2e-overlap', outcome: 'skipped', plannedDeletions: 0, deletions: 0, missingLiveImages: 0, leaseHeldBy: 'other-run', leaseHeldUntil: until });
    expect(digests(env)).toEqual(before);
    expect(lastEmail(env)).toBeUndefined();
    expect(journalBucket(env)['lease/run.json']).toBeDefined();
  });

  it('fails loudly when the inventory cannot be read', async () => {
    const env = await start();
    env.aws.setFaults([{ service: 'ecr', operation: 'DescribeRepositories', kind: 'server-error', rate: 1 }]);
    await expect(bundled.handler({}, { awsRequestId: 'e2e-inventory' })).rejects.toThrow(/run e2e-inventory failed: ECR inventory: could not read/);
    expect(lastEmail(env)?.subject).toMatch(/^ecr-retention FAILED: ECR inventory: could not read/);
  });

  it('writes the state, with the deletion journal, before deleting an index: its members, for a run stopped between the two', async () => {
    const env = await start(withSettings((s) => s.replace('mode: plan', 'mode: delete')));
    const api = env.aws.account.ecr.repositories.find((r) => r.name === 'shop/api')!;
    const member = (name: string) => ({ digest: digest(name), tags: [], pushedAt: NOW - 400 * 86_400_000, sizeBytes: 10, manifestMediaType: 'application/vnd.oci.image.manifest.v1+json' });
    api.images.push(member('old-amd64'), member('old-arm64'), {
      ...member('old-index'), tags: ['git-00000001'], manifestMediaType: 'application/vnd.oci.image.index.v1+json', childDigests: [digest('old-amd64'), digest('old-arm64')],
    });
    const result = await bundled.handler({}, { awsRequestId: 'e2e-journal' });
    expect(result).toMatchObject({ outcome: 'deleted', deletions: 17 });
    const state = storedState(env.aws.account, env.env.JOURNAL_BUCKET as string, 'us-east-1');
    expect(state?.journal).toEqual([digest('old-amd64'), digest('old-arm64')].sort().map((child) => ({ region: 'us-east-1', repository: 'shop/api', digest: child, parent: digest('old-index') })));
    expect(state?.tags.length).toBeGreaterThan(0);
    expect(digests(env).has(`shop/api@${digest('old-arm64')}`)).toBe(false);
  });

  it('says once per run which governed repositories still have a lifecycle policy, asking a rotating share of them', async () => {
    const env = await start(withSettings((s) => s.replace('  mode: plan', '  mode: plan\n  lifecyclePolicyChecks: 4')));
    const policy = '{"rules":[{"rulePriority":1,"selection":{"tagStatus":"any","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}';
    const repository = (name: string) => env.aws.account.ecr.repositories.find((r) => r.name === name)!;
    repository('shop/api').lifecyclePolicy = policy;
    repository('shop/web').lifecyclePolicy = policy;
    const asks = () => env.aws.calls.get('ecr.GetLifecyclePolicy') ?? 0;
    const section = () => (lastEmail(env)?.message ?? '').split('\n\n').filter((part) => part.startsWith('ECR lifecycle policies'));

    // Six governed repositories, four asked per run: never-asked first, by name.
    await bundled.handler({}, { awsRequestId: 'e2e-coexist-1' });
    expect(asks()).toBe(4);
    expect(section()).toHaveLength(1);
    expect(section()[0]).toMatch(/1 of 6 governed repositories still have an ECR lifecycle policy.*\n  shop\/api\n  Checked this run: 4 repositories; 2 governed repositories not checked yet/);

    await bundled.handler({}, { awsRequestId: 'e2e-coexist-2' });
    expect(asks()).toBe(8);
    expect(section()[0]).toMatch(/2 of 6 governed repositories .*\n  shop\/api, shop\/web\n  Checked this run: 4 repositories\./);
    expect(storedState(env.aws.account, env.env.JOURNAL_BUCKET as string, 'us-east-1')?.lifecyclePolicies).toHaveLength(6);

    // Removed: the next run asks shop/api again (among the longest ago) and stops naming it. A creation template that
    // would give new shop/ repositories a policy is named too.
    delete repository('shop/api').lifecyclePolicy;
    env.aws.account.ecr.creationTemplates = [{ prefix: 'shop', appliedFor: ['CREATE_ON_PUSH'], lifecyclePolicy: policy }];
    await bundled.handler({}, { awsRequestId: 'e2e-coexist-3' });
    expect(section()[0]).toMatch(/1 of 6 governed repositories .*\n  shop\/web\n/);
    expect(section()[0]).toContain('  the repository creation template "shop" (CREATE_ON_PUSH) gives a lifecycle policy to every repository ECR creates with it; 4 governed repositories are under it.');
  });

  it('plans as usual when GetLifecyclePolicy keeps failing, and says the checks stopped', async () => {
    const env = await start();
    env.aws.setFaults([{ service: 'ecr', operation: 'GetLifecyclePolicy', kind: 'server-error', rate: 1 }]);
    const result = await bundled.handler({}, { awsRequestId: 'e2e-coexist-failing' });
    expect(result).toMatchObject({ outcome: 'planned', plannedDeletions: 14 });
    expect(lastEmail(env)?.message).toMatch(/ECR lifecycle policies\n  No governed repository is known to have an ECR lifecycle policy \(6 of 6 not checked yet\)\.\n.*\n  lifecycle policy checks stopped: /);
  });
});
