/**
 * The incidents the product was born from (../shared/seeds), each with the ECR lifecycle rule that loses the image,
 * and the reason ecr-retention keeps it.
 */
import type { Decision } from '../../lambda/core/plan';
import type { RegionState } from '../../lambda/core/collected';
import { plan } from '../../lambda/core/planner';
import { nextState, TagClock } from '../../lambda/core/state';
import { DAY, NOW, digestOf, image, inventory, live, policy } from '../support/core-builders';

const GRACE = DAY;

function decide(images: ReturnType<typeof image>[], policies: ReturnType<typeof policy>[], liveSet: ReturnType<typeof live>[] = []) {
  const result = plan({ inventory: inventory(images), live: liveSet, policies, gracePeriodMs: GRACE, now: NOW });
  return (digest: string): Decision => result.decisions.find((d) => d.image.digest === digest) as Decision;
}

/** The state a first run leaves: every tag dated by its image's push. */
function stateAfter(images: ReturnType<typeof image>[], now: number): RegionState {
  const listed = inventory(images);
  return nextState({ previous: undefined, inventory: listed, plan: plan({ inventory: listed, live: [], policies: [], gracePeriodMs: GRACE, now }), journal: [], now });
}

describe('seed incidents', () => {
  it('S1: an in-use image outside "keep newest N" is kept for being live', () => {
    // ECR: {"selection":{"tagStatus":"tagged","tagPrefixList":["git"],"countType":"imageCountMoreThan","countNumber":3},
    //       "action":{"type":"expire"}} expires the 4th newest build even though ECS still runs it
    //       (CannotPullContainerError at the next scale-out).
    const builds = Array.from({ length: 6 }, (_, i) => image({ digest: digestOf(`s1-${i}`), tags: [`git-${i}abcdef0`], pushedAt: NOW - (5 + i) * DAY }));
    const running = builds[4]!;
    const decision = decide(builds, [policy({ lineages: [{ name: 'mainline', tags: 'git-[0-9a-f]{8}', keep: { newest: 3 } }] })],
      [live('app', running.digest, 'ecs cluster/prod service/api deployment/ecs-svc/42')])(running.digest);
    expect(decision.action).toBe('keep');
    expect(decision.reasons).toContainEqual({ code: 'live', verdict: 'keep', locations: ['ecs cluster/prod service/api deployment/ecs-svc/42'] });
    expect(decision.reasons).toContainEqual(expect.objectContaining({ code: 'lineage', verdict: 'expire', rank: 5 }));
  });

  it('S2: a re-tagged rollback target with an old push date ranks by its newest version, not its push date', () => {
    // ECR: {"selection":{"tagStatus":"tagged","tagPrefixList":["tag"],"countType":"imageCountMoreThan","countNumber":5},
    //       "description":"Keep last 5 production images"} ranks by push time, so the digest tagged tag-1-252-0 and
    //       tag-1-253-0 (pushed before tag-1-251-0's digest) expired first and the rollback had nothing to roll back to.
    const retagged = image({ digest: digestOf('s2-target'), tags: ['git-325dc21f', 'git-684254dd', 'tag-1-252-0', 'tag-1-253-0'], pushedAt: NOW - 40 * DAY });
    const others = [251, 250, 249, 254, 255, 256].map((minor, i) =>
      image({ digest: digestOf(`s2-${minor}`), tags: [`tag-1-${minor}-0`], pushedAt: NOW - (minor < 253 ? 30 - i : 20 - i) * DAY }));
    const releases = policy({ lineages: [{ name: 'releases', tags: 'tag-(?<major>\\d+)-(?<minor>\\d+)-(?<patch>\\d+)', orderBy: 'version', keep: { newest: 5 } }] });
    const decisionOf = decide([retagged, ...others], [releases]);
    expect(decisionOf(retagged.digest).action).toBe('keep');
    expect(decisionOf(retagged.digest).reasons).toContainEqual(expect.objectContaining({ code: 'lineage', verdict: 'keep', rank: 4, by: ['newest'] }));
    expect(decisionOf(digestOf('s2-249')).action).toBe('delete');
  });

  it('S2 with promotion tags that are not version-shaped (prd-<sha>): orderBy taggedAt ranks by when the tag was put on the digest', () => {
    // The same rollback, promoted by re-tagging an old digest `prd-<sha>`: no version to order by, and ECR keeps no
    // tag time (aws/containers-roadmap #2746, #214). The state remembers when each tag was first seen on its digest.
    const target = image({ digest: digestOf('s2b-target'), tags: ['prd-325dc21f'], pushedAt: NOW - 40 * DAY });
    const others = [1, 2, 3, 4, 5].map((i) => image({ digest: digestOf(`s2b-${i}`), tags: [`prd-${i}0aa${i}0bb`], pushedAt: NOW - (20 - i) * DAY }));
    const production = policy({ lineages: [{ name: 'production', tags: 'prd-[0-9a-f]{8}', orderBy: 'taggedAt', keep: { newest: 5 } }] });
    const firstRun = stateAfter([target, ...others], NOW - 2 * DAY);
    const rolledBack = { ...target, tags: ['prd-325dc21f', 'prd-684254dd'] };
    const memory = { tags: new TagClock(firstRun, NOW), candidates: new Map<string, number>(), deletionDelayMs: 0 };
    const result = plan({ inventory: inventory([rolledBack, ...others]), live: [], policies: [production], gracePeriodMs: GRACE, now: NOW, memory });
    const decisionOf = (digest: string) => result.decisions.find((d) => d.image.digest === digest) as Decision;
    expect(decisionOf(target.digest)).toMatchObject({ action: 'keep', reasons: [expect.objectContaining({ code: 'lineage', verdict: 'keep', rank: 1 })] });
    expect(decisionOf(digestOf('s2b-1')).action).toBe('delete');
  });

  it('S3: "latest" on an old digest under a count rule is kept by protect', () => {
    // ECR: {"selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":3},"action":{"type":"expire"}}
    //       counts the digest carrying `latest` like any other and expires it once three newer pushes exist.
    const latest = image({ digest: digestOf('s3-latest'), tags: ['git-0000aaaa', 'latest'], pushedAt: NOW - 90 * DAY });
    const newer = [1, 2, 3, 4].map((i) => image({ digest: digestOf(`s3-${i}`), tags: [`git-${i}000bbbb`], pushedAt: NOW - i * 2 * DAY }));
    const decision = decide([latest, ...newer], [policy({ protect: ['latest', 'prd'], lineages: [{ name: 'mainline', tags: 'git-[0-9a-f]{8}', keep: { newest: 3 } }] })])(latest.digest);
    expect(decision.action).toBe('keep');
    expect(decision.reasons).toContainEqual({ code: 'protected', verdict: 'keep', tag: 'latest', pattern: 'latest' });
  });

  it('S4: keep-1-untagged does not strip the platform manifests of a kept multi-arch index', () => {
    // ECR: {"selection":{"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}
    //       sees the index's per-platform children as untagged images and expires all but one: the tag still resolves
    //       but `docker pull` fails for the other platforms.
    const amd64 = image({ digest: digestOf('s4-amd64'), pushedAt: NOW - 10 * DAY });
    const arm64 = image({ digest: digestOf('s4-arm64'), pushedAt: NOW - 10 * DAY });
    const index = image({ digest: digestOf('s4-index'), tags: ['git-4444aaaa'], pushedAt: NOW - 10 * DAY, childDigests: [amd64.digest, arm64.digest], manifestMediaType: 'application/vnd.oci.image.index.v1+json' });
    const strays = [1, 2, 3].map((i) => image({ digest: digestOf(`s4-stray-${i}`), pushedAt: NOW - (10 + i) * DAY }));
    const decisionOf = decide([index, amd64, arm64, ...strays], [policy({
      lineages: [{ name: 'mainline', tags: 'git-[0-9a-f]{8}', keep: { newest: 5 } }],
      untagged: { kind: 'keep-if', keep: { newest: 1 } },
    })]);
    for (const child of [amd64, arm64]) {
      expect(decisionOf(child.digest).action).toBe('keep');
      expect(decisionOf(child.digest).reasons).toContainEqual({ code: 'closure', verdict: 'keep', relation: 'child', parent: index.digest });
    }
    expect(strays.map((s) => decisionOf(s.digest).action)).toEqual(['keep', 'delete', 'delete']);
  });
});
