/**
 * ECR lifecycle policies through the real ECRClient: the emulated API (Get/Put/Delete, the preview), and the
 * adapter that reads each repository's policy (none on LifecyclePolicyNotFoundException, bounded concurrency, every
 * other error typed).
 */
import {
  DeleteLifecyclePolicyCommand,
  GetLifecyclePolicyCommand,
  GetLifecyclePolicyPreviewCommand,
  PutLifecyclePolicyCommand,
  StartLifecyclePolicyPreviewCommand,
  type ECRClient,
} from '@aws-sdk/client-ecr';
import { emptyAccount } from '../../emulator/aws/account';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';
import { EcrLifecyclePolicies, LifecyclePolicyReadError } from '../../lambda/adapters/ecr/lifecycle-policies';
import { ACCOUNT, digestOf, ecrClient, image, REGION, repository } from './ecr-fixtures';

const DAY = 86_400_000;
const KEEP_ONE_UNTAGGED = JSON.stringify({ rules: [{ rulePriority: 1, description: 'Keep only one untagged image, expire all others', selection: { tagStatus: 'untagged', countType: 'imageCountMoreThan', countNumber: 1 }, action: { type: 'expire' } }] });

describe('emulated ECR lifecycle policies and the policy reader', () => {
  let emulator: AwsEmulator;
  let ecr: ECRClient;
  const account = emptyAccount(ACCOUNT, REGION);

  beforeEach(async () => {
    const now = Date.now();
    account.ecr.repositories = [
      repository('with-policy', [image('u1', { pushedAt: now - 3 * DAY }), image('u2', { pushedAt: now - 2 * DAY }), image('u3', { pushedAt: now - DAY }), image('t', { tags: ['v1'] })]),
      repository('without-policy', []),
      ...Array.from({ length: 12 }, (_, i) => repository(`team/r${String(i).padStart(2, '0')}`, [])),
    ];
    account.ecr.repositories[0]!.lifecyclePolicy = KEEP_ONE_UNTAGGED;
    emulator = await startAwsEmulator({ account, pageSize: 5, quotas: {} });
    ecr = ecrClient(emulator, { maxAttempts: 1 });
  });
  afterEach(() => emulator.close());

  it('GetLifecyclePolicy answers the stored text, and LifecyclePolicyNotFoundException when there is none', async () => {
    const found = await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: 'with-policy' }));
    expect(found).toMatchObject({ registryId: ACCOUNT, repositoryName: 'with-policy', lifecyclePolicyText: KEEP_ONE_UNTAGGED });
    await expect(ecr.send(new GetLifecyclePolicyCommand({ repositoryName: 'without-policy' }))).rejects.toMatchObject({ name: 'LifecyclePolicyNotFoundException' });
  });

  it('PutLifecyclePolicy stores a valid policy, refuses an invalid one (InvalidParameterException); DeleteLifecyclePolicy removes it', async () => {
    await ecr.send(new PutLifecyclePolicyCommand({ repositoryName: 'without-policy', lifecyclePolicyText: KEEP_ONE_UNTAGGED }));
    expect(account.ecr.repositories[1]?.lifecyclePolicy).toBe(KEEP_ONE_UNTAGGED);
    const twoAny = KEEP_ONE_UNTAGGED.replace('"untagged"', '"any"').replace('"rules":[', '"rules":[{"rulePriority":2,"selection":{"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":3},"action":{"type":"expire"}},');
    await expect(ecr.send(new PutLifecyclePolicyCommand({ repositoryName: 'without-policy', lifecyclePolicyText: twoAny }))).rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('tagStatus any must have the highest rulePriority') });
    const deleted = await ecr.send(new DeleteLifecyclePolicyCommand({ repositoryName: 'without-policy' }));
    expect(deleted.lifecyclePolicyText).toBe(KEEP_ONE_UNTAGGED);
    await expect(ecr.send(new DeleteLifecyclePolicyCommand({ repositoryName: 'without-policy' }))).rejects.toMatchObject({ name: 'LifecyclePolicyNotFoundException' });
  });

  it('the preview starts IN_PROGRESS and is then COMPLETE: what each rule acts on, with the summary', async () => {
    await expect(ecr.send(new GetLifecyclePolicyPreviewCommand({ repositoryName: 'with-policy' }))).rejects.toMatchObject({ name: 'LifecyclePolicyPreviewNotFoundException' });
    expect((await ecr.send(new StartLifecyclePolicyPreviewCommand({ repositoryName: 'with-policy' }))).status).toBe('IN_PROGRESS');
    const preview = await ecr.send(new GetLifecyclePolicyPreviewCommand({ repositoryName: 'with-policy' }));
    expect(preview.status).toBe('COMPLETE');
    expect(preview.previewResults?.map((r) => [r.imageDigest, r.appliedRulePriority, r.action?.type, r.storageClass])).toEqual([
      [digestOf('u1'), 1, 'EXPIRE', 'STANDARD'], [digestOf('u2'), 1, 'EXPIRE', 'STANDARD'],
    ]);
    expect(preview.summary?.expiringImageTotalCount).toBe(2);
    await expect(ecr.send(new StartLifecyclePolicyPreviewCommand({ repositoryName: 'without-policy' }))).rejects.toMatchObject({ name: 'LifecyclePolicyNotFoundException' });
  });

  it('the reader: the text of each repository, undefined for none, in the order asked, at most `concurrency` calls at once', async () => {
    let inFlight = 0;
    let most = 0;
    ecr.middlewareStack.add((next) => async (args) => {
      most = Math.max(most, ++inFlight);
      try {
        return await next(args);
      } finally {
        inFlight--;
      }
    }, { step: 'initialize' });
    const reader = new EcrLifecyclePolicies(ecr, { concurrency: 3 });
    const names = await reader.repositoryNames();
    expect(names).toHaveLength(14);
    const policies = await reader.read(names);
    expect(policies.find((p) => p.repository === 'with-policy')?.text).toBe(KEEP_ONE_UNTAGGED);
    expect(policies.filter((p) => p.text === undefined)).toHaveLength(13);
    expect(policies.map((p) => p.repository)).toEqual(names);
    expect(most).toBeLessThanOrEqual(3);
  });

  it('the reader: any other error fails the read, typed, naming the repository and the cause', async () => {
    const reader = new EcrLifecyclePolicies(ecr);
    const failure = reader.read(['with-policy', 'gone']);
    await expect(failure).rejects.toBeInstanceOf(LifecyclePolicyReadError);
    await expect(failure).rejects.toThrow(/could not read the lifecycle policy of gone \(GetLifecyclePolicy\) \(RepositoryNotFoundException: /);
  });

  it('GetLifecyclePolicyPreview refuses a tagStatus outside the TagStatus enum before looking anything up', async () => {
    await expect(ecr.send(new GetLifecyclePolicyPreviewCommand({ repositoryName: 'without-policy', filter: { tagStatus: 'SOME' as 'ANY' } })))
      .rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('filter.tagStatus') });
  });
});
