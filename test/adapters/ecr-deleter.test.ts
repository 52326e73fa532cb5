/** EcrDeleter and RecordingDeleter against the emulated ECR over HTTP. */
import { EcrDeleter } from '../../lambda/adapters/ecr/deleter';
import { RecordingDeleter } from '../../lambda/adapters/ecr/recording-deleter';
import type { DeletionOutcome } from '../../lambda/core/outcome';
import type { Deletion } from '../../lambda/core/plan';
import { type AccountModel, emptyAccount, type EmuImage, type EmuRepository } from '../../emulator/aws/account';
import type { Fault } from '../../emulator/aws/limits';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';
import { ACCOUNT, beforeSending, digestOf, ecrClient, image, multiArch, REGION, repository } from './ecr-fixtures';

function request(repo: string, img: EmuImage, wave = 0, follows: EmuImage[] = []): Deletion {
  return { region: REGION, repository: repo, digest: img.digest, expectedTags: [...img.tags], wave, follows: follows.map((parent) => ({ repository: repo, digest: parent.digest })), sizeBytes: img.sizeBytes };
}

/** The deleter always performs: it reports what it deleted, skipped and failed. */
function performed(outcome: DeletionOutcome): Extract<DeletionOutcome, { kind: 'performed' }> {
  if (outcome.kind !== 'performed') throw new Error(`expected a performed outcome, got ${outcome.kind}`);
  return outcome;
}

