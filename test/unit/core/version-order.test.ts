/**
 * `orderBy: version` follows SemVer 2.0.0 precedence (§11), whether a lineage captures the parts of a version
 * separately (major, minor, patch, prerelease, build) or the whole version in one capture. Checked on the keys, on the
 * ranks a lineage gives, and against a reference written from the spec's text.
 */
import fc from 'fast-check';
import { evaluateLineages } from '../../../lambda/core/lineage';
import { parseConfig } from '../../../lambda/config/parse';
import { DAY, digestOf, image, NOW, pattern } from '../../support/core-builders';

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

const SPLIT = 'v?(?<major>\\d+)\\.(?<minor>\\d+)\\.(?<patch>\\d+)(?:-(?<prerelease>[0-9A-Za-z.-]+))?(?:\\+(?<build>[0-9A-Za-z.-]+))?';
const WHOLE = 'v?(?<version>.+)';

/**
 * How a lineage ordered by version compares two tags, read from its ranks: each tag on its own digest, ranked twice
 * with the push times swapped. The same winner both times is the higher version; the newer push winning both times
 * means the two have the same precedence (the lineage then falls back to push time).
 */
function compareTags(source: string, a: string, b: string): number {
  // The same tag twice: push times cannot tell the two apart, so ranking says nothing; equal by definition.
  if (a === b) return 0;
  const winner = (newer: string) => {
    const images = [a, b].map((tag, i) => image({ digest: digestOf(`${i}:${tag}`), tags: [tag], pushedAt: NOW - (tag === newer ? 1 : 2) * DAY }));
    const lineage = { name: 'l', tags: pattern(source), orderBy: 'version' as const, keep: { newest: 1 } };
    const reasons = evaluateLineages(images, [lineage], NOW);
    return reasons.get(digestOf(`0:${a}`))?.[0]?.rank === 1 ? a : b;
  };
  const first = winner(a);
  const second = winner(b);
  if (first !== second) return 0;
  return first === a ? 1 : -1;
}

/** SemVer §11, read literally: the reference the lineage order is checked against. */
function semverPrecedence(a: string, b: string): number {
  const parse = (version: string) => {
    const [withoutBuild = ''] = version.replace(/^v/, '').split('+');
    const dash = withoutBuild.indexOf('-');
    const core = (dash < 0 ? withoutBuild : withoutBuild.slice(0, dash)).split('.').map(BigInt);
    return { core, pre: dash < 0 ? [] : withoutBuild.slice(dash + 1).split('.') };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if (x.core[i] !== y.core[i]) return (x.core[i] as bigint) < (y.core[i] as bigint) ? -1 : 1; // §11.2
  if (x.pre.length === 0 || y.pre.length === 0) return x.pre.length === y.pre.length ? 0 : x.pre.length === 0 ? 1 : -1; // §11.3
  for (let i = 0; i < Math.min(x.pre.length, y.pre.length); i++) { // §11.4
    const p = x.pre[i] as string;
    const q = y.pre[i] as string;
    if (p === q) continue;
    const pNumeric = /^\d+$/.test(p);
    const qNumeric = /^\d+$/.test(q);
    if (pNumeric && qNumeric) return BigInt(p) < BigInt(q) ? -1 : 1; // §11.4.1
    if (pNumeric !== qNumeric) return pNumeric ? -1 : 1; // §11.4.3
    return p < q ? -1 : 1; // §11.4.2
  }
  return Math.sign(x.pre.length - y.pre.length); // §11.4.4
}

/** The example chain of SemVer §11.4, lowest first, and §11.2's. */
const SPEC_CHAIN = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '2.0.0', '2.1.0', '2.1.1'];

describe.each([['separate captures', SPLIT], ['one capture for the whole version', WHOLE]])('version order with %s', (_name, source) => {
  it.each<[string, string, number]>([
    ['v1.2.3', 'v1.2.3-rc1', 1],
    ['v1.2.3', 'v1.2.3-rc.1', 1],
    ['v1.2.3-rc.10', 'v1.2.3-rc.1', 1],
    ['v1.2.3-rc.10', 'v1.2.3-rc.9', 1],
    ['v1.2.3-rc.1', 'v1.2.3-alpha', 1],
    ['v1.2.3-alpha', 'v1.2.3-alpha.1', -1],
    ['v1.2.3-alpha.1', 'v1.2.3-alpha.beta', -1],
    ['v1.2.3-rc', 'v1.2.3-RC', 1],
    ['v1.2.3-rc.1', 'v1.2.3-rc.1a', -1],
    ['1.10.0', '1.9.0', 1],
    ['1.2.10', '1.2.9', 1],
    ['v1.2.4-alpha', 'v1.2.3', 1],
    ['1.2.3-rc.123456789012345678901', '1.2.3-rc.123456789012345678900', 1],
    ['1.2.3+build.1', '1.2.3+build.2', 0],
    ['1.2.3-rc.1+b9', '1.2.3-rc.1+a1', 0],
    ['1.2.3+build.1', '1.2.3-rc.1', 1],
  ])('%s against %s: %i', (a, b, expected) => {
    expect(compareTags(source, a, b)).toBe(expected);
    expect(compareTags(source, b, a)).toBe(0 - expected);
  });

  it('ranks the example chain of SemVer §11 in its order', () => {
    for (let i = 1; i < SPEC_CHAIN.length; i++) expect([SPEC_CHAIN[i], compareTags(source, SPEC_CHAIN[i] as string, SPEC_CHAIN[i - 1] as string)]).toEqual([SPEC_CHAIN[i], 1]);
  });
});

