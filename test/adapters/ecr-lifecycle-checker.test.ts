/**
 * The coexistence check through the real ECRClient against the emulator: whether each chosen repository has a
 * lifecycle policy, the creation templates page by page, and the limits that keep a report from costing the run: the
 * first failure stops the rest, and so does the time limit.
 */
import { DescribeRepositoryCreationTemplatesCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { emptyAccount } from '../../emulator/aws/account';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';
import { EcrLifecyclePolicyChecker } from '../../lambda/adapters/ecr/lifecycle-checker';
import { EcrLifecyclePolicies } from '../../lambda/adapters/ecr/lifecycle-policies';
import { ACCOUNT, ecrClient, REGION, repository } from './ecr-fixtures';

const POLICY = JSON.stringify({ rules: [{ rulePriority: 1, selection: { tagStatus: 'untagged', countType: 'imageCountMoreThan', countNumber: 1 }, action: { type: 'expire' } }] });

describe('the lifecycle-policy checker', () => {
  let emulator: AwsEmulator;
  let ecr: ECRClient;
  const account = emptyAccount(ACCOUNT, REGION);
  const checker = (options: ConstructorParameters<typeof EcrLifecyclePolicyChecker>[1] = {}) => new EcrLifecyclePolicyChecker(new EcrLifecyclePolicies(ecr), options);
  const asks = () => emulator.calls.get('ecr.GetLifecyclePolicy') ?? 0;

  beforeEach(async () => {
    account.ecr.repositories = ['with-policy', 'without-policy', ...Array.from({ length: 12 }, (_, i) => `team/r${String(i).padStart(2, '0')}`)].map((name) => repository(name, []));
    account.ecr.repositories[0]!.lifecyclePolicy = POLICY;
    delete account.ecr.creationTemplates;
    emulator = await startAwsEmulator({ account, pageSize: 5, quotas: {} });
    ecr = ecrClient(emulator, { maxAttempts: 1 });
  });
  afterEach(() => emulator.close());

  it('lists the repositories, and asks those chosen whether they have a policy', async () => {
    let listed: readonly string[] = [];
    const found = await checker().check((names) => {
      listed = names;
      return ['with-policy', 'without-policy'];
    });
    expect(listed).toHaveLength(14);
    expect(found).toEqual({ answers: [{ repository: 'with-policy', hasPolicy: true }, { repository: 'without-policy', hasPolicy: false }], creationTemplates: [] });
  });

  it('stops at the first failure, and says why', async () => {
    emulator.setFaults([{ service: 'ecr', operation: 'GetLifecyclePolicy', kind: 'server-error', rate: 1 }]);
    const stopped = await checker({ concurrency: 1 }).check(() => ['with-policy', 'team/r00', 'team/r01']);
    expect(stopped.answers).toEqual([]);
    expect(stopped.error).toMatch(/^ECR lifecycle policies: could not read the lifecycle policy of with-policy \(GetLifecyclePolicy\)/);
    expect(asks()).toBe(1);
  });

  it('skips a repository deleted since it was listed, and goes on', async () => {
    const found = await checker({ concurrency: 1 }).check(() => ['with-policy', 'gone', 'team/r00']);
    expect(found).toEqual({ answers: [{ repository: 'with-policy', hasPolicy: true }, { repository: 'team/r00', hasPolicy: false }], creationTemplates: [] });
  });

  it('asks no repository past its time limit', async () => {
    let now = 0;
    const clock = () => (now += 1_000); // every look at the clock: one second later
    const found = await checker({ concurrency: 1, timeLimitMs: 4_000, clock }).check((names) => names);
    // Started at 1 s: the repositories looked at 2, 3, 4 and 5 s are asked, the one at 6 s is not.
    expect(found.answers).toHaveLength(4);
    expect(asks()).toBe(4);
    expect(found.error).toBe('the 4 s time limit was reached with 4 of 14 repositories asked');
  });

  it('the emulator refuses prefixes that are not a list of strings (InvalidParameterException), and filters by those that are', async () => {
    account.ecr.creationTemplates = [{ prefix: 'a', appliedFor: ['CREATE_ON_PUSH'] }, { prefix: 'b', appliedFor: ['CREATE_ON_PUSH'] }];
    await expect(ecr.send(new DescribeRepositoryCreationTemplatesCommand({ prefixes: 'a' as unknown as string[] }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    const answer = await ecr.send(new DescribeRepositoryCreationTemplatesCommand({ prefixes: ['b'] }));
    expect(answer.repositoryCreationTemplates?.map((t) => t.prefix)).toEqual(['b']);
  });

  it('reads every repository creation template, page by page, with whether it carries a lifecycle policy', async () => {
    account.ecr.creationTemplates = Array.from({ length: 7 }, (_, i) => ({
      prefix: i === 0 ? 'ROOT' : `team-${i}`, appliedFor: ['PULL_THROUGH_CACHE' as const, 'REPLICATION' as const], ...(i % 2 === 0 ? { lifecyclePolicy: POLICY } : {}),
    }));
    const found = await checker().check(() => []);
    expect(found.error).toBeUndefined();
    expect(found.creationTemplates?.map((t) => [t.prefix, t.hasLifecyclePolicy])).toEqual([
      ['ROOT', true], ['team-1', false], ['team-2', true], ['team-3', false], ['team-4', true], ['team-5', false], ['team-6', true],
    ]);
    expect(found.creationTemplates?.[0]?.appliedFor).toEqual(['PULL_THROUGH_CACHE', 'REPLICATION']);
    expect(emulator.calls.get('ecr.DescribeRepositoryCreationTemplates')).toBe(2); // the emulator's pages hold 5
  });

  it('reports templates that cannot be read, and still asks the repositories', async () => {
    emulator.setFaults([{ service: 'ecr', operation: 'DescribeRepositoryCreationTemplates', kind: 'server-error', rate: 1 }]);
    const found = await checker().check(() => ['with-policy']);
    expect(found.answers).toEqual([{ repository: 'with-policy', hasPolicy: true }]);
    expect(found.creationTemplates).toBeUndefined();
    expect(found.error).toMatch(/^ECR lifecycle policies: could not read the repository creation templates \(DescribeRepositoryCreationTemplates\)/);
  });
});