describe('EcrDeleter', () => {
  let emulator: AwsEmulator | undefined;
  afterEach(() => emulator?.close());

  async function start(repositories: EmuRepository[], faults: Fault[] = []): Promise<{ account: AccountModel; deleter: EcrDeleter }> {
    const account = emptyAccount(ACCOUNT, REGION);
    account.ecr.repositories = repositories;
    emulator = await startAwsEmulator({ account, pageSize: 2, quotas: {}, faults });
    return { account, deleter: new EcrDeleter({ ecr: ecrClient(emulator, { maxAttempts: 3 }) }, { repositoryConcurrency: 1 }) };
  }

  const digestsIn = (account: AccountModel, name: string) =>
    account.ecr.repositories.find((r) => r.name === name)?.images.map((i) => i.digest) ?? [];

  it('deletes 250 digests in calls of at most 100, checking tags before each call', async () => {
    const images = Array.from({ length: 250 }, (_, i) => image(`bulk-${i}`, { tags: i % 2 ? [`t${i}`] : [] }));
    const { account, deleter } = await start([repository('bulk', [...images, image('keeper')])]);
    const outcome = performed(await deleter.delete(images.map((img) => request('bulk', img))));
    expect(outcome.deleted).toHaveLength(250);
    expect(outcome.skipped).toEqual([]);
    expect(outcome.failed).toEqual([]);
    expect(digestsIn(account, 'bulk')).toEqual([digestOf('keeper')]);
    expect(emulator?.calls.get('ecr.BatchDeleteImage')).toBe(3);
    expect(emulator?.calls.get('ecr.DescribeImages')).toBe(3);
  });

  it('deletes an index (wave 0) and then its children (wave 1) in separate calls', async () => {
    const [child0, child1, index] = multiArch('app', ['v1'], 2) as [EmuImage, EmuImage, EmuImage];
    const { account, deleter } = await start([repository('app', [child0, child1, index])]);
    const outcome = performed(await deleter.delete([request('app', index, 0), request('app', child0, 1), request('app', child1, 1)]));
    expect(outcome.deleted.map((d) => d.digest)).toEqual([index.digest, child0.digest, child1.digest]);
    expect(digestsIn(account, 'app')).toEqual([]);
    expect(emulator?.calls.get('ecr.BatchDeleteImage')).toBe(2);
  });

  it('records ImageReferencedByManifestList for a child sent in the same wave as its index', async () => {
    const [child0, child1, index] = multiArch('app', ['v1'], 2) as [EmuImage, EmuImage, EmuImage];
    const { account, deleter } = await start([repository('app', [child0, child1, index])]);
    const outcome = performed(await deleter.delete([request('app', index), request('app', child0)]));
    expect(outcome.deleted.map((d) => d.digest)).toEqual([index.digest]);
    expect(outcome.failed).toEqual([{ repository: 'app', digest: child0.digest, sizeBytes: child0.sizeBytes, code: 'ImageReferencedByManifestList', message: 'Requested image referenced by manifest list' }]);
    expect(digestsIn(account, 'app')).toEqual([child0.digest, child1.digest]);
  });

  it('skips a digest whose tags changed since planning, and one that is gone, and deletes the rest', async () => {
    const retagged = image('retagged', { tags: ['old'] });
    const vanished = image('vanished');
    const plain = image('plain', { tags: ['a', 'b'] });
    const { account, deleter } = await start([repository('app', [retagged, vanished, plain])]);
    const requests = [request('app', retagged), request('app', vanished), request('app', plain)];
    retagged.tags.push('prd'); // a deploy promoted it after the plan was made
    const repo = account.ecr.repositories[0] as EmuRepository;
    repo.images = repo.images.filter((i) => i !== vanished);
    plain.tags.reverse(); // same tag set, another order: unchanged
    const outcome = performed(await deleter.delete(requests));
    expect(outcome.skipped).toEqual([
      { repository: 'app', digest: retagged.digest, sizeBytes: retagged.sizeBytes, reason: 'tags changed since planning: planned [old], now [old, prd]' },
      { repository: 'app', digest: vanished.digest, sizeBytes: vanished.sizeBytes, reason: 'no longer in the repository' },
    ]);
    expect(outcome.deleted.map((d) => d.digest)).toEqual([plain.digest]);
    expect(digestsIn(account, 'app')).toEqual([retagged.digest]);
    // One DescribeImages for the chunk failed on the vanished digest; then one per digest.
    expect(emulator?.calls.get('ecr.DescribeImages')).toBe(4);
  });

  it('keeps the signature of an image a deploy re-tagged during the run, and deletes the signature of one it deleted', async () => {
    const promoted = image('promoted', { tags: ['rc'] });
    const dropped = image('dropped', { tags: ['old'] });
    const signatureOf = (subject: EmuImage) => image(`sig-${subject.digest}`, { subjectDigest: subject.digest, artifactMediaType: 'application/vnd.dev.cosign.artifact.sig.v1+json' });
    const [promotedSignature, droppedSignature] = [signatureOf(promoted), signatureOf(dropped)];
    const { account, deleter } = await start([repository('app', [promoted, dropped, promotedSignature, droppedSignature])]);
    const requests = [request('app', promoted), request('app', dropped), request('app', promotedSignature, 1, [promoted]), request('app', droppedSignature, 1, [dropped])];
    promoted.tags.push('prd'); // promoted after the plan was made: it stays, so must its signature
    const outcome = performed(await deleter.delete(requests));
    expect(outcome.skipped).toEqual([
      { repository: 'app', digest: promoted.digest, sizeBytes: promoted.sizeBytes, reason: 'tags changed since planning: planned [rc], now [rc, prd]' },
      { repository: 'app', digest: promotedSignature.digest, sizeBytes: promotedSignature.sizeBytes, reason: `its parent ${promoted.digest} was not deleted` },
    ]);
    expect(digestsIn(account, 'app').sort()).toEqual([promoted.digest, promotedSignature.digest].sort());
  });

  it('keeps a signature stored in another repository while the image it signs stays, and deletes it after one that went', async () => {
    const promoted = image('promoted', { tags: ['rc'] });
    const dropped = image('dropped', { tags: ['old'] });
    const promotedSignature = image('promoted-sig', { tags: [`sha256-${promoted.digest.slice(7)}.sig`] });
    const droppedSignature = image('dropped-sig', { tags: [`sha256-${dropped.digest.slice(7)}.sig`] });
    const { account, deleter } = await start([repository('app', [promoted, dropped]), repository('signatures', [promotedSignature, droppedSignature])]);
    const follows = (img: EmuImage) => ({ ...request('signatures', img === promoted ? promotedSignature : droppedSignature, 1), follows: [{ repository: 'app', digest: img.digest }] });
    const deletions = [request('app', promoted), request('app', dropped), follows(promoted), follows(dropped)];
    promoted.tags.push('prd'); // promoted after the plan was made: it stays, so must its signature
    const outcome = performed(await deleter.delete(deletions));
    expect(outcome.deleted.map((d) => `${d.repository}@${d.digest}`)).toEqual([`app@${dropped.digest}`, `signatures@${droppedSignature.digest}`]);
    expect(outcome.skipped.map((s) => s.reason)).toEqual(['tags changed since planning: planned [rc], now [rc, prd]', `its parent app@${promoted.digest} was not deleted`]);
    expect(digestsIn(account, 'signatures')).toEqual([promotedSignature.digest]);
  });

  it('keeps the referrers of a digest whose deletion failed', async () => {
    const [member, index] = multiArch('still-listed', ['v1'], 1) as [EmuImage, EmuImage];
    const sbom = image('sbom', { subjectDigest: member.digest, artifactMediaType: 'application/spdx+json' });
    const { account, deleter } = await start([repository('app', [member, index, sbom])]);
    // ECR refuses the member while the index lists it; its SBOM, which ECR would let go, must stay with it.
    const outcome = performed(await deleter.delete([request('app', member), request('app', sbom, 1, [member])]));
    expect(outcome.failed.map((f) => [f.digest, f.code])).toEqual([[member.digest, 'ImageReferencedByManifestList']]);
    expect(outcome.skipped).toEqual([{ repository: 'app', digest: sbom.digest, sizeBytes: sbom.sizeBytes, reason: `its parent ${member.digest} was not deleted` }]);
    expect(digestsIn(account, 'app')).toContain(sbom.digest);
  });

  it('skips a digest archived since planning: archived images are never deleted', async () => {
    const archived = image('archived', { tags: ['old'] });
    const { account, deleter } = await start([repository('app', [archived])]);
    archived.status = 'ARCHIVED';
    const outcome = performed(await deleter.delete([request('app', archived)]));
    expect(outcome.skipped.map((s) => s.digest)).toEqual([archived.digest]);
    expect(digestsIn(account, 'app')).toEqual([archived.digest]);
    expect(emulator?.calls.get('ecr.BatchDeleteImage')).toBeUndefined();
  });

  it('records per-item failures and keeps going', async () => {
    const referenced = multiArch('kept', ['v1'], 1);
    const plain = image('plain');
    const { deleter } = await start([repository('app', [...referenced, plain])]);
    const outcome = performed(await deleter.delete([request('app', referenced[0] as EmuImage), request('app', plain)]));
    expect(outcome.failed.map((f) => [f.digest, f.code])).toEqual([[referenced[0]?.digest, 'ImageReferencedByManifestList']]);
    expect(outcome.deleted.map((d) => d.digest)).toEqual([plain.digest]);
  });

  it.each([
    ['deleted though unanswered: DescribeImages no longer shows it', true, 'deleted'],
    ['failed when DescribeImages still shows it', false, 'failed'],
  ])('records a digest BatchDeleteImage left out of its answer as %s', async (_case, deleteThem, expected) => {
    const lost = image('lost');
    const plain = image('plain');
    const { account, deleter } = await start([repository('app', [lost, plain])]);
    account.ecr.faults = { dropFromBatchDeleteAnswer: { digests: [lost.digest], deleteThem } };
    const outcome = performed(await deleter.delete([request('app', lost), request('app', plain)]));
    if (expected === 'deleted') {
      expect(outcome.deleted.map((d) => d.digest)).toEqual([lost.digest, plain.digest]);
      expect(outcome.failed).toEqual([]);
    } else {
      expect(outcome.deleted.map((d) => d.digest)).toEqual([plain.digest]);
      expect(outcome.failed).toEqual([expect.objectContaining({ digest: lost.digest, code: 'Unconfirmed', message: expect.stringMatching(/still shows it/) })]);
    }
  });

  it('records an unanswered digest as failed, with the cause, when DescribeImages cannot tell whether it is gone', async () => {
    const lost = image('lost');
    const { account } = await start([repository('app', [lost])]);
    account.ecr.faults = { dropFromBatchDeleteAnswer: { digests: [lost.digest], deleteThem: true } };
    const ecr = ecrClient(emulator as AwsEmulator, { maxAttempts: 3 });
    const deleter = new EcrDeleter({ ecr });
    // The re-read before the call succeeds; every DescribeImages after BatchDeleteImage fails (3 attempts each).
    let deleteSent = false;
    beforeSending(ecr, 'BatchDeleteImageCommand', () => { deleteSent = true; });
    beforeSending(ecr, 'DescribeImagesCommand', () => { if (deleteSent) emulator?.setFaults([{ service: 'ecr', operation: 'DescribeImages', kind: 'server-error', rate: 1 }]); });
    const outcome = performed(await deleter.delete([request('app', lost)]));
    expect(outcome.deleted).toEqual([]);
    expect(outcome.failed).toEqual([expect.objectContaining({ digest: lost.digest, code: 'Unconfirmed', message: expect.stringMatching(/could not tell whether it is gone \(InternalFailure/) })]);
  });

  it('records a call that fails after retries for each of its digests, then carries on with the next repository', async () => {
    const a = Array.from({ length: 150 }, (_, i) => image(`a-${i}`));
    const b = [image('b-0'), image('b-1')];
    // Exactly the 3 attempts of the first BatchDeleteImage call fail.
    const { account, deleter } = await start([repository('a', [...a]), repository('b', [...b])],
      [{ service: 'ecr', operation: 'BatchDeleteImage', kind: 'server-error', rate: 1, remaining: 3 }]);
    const outcome = performed(await deleter.delete([...a.map((img) => request('a', img)), ...b.map((img) => request('b', img))]));
    expect(outcome.failed).toHaveLength(100);
    expect(outcome.failed[0]).toMatchObject({ repository: 'a', code: 'InternalFailure' });
    expect(outcome.skipped).toHaveLength(50);
    expect(outcome.skipped[0]?.reason).toMatch(/^not attempted: an earlier call on repository a failed/);
    expect(outcome.deleted.map((d) => d.repository)).toEqual(['b', 'b']);
    expect(digestsIn(account, 'a')).toHaveLength(150);
  });

  it('reports outcomes in request order across repositories worked on concurrently', async () => {
    const x = [image('x-0'), image('x-1')];
    const y = [image('y-0'), image('y-1')];
    const account = emptyAccount(ACCOUNT, REGION);
    account.ecr.repositories = [repository('x', [...x]), repository('y', [...y])];
    emulator = await startAwsEmulator({ account, pageSize: 2, quotas: {}, latencyMs: 5 });
    const deleter = new EcrDeleter({ ecr: ecrClient(emulator) }, { repositoryConcurrency: 2 });
    const requests = [request('x', x[0] as EmuImage), request('y', y[0] as EmuImage), request('x', x[1] as EmuImage), request('y', y[1] as EmuImage)];
    const outcome = performed(await deleter.delete(requests));
    expect(outcome.deleted).toEqual(requests);
    expect(emulator.calls.get('ecr.BatchDeleteImage')).toBe(2);
  });
});

describe('RecordingDeleter', () => {
  it('says what it would delete, and deletes nothing (it holds no client, so it cannot call ECR)', async () => {
    const deletions = [request('app', image('one'), 0), request('app', image('two'), 1)];
    expect(await new RecordingDeleter().delete(deletions)).toEqual({ kind: 'recorded', wouldDelete: deletions });
  });
});
