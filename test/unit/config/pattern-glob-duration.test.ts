import fc from 'fast-check';
import { formatDuration, parseDuration } from '../../../lambda/config/duration';
import { compileGlob } from '../../../lambda/config/glob';
import { compileTagPattern, literalPrefix } from '../../../lambda/config/pattern';

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

describe('durations', () => {
  it.each([
    ['30m', 1_800_000], ['12h', 43_200_000], ['2d', 172_800_000], ['4w', 2_419_200_000],
    ['0d', undefined], ['2', undefined], ['2 d', undefined], ['1.5h', undefined], ['-1d', undefined], ['2y', undefined],
  ])('%s is %s ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('round-trips through its shortest rendering', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 99_999 }), fc.constantFrom('m', 'h', 'd', 'w'), (n, unit) => {
      const ms = parseDuration(`${n}${unit}`) as number;
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }), { numRuns: NUM_RUNS });
  });
});

describe('repository globs', () => {
  it.each([
    ['team-a/*', 'team-a/web', true], ['team-a/*', 'team-a/x/web', false], ['team-a/*', 'team-b/web', false],
    ['team-a/**', 'team-a/x/web', true], ['**', 'anything/at/all', true], ['shared/base', 'shared/base', true],
    ['shared/base', 'shared/base2', false], ['a/**/b', 'a/b', true], ['a/**/b', 'a/x/y/b', true], ['svc-?', 'svc-1', true],
    ['team.a/*', 'teamxa/web', false],
  ])('%s matches %s: %s', (glob, repository, expected) => {
    expect(compileGlob(glob)(repository)).toBe(expected);
  });

  it('a glob without wildcards matches only itself', () => {
    fc.assert(fc.property(fc.stringMatching(/^[a-z0-9._/-]{1,20}$/), fc.stringMatching(/^[a-z0-9._/-]{1,20}$/), (glob, other) => {
      expect(compileGlob(glob)(other)).toBe(glob === other);
    }), { numRuns: NUM_RUNS });
  });
});

describe('tag patterns', () => {
  it.each([
    ['git-[0-9a-f]{8}', 'git-'], ['tag-(?<major>\\d+)', 'tag-'], ['ab?c', 'a'], ['ab{0,1}c', 'a'], ['(x)', ''], ['a|b', ''], ['prd', 'prd'], ['\\d+', ''],
  ])('the literal prefix of %s is %j', (source, prefix) => {
    expect(literalPrefix(source)).toBe(prefix);
  });

  const SAFE_PATTERNS = ['git-[0-9a-f]{8,40}', 'tag-(?<major>\\d+)-(?<minor>\\d+)-(?<patch>\\d+)', 'pr-(?<branch>[a-z-]+)-[0-9a-f]{7}', 'v\\d+\\.\\d+(\\.\\d+)?', 'prd|latest', 'ab?c', 'nightly-(?<date>\\d{8})'];
  const tagArb = fc.oneof(
    fc.stringMatching(/^[a-z0-9.-]{0,16}$/),
    fc.constantFrom('git-', 'tag-', 'pr-', 'v', 'nightly-', 'ac', 'abc').chain((p) => fc.stringMatching(/^[a-z0-9.-]{0,12}$/).map((s) => p + s)),
    fc.tuple(fc.nat(20), fc.nat(300), fc.nat(9)).map(([a, b, c]) => `tag-${a}-${b}-${c}`),
  );

  it('agrees with a V8 RegExp of the same anchored source, captures included', () => {
    fc.assert(fc.property(fc.constantFrom(...SAFE_PATTERNS), tagArb, (source, tag) => {
      const pattern = compileTagPattern(source);
      const reference = new RegExp(`^(?:${source})$`).exec(tag);
      expect(pattern.matches(tag)).toBe(reference !== null);
      expect(pattern.capture(tag)).toEqual(reference ? Object.fromEntries(Object.entries(reference.groups ?? {}).filter(([, v]) => v !== undefined)) : undefined);
    }), { numRuns: NUM_RUNS });
  });

  it('lists named groups in the order they appear', () => {
    expect(compileTagPattern('(?<z>\\d+)-(?<a>\\d+)').groupNames).toEqual(['z', 'a']);
  });

  it.each(['(a+)+$', '(\\w+\\s?)*$', '(.*a){12}', '([a-z]+)*', '(a|b+)*'])('rejects the catastrophic pattern %s', (source) => {
    expect(() => compileTagPattern(source)).toThrow(/nests quantifiers/);
  });

  it('matches in linear time a pattern that would hang a backtracking engine', () => {
    // (a|a)*b passes the static check, so the engine itself must be linear: 10,000 a's would take V8 forever.
    const pattern = compileTagPattern('(a|a)*b');
    expect(pattern.matches('a'.repeat(10_000))).toBe(false);
  });
});
