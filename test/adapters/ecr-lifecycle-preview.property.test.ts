/**
 * Two readings of the same documentation agree: over random repositories and random valid policies, the emulated
 * lifecycle policy preview (emulator/aws/services/ecr-lifecycle-preview.ts, written apart) acts on exactly the images,
 * with exactly the rules and actions, that lambda/core/lifecycle's evaluator says. PROPERTY_RUNS sets the cases.
 */
import fc from 'fast-check';
import type { EmuImage } from '../../emulator/aws/account';
import { previewOf } from '../../emulator/aws/services/ecr-lifecycle-preview';
import { readPolicy } from '../../emulator/aws/services/ecr-lifecycle-rules';
import { evaluateLifecyclePolicy } from '../../lambda/core/lifecycle/evaluate';
import { parseLifecyclePolicy } from '../../lambda/core/lifecycle/parse';
import type { LifecycleImage } from '../../lambda/core/lifecycle/policy';
import { digestOf, OCI_MANIFEST } from './ecr-fixtures';

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 500);
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1);
const TAGS = ['v1', 'v2', 'v10', 'prod-1', 'prod-2', 'rc-a', 'rc-b', 'latest', 'x-amd64', 'y-arm64'];

const imageArb = fc.record({
  tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }),
  pushedDaysAgo: fc.integer({ min: 0, max: 200 }),
  pulledDaysAgo: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
  archivedDaysAgo: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
});

type ImageSpec = typeof imageArb extends fc.Arbitrary<infer T> ? T : never;

const tagsArb = fc.oneof(
  fc.record({ tagStatus: fc.constant('tagged'), tagPrefixList: fc.uniqueArray(fc.constantFrom('v', 'prod', 'rc', 'x', 'l'), { minLength: 1, maxLength: 2 }) }),
  fc.record({ tagStatus: fc.constant('tagged'), tagPatternList: fc.uniqueArray(fc.constantFrom('v*', '*-amd64', 'prod-*', 'rc-?', '*a*', 'latest', 'v1*'), { minLength: 1, maxLength: 2 }) }),
  fc.record({ tagStatus: fc.constantFrom('untagged', 'any') }),
);

const countArb = fc.oneof(
  fc.record({ countType: fc.constant('imageCountMoreThan'), countNumber: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ countType: fc.constant('sinceImagePushed'), countUnit: fc.constant('days'), countNumber: fc.integer({ min: 1, max: 120 }) }),
  fc.record({ countType: fc.constant('sinceImagePulled'), countUnit: fc.constant('days'), countNumber: fc.integer({ min: 1, max: 120 }) }),
  fc.record({ countType: fc.constant('sinceImageTransitioned'), countUnit: fc.constant('days'), countNumber: fc.integer({ min: 90, max: 200 }), storageClass: fc.constant('archive') }),
);

/** The action each count type documents: sinceImagePulled archives, sinceImageTransitioned expires archived images. */
const ruleArb = fc.tuple(tagsArb, countArb, fc.boolean()).map(([tags, count, transition]) => ({
  selection: { ...tags, ...count },
  action: count.countType === 'sinceImagePulled' || (transition && count.countType !== 'sinceImageTransitioned')
    ? { type: 'transition', targetStorageClass: 'archive' } : { type: 'expire' },
}));

const caseArb = fc.record({
  images: fc.array(imageArb, { minLength: 1, maxLength: 25 }),
  rules: fc.array(ruleArb, { minLength: 1, maxLength: 4 }),
  priorities: fc.uniqueArray(fc.integer({ min: 1, max: 50 }), { minLength: 4, maxLength: 4 }),
});

function imagesOf(specs: readonly ImageSpec[]): EmuImage[] {
  return specs.map((spec, i) => ({
    digest: digestOf(`image-${i}`),
    tags: spec.tags,
    pushedAt: NOW - spec.pushedDaysAgo * DAY - i * 1000,
    ...(spec.pulledDaysAgo !== undefined ? { lastPulledAt: NOW - spec.pulledDaysAgo * DAY } : {}),
    ...(spec.archivedDaysAgo !== undefined ? { status: 'ARCHIVED' as const, lastArchivedAt: NOW - spec.archivedDaysAgo * DAY } : {}),
    sizeBytes: 1,
    manifestMediaType: OCI_MANIFEST,
  }));
}

function asRecords(images: readonly EmuImage[]): LifecycleImage[] {
  return images.map((image) => ({
    repository: 'app', digest: image.digest, tags: image.tags, pushedAt: image.pushedAt, sizeBytes: 1, childDigests: [], status: image.status ?? 'ACTIVE',
    ...(image.lastPulledAt !== undefined ? { lastPulledAt: image.lastPulledAt } : {}),
    ...(image.lastArchivedAt !== undefined ? { archivedAt: image.lastArchivedAt } : {}),
  }));
}

test('the emulated preview and the evaluator act on the same images, by the same rules, with the same actions', () => {
  let compared = 0;
  fc.assert(fc.property(caseArb, ({ images: specs, rules, priorities }) => {
    const text = JSON.stringify({ rules: rules.map((rule, i) => ({ rulePriority: priorities[i], ...rule })) }).padEnd(100, ' ');
    const parsed = parseLifecyclePolicy(text);
    let emulatorRules;
    try {
      emulatorRules = readPolicy(text);
    } catch {
      emulatorRules = undefined;
    }
    if (!parsed.ok || !emulatorRules) return;
    compared++;
    const images = imagesOf(specs);
    const preview = previewOf(text, emulatorRules, images, NOW).results.map((r) => `${r.digest} ${r.appliedRulePriority} ${r.action}`).sort();
    const evaluated = evaluateLifecyclePolicy(parsed.policy, asRecords(images), NOW).flatMap(({ image, outcome }) =>
      outcome.kind === 'none' ? [] : [`${image.digest} ${outcome.rule.rulePriority} ${outcome.kind === 'expire' ? 'EXPIRE' : 'TRANSITION'}`]).sort();
    expect(evaluated).toEqual(preview);
  }), { numRuns: NUM_RUNS });
  expect(compared).toBeGreaterThan(NUM_RUNS / 10);
});
