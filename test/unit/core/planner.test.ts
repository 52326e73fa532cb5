import type { Decision, Plan } from '../../../lambda/core/plan';
import { plan } from '../../../lambda/core/planner';
import type { ImageRecord, LiveDigest } from '../../../lambda/core/model';
import type { Policy } from '../../../lambda/core/policy';
import { DAY, HOUR, NOW, digestOf, image, inventory, live, policy } from '../../support/core-builders';

const GRACE = DAY;

function run(images: ImageRecord[], policies: Policy[], liveSet: LiveDigest[] = []): Plan {
  return plan({ inventory: inventory(images), live: liveSet, policies, gracePeriodMs: GRACE, now: NOW });
}

function decisionOf(result: Plan, digest: string): Decision {
  const decision = result.decisions.find((d) => d.image.digest === digest);
  if (!decision) throw new Error(`no decision for ${digest}`);
  return decision;
}

const codes = (decision: Decision) => decision.reasons.map((r) => `${r.code}:${r.verdict}`);

/** Five git builds pushed a day apart, newest first: git-0 is the newest. */
const builds = Array.from({ length: 5 }, (_, i) => image({ digest: digestOf(`b${i}`), tags: [`git-${i}0000000`], pushedAt: NOW - (10 + i) * DAY }));
const keepNewest2 = policy({ lineages: [{ name: 'mainline', tags: 'git-[0-9a-f]{8}', keep: { newest: 2 } }] });