describe('version order of other captures', () => {
  it.each<[string, string, string, string]>([
    ['numbers compare as numbers', 'tag-(?<major>\\d+)-(?<minor>\\d+)', 'tag-1-10', 'tag-1-9'],
    ['a missing capture ranks below a present one', 'r(?<major>\\d+)(?:\\.(?<minor>\\d+))?', 'r1.0', 'r1'],
    ['numbers rank below text', 'x-(?<v>[0-9a-z]+)', 'x-a', 'x-9'],
    ['text compares in ASCII order', 'x-(?<v>[a-z]+)', 'x-beta', 'x-alpha'],
    ['a dotted number in one capture compares part by part', 'n-(?<v>[0-9.]+)', 'n-1.10', 'n-1.9'],
    ['a date capture compares as a number', 'nightly-(?<date>\\d{8})', 'nightly-20261101', 'nightly-20260930'],
  ])('%s: %s ranks %s above %s', (_name, source, higher, lower) => {
    expect(compareTags(source, higher, lower)).toBe(1);
  });

  it('a lineage whose only captures are its groupBy and build metadata has nothing to order by: a config error', () => {
    const result = parseConfig([{ name: 'd', text: 'policies: [{ name: a, repositories: ["**"], lineages: [{ name: l, tags: "(?<branch>[a-z]+)-[0-9]+(?:[+](?<build>.+))?", groupBy: branch, orderBy: version, keep: { newest: 1 } }] }]' }]);
    expect(result.ok ? [] : result.errors.map((issue) => issue.path)).toEqual(['policies[0].lineages[0].orderBy']);
  });
});

describe('a lineage ordered by version', () => {
  it('ranks a release above its pre-releases, and rc.10 above rc.9, whatever the push times', () => {
    const tags = ['v1.2.3-rc.9', 'v1.2.3', 'v1.2.3-rc.10', 'v1.2.3-alpha', 'v1.2.2'];
    const images = tags.map((tag, i) => image({ digest: digestOf(tag), tags: [tag], pushedAt: NOW - (10 - i) * DAY }));
    const reasons = evaluateLineages(images, [{ name: 'releases', tags: pattern(SPLIT), orderBy: 'version', keep: { newest: 1 } }], NOW);
    const rankOf = (tag: string) => reasons.get(digestOf(tag))?.[0]?.rank;
    expect(['v1.2.3', 'v1.2.3-rc.10', 'v1.2.3-rc.9', 'v1.2.3-alpha', 'v1.2.2'].map(rankOf)).toEqual([1, 2, 3, 4, 5]);
    expect(reasons.get(digestOf('v1.2.3'))?.[0]?.verdict).toBe('keep');
    expect(reasons.get(digestOf('v1.2.3-rc.10'))?.[0]?.verdict).toBe('expire');
  });

  it('ranks a digest by the best of its tags: a release tag added to a pre-release digest lifts it', () => {
    const promoted = image({ digest: digestOf('promoted'), tags: ['v2.0.0-rc.1', 'v2.0.0'], pushedAt: NOW - 30 * DAY });
    const candidate = image({ digest: digestOf('candidate'), tags: ['v2.0.0-rc.2'], pushedAt: NOW - DAY });
    const reasons = evaluateLineages([candidate, promoted], [{ name: 'releases', tags: pattern(SPLIT), orderBy: 'version', keep: { newest: 1 } }], NOW);
    expect(reasons.get(promoted.digest)?.[0]?.rank).toBe(1);
  });
});

const numeric = fc.oneof(fc.nat({ max: 12 }), fc.constant(123456789012345678901n)).map(String);
const alphanumeric = fc.constantFrom('alpha', 'beta', 'rc', 'RC', 'a', 'b', 'x-1', '0a', '-', 'rc1');
const semver = fc.record({
  core: fc.tuple(fc.nat({ max: 3 }), fc.nat({ max: 12 }), fc.nat({ max: 12 })),
  pre: fc.option(fc.array(fc.oneof(numeric, alphanumeric), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  build: fc.option(fc.constantFrom('b1', 'build.7', 'sha.0abc'), { nil: undefined }),
  v: fc.boolean(),
}).map(({ core, pre, build, v }) => `${v ? 'v' : ''}${core.join('.')}${pre ? `-${pre.join('.')}` : ''}${build ? `+${build}` : ''}`);

describe('version order (properties)', () => {
  it.each([['separate captures', SPLIT], ['one capture', WHOLE]])('equals SemVer precedence for any two versions (%s)', (_name, source) => {
    fc.assert(fc.property(semver, semver, (a, b) => compareTags(source, a, b) === semverPrecedence(a, b)), { numRuns: NUM_RUNS });
  });

  it('ranks any set of versions in descending SemVer precedence, ties by push time', () => {
    fc.assert(fc.property(fc.uniqueArray(semver, { minLength: 1, maxLength: 12 }), (versions) => {
      const images = versions.map((tag, i) => image({ digest: digestOf(tag), tags: [tag], pushedAt: NOW - i * 1000 }));
      const reasons = evaluateLineages(images, [{ name: 'r', tags: pattern(SPLIT), orderBy: 'version', keep: { newest: 1 } }], NOW);
      const expected = versions.map((tag, i) => ({ tag, i })).sort((x, y) => semverPrecedence(y.tag, x.tag) || x.i - y.i).map(({ tag }) => tag);
      const actual = [...versions].sort((x, y) => (reasons.get(digestOf(x))?.[0]?.rank ?? 0) - (reasons.get(digestOf(y))?.[0]?.rank ?? 0));
      expect(actual).toEqual(expected);
    }), { numRuns: NUM_RUNS });
  });
});
