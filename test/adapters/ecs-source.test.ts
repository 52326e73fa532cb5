import type { LiveReference } from '../../lambda/core/model';
import type { LiveSettings } from '../../lambda/core/policy';
import { LiveSourceError } from '../../lambda/adapters/common/errors';
import { EcsLiveSource } from '../../lambda/adapters/ecs/source';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';
import {
  destroyClients, digestOf, ecsAccount, ecsClients, PINNED_TAG_NOW, REGISTRY,
} from './ecs-fixture';

const settings = (clusters: string[], keep = 3): LiveSettings =>
  ({ ecs: { clusters, keepTaskDefinitionRevisions: keep }, lambda: false, batch: false });

describe('ECS live source', () => {
  let emulator: AwsEmulator;
  /** Every cluster, newest 3 revisions: what most cases look into. */
  let everything: readonly LiveReference[];
  beforeAll(async () => {
    emulator = await startAwsEmulator({ account: ecsAccount(), pageSize: 2, quotas: {} });
    everything = await collect(settings(['*']));
  });
  afterAll(() => emulator.close());

  async function collect(live: LiveSettings): Promise<readonly LiveReference[]> {
    const clients = ecsClients(emulator);
    try {
      return await new EcsLiveSource(clients).collect(live.ecs ?? { clusters: [], keepTaskDefinitionRevisions: 1 });
    } finally {
      destroyClients(clients);
    }
  }
  const find = (references: readonly LiveReference[], location: string) => references.filter((r) => r.location === location);


  it.each([
    ['a running task, with the digest it pulled', 'ecs cluster/prod task/task1 container/app', `${REGISTRY}/web:v8`, digestOf('task1')],
    ['a task container from another registry', 'ecs cluster/batch task/job1 container/sidecar', 'public.ecr.aws/x/y:1', undefined],
    ['the PRIMARY deployment', 'ecs cluster/prod service/web deployment/ecs-svc/web-8 task-definition/web:8 container/app', `${REGISTRY}/web:v8`, undefined],
    ['an ACTIVE deployment still being replaced', 'ecs cluster/prod service/web deployment/ecs-svc/web-7 task-definition/web:7 container/app', `${REGISTRY}/web:v7`, undefined],
    ['a task set', 'ecs cluster/prod service/canary taskSet/ts-blue task-definition/web-api:1 container/app', `${REGISTRY}/web-api:v1`, undefined],
    ['an INACTIVE task definition a service still runs', 'ecs cluster/batch service/legacy-svc deployment/ecs-svc/legacy task-definition/legacy:2 container/app', `${REGISTRY}/legacy:v2`, undefined],
    ['a current service revision', 'ecs cluster/prod service/web revision/r8 container/app (current; target of deployment/d2)', `${REGISTRY}/web:v8`, digestOf('web-r8')],
    ['a deployment target that is also a rollback source', 'ecs cluster/prod service/web revision/r7 container/app (current; rollback source of deployment/d2; target of deployment/d1)', `${REGISTRY}/web:v7`, digestOf('web-r7')],
    ['the target of an old deployment', 'ecs cluster/prod service/web revision/r4 container/app (target of deployment/d0)', `${REGISTRY}/web:v4`, digestOf('web-r4')],
    ['a newest ACTIVE revision of a family', 'ecs task-definition/web:5 (newest 3) container/app', `${REGISTRY}/web:v5`, undefined],
    ['an EventBridge rule on the default bus', 'events rule/default/report-daily task-definition/report:1 container/app', `${REGISTRY}/report:v1`, undefined],
    ['an EventBridge rule on a custom bus', 'events rule/ops/ops-cleanup task-definition/worker:1 container/app', `${REGISTRY}/worker:v1`, undefined],
    ['a disabled schedule', 'scheduler schedule/jobs/nightly-old task-definition/nightly:1 container/app', `${REGISTRY}/nightly:v1`, undefined],
    ['a universal ecs:runTask schedule', 'scheduler schedule/jobs/cron task-definition/cron:1 container/app', `${REGISTRY}/cron:v1`, undefined],
    ['a current daemon revision, with the digest it recorded', 'ecs cluster/batch daemon/monitor revision/300 container/agent', `${REGISTRY}/monitor:v3`, digestOf('monitor-300')],
    ['the other current revision of a daemon mid-deployment', 'ecs cluster/batch daemon/monitor revision/200 container/agent', `${REGISTRY}/monitor:v2`, digestOf('monitor-200')],
    ['a daemon being deleted', 'ecs cluster/batch daemon/logs revision/7 container/agent', `${REGISTRY}/monitor:v3`, digestOf('logs-7')],
    ["a daemon revision's task definition", 'ecs cluster/batch daemon/monitor revision/200 daemon-task-definition/monitor-agent:2 container/agent', `${REGISTRY}/monitor:v2`, undefined],
    ['a daemon sidecar from another registry', 'ecs cluster/batch daemon/logs revision/7 daemon-task-definition/monitor-agent:3 container/shipper', 'public.ecr.aws/s/ship:1', undefined],
  ])('yields %s with its location', (_kind, location, image, digest) => {
    const references = find(everything, location);
    expect(references).toEqual([{ source: 'ecs', location, image, ...(digest ? { digest } : {}) }]);
  });

  it('yields the digest version consistency pinned, not the one the tag points to now', () => {
    const pinned = everything.filter((r) => r.image === `${REGISTRY}/pinned:prd`);
    expect(pinned.map((r) => r.digest)).toEqual([digestOf('pinned-p1')]);
    expect(PINNED_TAG_NOW).not.toBe(digestOf('pinned-p1'));
  });

  it("yields a rollback source revision's digest, naming every deployment it could be rolled back to by", () => {
    const [source] = everything.filter((r) => r.location.includes('revision/r5'));
    expect(source?.digest).toBe(digestOf('web-r5'));
    expect(source?.location).toBe('ecs cluster/prod service/web revision/r5 container/app '
      + '(rollback source of deployment/d1; rollback source of deployment/d0; rolled back to by deployment/d0)');
  });

  it.each([
    [1, ['web:8', 'web-api:4', 'nightly:4', 'worker:2']],
    [3, ['web:8', 'web:7', 'web:5', 'web-api:4', 'web-api:3', 'web-api:2', 'nightly:4', 'nightly:3', 'nightly:2', 'worker:2', 'worker:1']],
    [10, ['web:8', 'web:7', 'web:5', 'web:4', 'web:2', 'web:1', 'web-api:4', 'web-api:3', 'web-api:2', 'web-api:1',
      'nightly:4', 'nightly:3', 'nightly:2', 'nightly:1', 'worker:2', 'worker:1']],
  ])('keeps exactly the newest %i ACTIVE revisions of each family, skipping INACTIVE ones and prefix look-alikes', async (keep, expected) => {
    const catalogue = (await collect(settings(['empty'], keep)))
      .flatMap((r) => /^ecs task-definition\/(\S+) \(newest \d+\)/.exec(r.location)?.[1] ?? [])
      .filter((revision) => /^(web|web-api|nightly|worker):/.test(revision));
    expect(catalogue.sort()).toEqual([...expected].sort());
  });

  it('lists no family at all when no revision is to be kept', async () => {
    const references = await collect(settings(['empty'], 0));
    expect(references.filter((r) => r.location.includes('(newest'))).toEqual([]);
  });

  it.each([
    ['a scheduler schedule', 'scheduler schedule/default/nightly', 'nightly:4'],
    ['an EventBridge target', 'events rule/ops/ops-cleanup', 'worker:2'],
  ])('resolves a revision-less task definition of %s to the latest ACTIVE revision', async (_kind, where, revision) => {
    for (const keep of [0, 3]) {
      const references = (await collect(settings(['empty'], keep))).filter((r) => r.location.startsWith(`${where} `));
      expect(references.map((r) => r.location)).toContain(`${where} task-definition/${revision} container/app`);
    }
  });

  it('reads only the clusters it is given by name', async () => {
    const references = await collect(settings(['batch']));
    expect(references.some((r) => r.location.startsWith('ecs cluster/batch '))).toBe(true);
    expect(references.some((r) => r.location.startsWith('ecs cluster/prod '))).toBe(false);
  });

  it('ignores daemon revisions that are no longer current', () => {
    expect(everything.some((r) => r.location.includes('revision/100') || r.image === `${REGISTRY}/monitor:v1`)).toBe(false);
  });

  it('ignores stopped tasks', () => {
    expect(everything.some((r) => r.digest === digestOf('stopped'))).toBe(false);
  });

  it('fails, naming it, when a named cluster does not exist', async () => {
    const failure = collect(settings(['prod', 'prdo']));
    await expect(failure).rejects.toBeInstanceOf(LiveSourceError);
    await expect(failure).rejects.toMatchObject({ source: 'ecs', what: 'cluster prdo' });
  });
});