describe('the deletion rule', () => {
  it.each([
    ['rank 1 is kept by newest', 0, 'keep'],
    ['rank 2 is kept by newest', 1, 'keep'],
    ['rank 3 is expired', 2, 'delete'],
    ['rank 5 is expired', 4, 'delete'],
  ])('lineage newest 2: %s', (_name, index, action) => {
    const result = run(builds, [keepNewest2]);
    expect(decisionOf(result, digestOf(`b${index}`)).action).toBe(action);
  });

  it('1. a live digest outside the newest N is kept, for being live', () => {
    const result = run(builds, [keepNewest2], [live('app', digestOf('b4'), 'ecs cluster/prod task/abc container/web')]);
    const decision = decisionOf(result, digestOf('b4'));
    expect(decision.action).toBe('keep');
    expect(decision.reasons).toContainEqual({ code: 'live', verdict: 'keep', locations: ['ecs cluster/prod task/abc container/web'] });
    expect(codes(decision)).toContain('lineage:expire');
  });

  it('1. a live reference in another repository does not keep a digest', () => {
    const result = run(builds, [keepNewest2], [live('other', digestOf('b4'))]);
    expect(decisionOf(result, digestOf('b4')).action).toBe('delete');
  });

  it.each([
    ['an exact protect pattern', ['prd'], 'prd', 'keep'],
    ['a pattern matching only part of the tag (anchored)', ['prd'], 'xprd', 'delete'],
    ['a semver protect pattern', ['v\\d+\\.\\d+\\.\\d+'], 'v1.2.3', 'keep'],
  ])('2. %s', (_name, protect, extraTag, action) => {
    const old = image({ digest: digestOf('old'), tags: ['git-90000000', extraTag], pushedAt: NOW - 90 * DAY });
    const result = run([...builds, old], [policy({ protect, lineages: [{ name: 'mainline', tags: 'git-[0-9a-f]{8}', keep: { newest: 2 } }] })]);
    expect(decisionOf(result, old.digest).action).toBe(action);
  });

  it.each([
    ['pushed inside the grace period', { pushedAt: NOW - 2 * HOUR }, 'keep'],
    ['pulled inside the grace period', { pushedAt: NOW - 90 * DAY, lastPulledAt: NOW - HOUR }, 'keep'],
    ['pushed and pulled before the grace period', { pushedAt: NOW - 90 * DAY, lastPulledAt: NOW - 3 * DAY }, 'delete'],
  ])('3. an image %s', (_name, times, action) => {
    const candidate = image({ digest: digestOf('g'), tags: [], ...times });
    const result = run([candidate], [policy({ untagged: { kind: 'expire' } })]);
    expect(decisionOf(result, candidate.digest).action).toBe(action);
  });

  it('5. several lineages: kept if any one keeps it', () => {
    const both = image({ digest: digestOf('both'), tags: ['git-99999999', 'tag-1-0-0'], pushedAt: NOW - 99 * DAY });
    const result = run([...builds, both], [policy({
      lineages: [
        { name: 'mainline', tags: 'git-[0-9a-f]{8}', keep: { newest: 2 } },
        { name: 'releases', tags: 'tag-(?<major>\\d+)-(?<minor>\\d+)-(?<patch>\\d+)', orderBy: 'version', keep: { newest: 1 } },
      ],
    })]);
    const decision = decisionOf(result, both.digest);
    expect(decision.action).toBe('keep');
    expect(codes(decision)).toEqual(expect.arrayContaining(['lineage:expire', 'lineage:keep']));
  });

  it('5. groupBy keeps the newest N of each captured group', () => {
    const prs = ['a', 'a', 'a', 'b', 'b'].map((branch, i) =>
      image({ digest: digestOf(`pr${i}`), tags: [`pr-${branch}-abcdef${i}`], pushedAt: NOW - (10 + i) * DAY }));
    const result = run(prs, [policy({ lineages: [{ name: 'prs', tags: 'pr-(?<branch>.+)-[0-9a-f]{7}', groupBy: 'branch', keep: { newest: 1 } }] })]);
    expect(prs.map((p) => decisionOf(result, p.digest).action)).toEqual(['keep', 'delete', 'delete', 'keep', 'delete']);
    expect(decisionOf(result, digestOf('pr4')).reasons).toContainEqual(expect.objectContaining({ code: 'lineage', group: 'b', rank: 2, groupSize: 2 }));
  });

  it('5. pushedWithin keeps recent images beyond the newest N', () => {
    const result = run(builds, [policy({ lineages: [{ name: 'mainline', tags: 'git-[0-9a-f]{8}', keep: { newest: 1, pushedWithinMs: 12 * DAY } }] })]);
    expect(builds.map((b) => decisionOf(result, b.digest).action)).toEqual(['keep', 'keep', 'keep', 'delete', 'delete']);
  });

  it('5. orderBy pulledAt ranks never-pulled images last', () => {
    const images = [
      image({ digest: digestOf('p1'), tags: ['git-10000000'], pushedAt: NOW - 5 * DAY }),
      image({ digest: digestOf('p2'), tags: ['git-20000000'], pushedAt: NOW - 50 * DAY, lastPulledAt: NOW - 3 * DAY }),
    ];
    const result = run(images, [policy({ lineages: [{ name: 'm', tags: 'git-[0-9a-f]{8}', orderBy: 'pulledAt', keep: { newest: 1 } }] })]);
    expect(decisionOf(result, digestOf('p2')).action).toBe('keep');
    expect(decisionOf(result, digestOf('p1')).action).toBe('delete');
  });

  it.each([
    ['keep (the default) keeps every untagged image', { kind: 'keep' } as const, ['keep', 'keep', 'keep']],
    ['expire deletes every untagged image', { kind: 'expire' } as const, ['delete', 'delete', 'delete']],
    ['keep newest 1 keeps only the newest', { kind: 'keep-if', keep: { newest: 1 } } as const, ['keep', 'delete', 'delete']],
  ])('5. untagged: %s', (_name, untagged, actions) => {
    const images = [0, 1, 2].map((i) => image({ digest: digestOf(`u${i}`), pushedAt: NOW - (10 + i) * DAY }));
    const result = run(images, [policy({ untagged })]);
    expect(images.map((i) => decisionOf(result, i.digest).action)).toEqual(actions);
  });

  it.each([
    ['keep', 'keep'],
    ['expire', 'delete'],
  ] as const)('5. a tagged image in no lineage with unmatched %s', (unmatched, action) => {
    const odd = image({ digest: digestOf('odd'), tags: ['something-else'] });
    expect(decisionOf(run([odd], [policy({ unmatched })]), odd.digest).action).toBe(action);
  });

  it('archived images are never deleted', () => {
    const archived = image({ digest: digestOf('arch'), status: 'ARCHIVED' });
    const decision = decisionOf(run([archived], [policy({ untagged: { kind: 'expire' } })]), archived.digest);
    expect(decision.action).toBe('keep');
    expect(codes(decision)).toContain('archived:keep');
  });

  it('a repository that no policy governs is never touched', () => {
    const stray = image({ repository: 'stray', digest: digestOf('stray') });
    const result = run([stray], [policy({ repositories: ['app'], untagged: { kind: 'expire' } })]);
    expect(result.decisions).toHaveLength(0);
    expect(result.deletions).toHaveLength(0);
    expect(result.ungovernedRepositories).toEqual(['stray']);
  });

  it('the first policy that governs a repository applies', () => {
    const candidate = image({ digest: digestOf('first') });
    const result = run([candidate], [policy({ name: 'keeper', repositories: ['app'] }), policy({ name: 'expirer', untagged: { kind: 'expire' } })]);
    expect(decisionOf(result, candidate.digest)).toMatchObject({ policy: 'keeper', action: 'keep' });
  });

  it('a decision carries every reason that applies, keep and expire alike', () => {
    const old = image({ digest: digestOf('all'), tags: ['git-90000000', 'prd'], pushedAt: NOW - 90 * DAY, lastPulledAt: NOW - HOUR });
    const result = run([...builds, old], [policy({ protect: ['prd'], lineages: [{ name: 'mainline', tags: 'git-[0-9a-f]{8}', keep: { newest: 2 } }] })], [live('app', old.digest)]);
    expect(codes(decisionOf(result, old.digest)).sort()).toEqual(['in-grace:keep', 'lineage:expire', 'live:keep', 'protected:keep']);
  });
});

