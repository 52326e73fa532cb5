/**
 * The lifecycle policies users arrive with (shared/seeds 000, 001, 002), on accounts built from their stories: what
 * ECR's documented semantics do to each, which is what `lifecycle compare` then sets against the plan.
 */
import { evaluateLifecyclePolicy } from '../../../../lambda/core/lifecycle/evaluate';
import type { LifecycleImage } from '../../../../lambda/core/lifecycle/policy';
import { digestOf } from '../../../support/core-builders';
import { DAY, img, label, NOW, policyOf, SEED_000, SEED_001, SEED_002 } from './fixtures';

const INDEX = 'application/vnd.oci.image.index.v1+json';

function byName(text: string, images: Record<string, LifecycleImage>, now = NOW): Record<string, string> {
  const names = Object.keys(images);
  const evaluated = evaluateLifecyclePolicy(policyOf(text), Object.values(images), now);
  return Object.fromEntries(evaluated.map((entry, i) => [names[i] as string, label(entry)]));
}

test('seed 002: "keep last 5 production images" expires the rollback target tag-1-253-0, pushed before tag-1-251-0', () => {
  // The CloudTrail record: the digest carrying tag-1-252-0 and tag-1-253-0 was pushed at 1671098240000; a rebuild
  // with an identical digest only re-tagged it, so its push time stayed old while newer releases were pushed.
  const rollbackPushed = 1671098240000;
  const now = rollbackPushed + 20 * DAY;
  const at = (days: number) => ({ pushedAt: rollbackPushed + days * DAY });
  const images: Record<string, LifecycleImage> = {
    rollback: { ...img('rollback', ['git-325dc21f', 'git-684254dd', 'tag-1-252-0', 'tag-1-253-0'], 0), ...at(0) },
    'tag-1-249-0': { ...img('249', ['git-aaaa0249', 'tag-1-249-0'], 0), ...at(1) },
    'tag-1-250-0': { ...img('250', ['git-aaaa0250', 'tag-1-250-0'], 0), ...at(2) },
    'tag-1-251-0': { ...img('251', ['git-aaaa0251', 'tag-1-251-0'], 0), ...at(3) },
    'tag-1-254-0': { ...img('254', ['git-aaaa0254', 'tag-1-254-0'], 0), ...at(10) },
    'tag-1-255-0': { ...img('255', ['git-aaaa0255', 'tag-1-255-0'], 0), ...at(12) },
    'tag-1-256-0': { ...img('256', ['git-aaaa0256', 'tag-1-256-0'], 0), ...at(14) },
    'git-old': { ...img('git-old', ['git-0ld00000'], 0), ...at(1) },
    'git-new': { ...img('git-new', ['git-11e00000'], 0), ...at(15) },
  };
  expect(byName(SEED_002, images, now)).toEqual({
    rollback: 'expire@1', // 6th newest by push among the "tag" images, whatever its tags say
    'tag-1-249-0': 'expire@1',
    'tag-1-250-0': 'none@1', // kept by rule 1 though 18 days old: rule 5 (any) cannot expire what rule 1 took
    'tag-1-251-0': 'none@1', // older release, kept: pushed after the rollback target
    'tag-1-254-0': 'none@1',
    'tag-1-255-0': 'none@1',
    'tag-1-256-0': 'none@1',
    'git-old': 'expire@5', // no "tag" tag: rule 5 expires it at 19 days
    'git-new': 'none@5',
  });
});

test('seed 001: "keep only one untagged image" expires the platform manifests of the multi-arch latest', () => {
  // `latest` moves to each new push; what it left is untagged. latest is an index whose platform manifests are
  // untagged images pushed just before it (children first, as a registry receives them).
  const child = (name: string, secondsBefore: number, days: number) => ({ ...img(name, [], days), pushedAt: NOW - days * DAY - secondsBefore * 1000 });
  const images: Record<string, LifecycleImage> = {
    'latest-amd64': child('latest-amd64', 2, 1),
    'latest-arm64': child('latest-arm64', 1, 1),
    latest: img('latest', ['latest'], 1, { manifestMediaType: INDEX, childDigests: [digestOf('latest-amd64'), digestOf('latest-arm64')] }),
    'previous-amd64': child('previous-amd64', 2, 8),
    'previous-arm64': child('previous-arm64', 1, 8),
    previous: img('previous', [], 8, { manifestMediaType: INDEX, childDigests: [digestOf('previous-amd64'), digestOf('previous-arm64')] }),
  };
  expect(byName(SEED_001, images)).toEqual({
    'latest-amd64': 'expire@1', // a member of the image `latest` still names: its pulls on amd64 now fail
    'latest-arm64': 'none@1', // the one untagged image kept: the most recently pushed
    latest: 'none',
    'previous-amd64': 'expire@1',
    'previous-arm64': 'expire@1',
    previous: 'expire@1',
  });
});

test('seed 000: imageCountMoreThan 10 untagged expires the oldest untagged, never a tagged image', () => {
  // Promotion by tag: each release is tagged prd while it runs; replaced, its tags are removed and it is untagged.
  const images: Record<string, LifecycleImage> = {};
  for (let n = 1; n <= 12; n++) images[`former-prd-${n}`] = img(`former-prd-${n}`, [], 40 - n * 3);
  images.prd = img('prd', ['daf46a8f', 'prd'], 60); // the oldest push of all, still tagged: untouched
  images.staging = img('staging', ['848e4a70'], 2);
  const result = byName(SEED_000, images);
  expect(Object.entries(result).filter(([, outcome]) => outcome.startsWith('expire')).map(([name]) => name)).toEqual(['former-prd-1', 'former-prd-2']);
  expect([result.prd, result.staging]).toEqual(['none', 'none']);
  expect(result['former-prd-3']).toBe('none@1');
});
