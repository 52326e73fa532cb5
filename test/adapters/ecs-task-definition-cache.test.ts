/**
 * The ECS source with a task-definition cache across runs (S3, through the emulator): a run describes only what no
 * earlier run described, a run stopped midway leaves its describes to the next, and the cache forgets what nothing
 * asks for any more.
 */
import type { ECSClient } from '@aws-sdk/client-ecs';
import { EcsLiveSource, type EcsClients } from '../../lambda/adapters/ecs/source';
import { S3TaskDefinitionCache } from '../../lambda/adapters/s3/task-definition-cache';
import type { LiveReference, SourceNote } from '../../lambda/core/model';
import { type AccountModel, emptyAccount, taskDefinitionArn } from '../../emulator/aws/account';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';
import { ACCOUNT, destroyClients, ecsAccount, ecsClients, REGION, REGISTRY } from './ecs-fixture';
import { BUCKET, objectsOf, plant, PREFIX, stateClient, storedJson, until } from './s3-state-fixtures';

const KEY = `${PREFIX}${REGION}/task-definitions.json.gz`;
const tdArn = (family: string, revision: number) => taskDefinitionArn({ accountId: ACCOUNT, region: REGION }, family, revision);
const sorted = (references: readonly LiveReference[]) => references.map((r) => JSON.stringify(r)).sort();

/** 30 services, each on its own family's revision 2 (revision 1 is older and ACTIVE: the catalogue lists both). */
function servicesAccount(): AccountModel {
  const account = emptyAccount(ACCOUNT, REGION);
  const families = Array.from({ length: 30 }, (_, i) => `app-${String(i).padStart(2, '0')}`);
  account.ecs.taskDefinitions = families.flatMap((family) => [1, 2].map((revision) => ({
    family, revision, status: 'ACTIVE', containerDefinitions: [{ name: 'app', image: `${REGISTRY}/${family}:v${revision}` }],
  })));
  account.ecs.clusters = [{ name: 'prod', tasks: [], services: families.map((family) => ({
    name: family, deployments: [{ id: `ecs-svc/${family}`, status: 'PRIMARY', taskDefinition: tdArn(family, 2) }],
  })) }];
  return account;
}

interface Recorder {
  /** What each DescribeTaskDefinition that was answered asked for. */
  readonly described: string[];
}

interface Stop {
  /** After this many describes, the next ones never return (a run stopped by the Lambda deadline) or fail. */
  readonly after: number;
  readonly how: 'hang' | 'fail';
}

/** Records the describes that were answered, and stops them as `stop` says. */
function recordDescribes(ecs: ECSClient, stop?: Stop): Recorder {
  const recorder: Recorder = { described: [] };
  let started = 0;
  ecs.middlewareStack.add((next, context) => async (args) => {
    if (context.commandName !== 'DescribeTaskDefinitionCommand') return next(args);
    if (stop && started++ >= stop.after) {
      if (stop.how === 'hang') return new Promise<never>(() => undefined);
      throw new Error('stopped');
    }
    const result = await next(args);
    recorder.described.push((args.input as { taskDefinition: string }).taskDefinition);
    return result;
  }, { step: 'initialize', name: 'recordDescribes' });
  return recorder;
}