describe('attachments: index children and referrers', () => {
  const childA = image({ digest: digestOf('child-a') });
  const childB = image({ digest: digestOf('child-b') });
  const index = image({ digest: digestOf('index'), tags: ['git-abcdef12'], childDigests: [childA.digest, childB.digest], manifestMediaType: 'application/vnd.oci.image.index.v1+json' });
  const signature = image({ digest: digestOf('sig'), subjectDigest: index.digest, artifactMediaType: 'application/vnd.dev.cosign.artifact.sig.v1+json' });
  const cosignTagged = image({ digest: digestOf('cosign'), tags: [`sha256-${index.digest.slice(7)}.sig`] });
  const all = [index, childA, childB, signature, cosignTagged];
  const expireAll = policy({ lineages: [{ name: 'm', tags: 'git-[0-9a-f]{8}', keep: { pushedWithinMs: DAY } }], untagged: { kind: 'expire' }, unmatched: 'expire' });

  it('4. the children and referrers of a kept index are kept, with the parent named', () => {
    const result = run(all, [expireAll], [live('app', index.digest)]);
    for (const attachment of [childA, childB, signature, cosignTagged]) {
      const decision = decisionOf(result, attachment.digest);
      expect(decision.action).toBe('keep');
      expect(decision.reasons).toContainEqual(expect.objectContaining({ code: 'closure', verdict: 'keep', parent: index.digest }));
    }
  });

  it('deleting an index takes its unkept attachments with it, in a later wave', () => {
    const result = run(all, [expireAll]);
    expect(result.deletions.map((d) => [d.digest, d.wave])).toEqual(expect.arrayContaining([
      [index.digest, 0], [childA.digest, 1], [childB.digest, 1], [signature.digest, 1], [cosignTagged.digest, 1],
    ]));
    const position = (digest: string) => result.deletions.findIndex((d) => d.digest === digest);
    expect(position(index.digest)).toBeLessThan(position(childA.digest));
    // Each attachment names the parents it follows out: the deleter keeps it if one of them could not be deleted.
    expect(result.deletions.find((d) => d.digest === signature.digest)?.follows).toEqual([{ repository: 'app', digest: index.digest }]);
    expect(result.deletions.find((d) => d.digest === index.digest)?.follows).toEqual([]);
  });

  it('a live child survives the deletion of its index', () => {
    const result = run(all, [expireAll], [live('app', childA.digest)]);
    expect(decisionOf(result, index.digest).action).toBe('delete');
    expect(decisionOf(result, childA.digest).action).toBe('keep');
    expect(decisionOf(result, childB.digest).action).toBe('delete');
  });

  it('attachments follow their parent even when the untagged default would keep them', () => {
    const result = run(all, [policy({ lineages: [{ name: 'm', tags: 'git-[0-9a-f]{8}', keep: { pushedWithinMs: DAY } }] })]);
    expect(decisionOf(result, childA.digest).action).toBe('delete');
  });
});

describe('referrers whose subject is gone', () => {
  const gone = digestOf('gone-subject');
  const sbom = image({ digest: digestOf('orphan-sbom'), subjectDigest: gone });
  const signature = image({ digest: digestOf('orphan-sig'), tags: [`sha256-${gone.slice(7)}.sig`] });

  it('follow their subject out, even under the keep-everything defaults (a cosign signature: when the journal says so)', () => {
    const journal = [{ repository: 'app', digest: signature.digest, parent: gone }];
    const result = plan({ inventory: inventory([sbom, signature]), live: [], policies: [policy()], gracePeriodMs: GRACE, now: NOW, journal });
    for (const orphan of [sbom, signature]) {
      expect(decisionOf(result, orphan.digest).action).toBe('delete');
      expect(decisionOf(result, orphan.digest).reasons).toContainEqual({ code: 'closure', verdict: 'expire', relation: 'referrer', parent: gone });
    }
  });

  it('keep a cosign signature whose subject this registry never held: it may sign an image of another registry', () => {
    const result = run([signature], [policy()]);
    expect(decisionOf(result, signature.digest)).toMatchObject({ action: 'keep', reasons: [{ code: 'unmatched', verdict: 'keep' }] });
  });

  it('are still kept by a live reference or a protect pattern of their own', () => {
    const result = run([sbom, signature], [policy({ protect: ['sha256-.*'] })], [live('app', sbom.digest)]);
    expect([sbom, signature].map((i) => decisionOf(result, i.digest).action)).toEqual(['keep', 'keep']);
  });

  it('keep a cosign signature whose image lives in another repository, for as long as that image is kept', () => {
    const elsewhere = image({ repository: 'images', digest: gone, tags: ['v1'] });
    const result = run([signature, elsewhere], [policy()]);
    expect(decisionOf(result, signature.digest)).toMatchObject({ action: 'keep', reasons: [{ code: 'closure', verdict: 'keep', relation: 'referrer', parent: gone, parentRepository: 'images' }] });
  });
});

describe('attachments in another repository than their parent (one registry-wide model)', () => {
  // cosign's COSIGN_REPOSITORY keeps signatures in a repository of their own; an OCI referrer may be pushed to one too.
  const subject = image({ repository: 'shop/api', digest: digestOf('api-v1'), tags: ['v1'] });
  const signature = image({ repository: 'signatures', digest: digestOf('api-v1-sig'), tags: [`sha256-${subject.digest.slice(7)}.sig`] });
  const sbom = image({ repository: 'sboms', digest: digestOf('api-v1-sbom'), subjectDigest: subject.digest });
  const expireUnmatched = policy({ unmatched: 'expire', untagged: { kind: 'expire' } });
  const liveSubject = [live('shop/api', subject.digest)];
  const decision = (result: Plan, image: { repository: string; digest: string }) =>
    result.decisions.find((d) => d.repository === image.repository && d.image.digest === image.digest) as Decision;

  it.each([
    ['a cosign signature, under unmatched: expire', signature],
    ['an OCI referrer, under untagged: expire', sbom],
  ])('keeps %s while its subject is kept', (_name, attachment) => {
    const result = run([subject, signature, sbom], [expireUnmatched], liveSubject);
    expect(decision(result, attachment)).toMatchObject({ action: 'keep' });
    expect(decision(result, attachment).reasons).toContainEqual({ code: 'closure', verdict: 'keep', relation: 'referrer', parent: subject.digest, parentRepository: 'shop/api' });
    expect(result.deletions).toEqual([]);
  });

  it('keeps an OCI referrer whose subject lives in another repository even under the keep-everything defaults, and does not count it an orphan', () => {
    const result = run([subject, sbom], [policy()]);
    expect(decision(result, sbom).action).toBe('keep');
  });

  it('deletes them after their subject, in a later wave, following it across repositories', () => {
    const result = run([subject, signature, sbom], [expireUnmatched]);
    expect(result.deletions.map((d) => [d.repository, d.wave])).toEqual([['shop/api', 0], ['sboms', 1], ['signatures', 1]]);
    for (const attachment of [signature, sbom]) {
      expect(result.deletions.find((d) => d.digest === attachment.digest)?.follows).toEqual([{ repository: 'shop/api', digest: subject.digest }]);
    }
    expect(result.attachmentsOfDeletions).toEqual(expect.arrayContaining([
      { region: 'us-east-1', repository: 'signatures', digest: signature.digest, parent: subject.digest },
      { region: 'us-east-1', repository: 'sboms', digest: sbom.digest, parent: subject.digest },
    ]));
  });

  it('keeps them while any repository still holds their subject (a promoted copy)', () => {
    const promoted = image({ repository: 'prod/api', digest: subject.digest, tags: ['prd'] });
    const result = run([subject, promoted, signature, sbom], [policy({ repositories: ['shop/api', 'sboms', 'signatures'], unmatched: 'expire', untagged: { kind: 'expire' } })]);
    expect(result.deletions.map((d) => d.repository)).toEqual(['shop/api']);
    expect(decision(result, signature).reasons).toContainEqual(expect.objectContaining({ code: 'closure', verdict: 'keep', parentRepository: 'prod/api' }));
  });
});

describe('policies that govern nothing', () => {
  const images = [image({ repository: 'team-a/web', digest: digestOf('w') }), image({ repository: 'team-b/api', digest: digestOf('a') })];

  it.each<[string, Policy[], string[]]>([
    ['every policy governs something', [policy({ name: 'a', repositories: ['team-a/web'] }), policy({ name: 'b', repositories: ['team-b/api'] })], []],
    ['a ** policy first takes every repository of a later one', [policy({ name: 'defaults' }), policy({ name: 'team-a', repositories: ['team-a/web'], protect: ['prd'] })], ['team-a']],
    ['a policy matches no repository of the registry', [policy({ name: 'a', repositories: ['team-a/web'] }), policy({ name: 'gone', repositories: ['team-z/old'] })], ['gone']],
  ])('are reported with the plan when %s', (_name, policies, idle) => {
    expect(run(images, policies).idlePolicies.map((p) => p.name)).toEqual(idle);
  });
});