describe('ECS live source with a task-definition cache', () => {
  let emulator: AwsEmulator;
  const opened: EcsClients[] = [];
  const cache = (saveEveryMs = 60_000) => new S3TaskDefinitionCache({ client: stateClient(emulator, REGION, 1), bucket: BUCKET, prefix: PREFIX, region: REGION, saveEveryMs });
  const clients = () => {
    const made = ecsClients(emulator);
    opened.push(made);
    return made;
  };
  const cachedArns = () => Object.keys((storedJson(emulator, KEY) as { definitions: object }).definitions).sort();
  /** Starts a collection: its references (still pending), and what it described. */
  function run(options: { cache?: S3TaskDefinitionCache; keep?: number; stop?: Stop; notes?: SourceNote[] } = {}) {
    const made = clients();
    const recorder = recordDescribes(made.ecs, options.stop);
    const source = new EcsLiveSource(made, options.cache ? { cache: options.cache } : {});
    const references = source.collect({ clusters: ['*'], keepTaskDefinitionRevisions: options.keep ?? 3 }, (note) => options.notes?.push(note));
    return { references, recorder };
  }

  beforeEach(async () => {
    emulator = await startAwsEmulator({ account: servicesAccount(), pageSize: 100, quotas: {} });
    emulator.account.s3 = { buckets: { [BUCKET]: {} } };
  });
  afterEach(async () => {
    for (const made of opened.splice(0)) destroyClients(made);
    await emulator.close();
  });

  it('describes no task definition a previous run cached: the second run makes no DescribeTaskDefinition', async () => {
    const first = run({ cache: cache() });
    const references = await first.references;
    expect(first.recorder.described).toHaveLength(60);
    expect(cachedArns()).toHaveLength(60);
    emulator.resetCounters();
    const second = run({ cache: cache() });
    expect(sorted(await second.references)).toEqual(sorted(references));
    expect(emulator.calls.get('ecs.DescribeTaskDefinition')).toBeUndefined();
    // Nothing new, nothing forgotten: the complete save has nothing to write.
    expect(emulator.calls.get('s3.PutObject')).toBeUndefined();
  });

  it('leaves what a stopped run described to the next run, which describes only the rest', async () => {
    const stopped = run({ cache: cache(0), stop: { after: 25, how: 'hang' } });
    // The run never ends (its describes hang, as at the Lambda deadline): only the autosave has kept its progress.
    void stopped.references.catch(() => undefined);
    await until(() => objectsOf(emulator)[KEY] !== undefined && cachedArns().length === 25);
    const next = run({ cache: cache() });
    const references = await next.references;
    expect(next.recorder.described).toHaveLength(60 - 25);
    expect(new Set([...stopped.recorder.described, ...next.recorder.described]).size).toBe(60);
    const uncached = run();
    expect(sorted(references)).toEqual(sorted(await uncached.references));
  });

  it('saves what a failed run described, without forgetting anything', async () => {
    plant(emulator, KEY, { version: 1, region: REGION, definitions: { [tdArn('gone', 1)]: { family: 'gone', revision: 1, containers: [] } } });
    const failed = run({ cache: cache(), stop: { after: 20, how: 'fail' } });
    await expect(failed.references).rejects.toMatchObject({ name: 'LiveSourceError', message: expect.stringContaining('DescribeTaskDefinition') });
    // What was described before the failure is kept, and so is the ARN this incomplete run did not ask for.
    expect(cachedArns()).toContain(tdArn('gone', 1));
    expect(cachedArns().length).toBeGreaterThanOrEqual(1 + 10);
  });

  it('forgets, after a complete run, the ARNs nothing asked for', async () => {
    const first = run({ cache: cache() });
    await first.references;
    expect(cachedArns()).toContain(tdArn('app-00', 1));
    // Keeping only the newest revision, no use names revision 1 any more.
    const second = run({ cache: cache(), keep: 1 });
    await second.references;
    expect(second.recorder.described).toEqual([]);
    expect(cachedArns()).toEqual(Array.from({ length: 30 }, (_, i) => tdArn(`app-${String(i).padStart(2, '0')}`, 2)).sort());
  });

  it('fails the source when the cache cannot be read, and leaves the object as it was', async () => {
    plant(emulator, KEY, { version: 2 });
    const before = objectsOf(emulator)[KEY];
    const refused = run({ cache: cache() });
    await expect(refused.references).rejects.toThrow(
      `ecs: could not read the task-definition cache (StateError: state: could not read s3://${BUCKET}/${KEY}: written by a newer version (2); refusing to read it)`);
    expect(objectsOf(emulator)[KEY]).toBe(before);
  });

  it('notes a cache it could not save, and still returns the complete references', async () => {
    const notes: SourceNote[] = [];
    emulator.setFaults([{ service: 's3', operation: 'PutObject', kind: 'server-error', rate: 1 }]);
    const unsaved = run({ cache: cache(), notes });
    // Each service's revision 2, and the catalogue's revisions 1 and 2 of each family.
    expect(await unsaved.references).toHaveLength(30 + 30 * 2);
    expect(notes).toEqual([{ source: 'ecs', message: expect.stringMatching(
      /^the task-definition cache could not be saved, so the next run describes these task definitions again: state: could not write s3:.* \(InternalFailure/) }]);
  });
});

describe('ECS live source with a task-definition cache, on the fixture account', () => {
  it('describes again only INACTIVE revisions and what nothing but a rule or a schedule launches', async () => {
    const emulator = await startAwsEmulator({ account: ecsAccount(), pageSize: 3, quotas: {} });
    emulator.account.s3 = { buckets: { [BUCKET]: {} } };
    const runs: { described: string[]; references: readonly LiveReference[] }[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const made = ecsClients(emulator);
        const recorder = recordDescribes(made.ecs);
        const cache = new S3TaskDefinitionCache({ client: stateClient(emulator, REGION, 1), bucket: BUCKET, prefix: PREFIX, region: REGION });
        runs.push({ references: await new EcsLiveSource(made, { cache }).collect({ clusters: ['*'], keepTaskDefinitionRevisions: 3 }), described: recorder.described });
        destroyClients(made);
      }
      const [first, second] = runs as [typeof runs[number], typeof runs[number]];
      expect(sorted(second.references)).toEqual(sorted(first.references));
      expect(first.described.length).toBeGreaterThan(15);
      // legacy:2 is INACTIVE (a running task and a service keep it describable): never cached. nightly:1 is only the
      // target of a schedule, whose run depends on whether ECS can still describe it. Cached, the other 15+ are not asked.
      expect(second.described.sort()).toEqual(['legacy:2', 'nightly:1']);
    } finally {
      await emulator.close();
    }
  });
});
