/**
 * The tag-pattern engine against V8 as the reference: random regexes from a small grammar where RE2 and JavaScript
 * syntax mean the same thing, on random tags. This checks the anchoring, the literal-prefix prefilter and the plain
 * string fast path together: a prefilter that claimed too much would make `matches` disagree here.
 */
import fc from 'fast-check';
import { compileGlob } from '../../../lambda/config/glob';
import { compileTagPattern, exactLiteral, literalPrefix, PatternError } from '../../../lambda/config/pattern';

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

const atom = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('a', 'b', 'c', '1', '-', '\\.', '\\d', '.', '[ab]', '[^a]', '[0-9a-c]') },
  { weight: 1, arbitrary: fc.constantFrom('^', '$') },
);
const quantifier = fc.constantFrom('', '', '', '*', '+', '?', '{2}', '{1,3}', '*?');
const regexPart: fc.Arbitrary<string> = fc.letrec<{ seq: string; group: string }>((tie) => ({
  seq: fc.array(fc.oneof({ weight: 4, arbitrary: atom }, { weight: 1, arbitrary: tie('group') }).chain((a) => quantifier.map((q) => a + q)), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('')),
  group: fc.tuple(fc.constantFrom('(', '(?:'), fc.array(tie('seq'), { minLength: 1, maxLength: 2 })).map(([open, alts]) => `${open}${alts.join('|')})`),
})).seq;
// One named group, never under a quantifier: captures inside a repeated group differ between ECMAScript and RE2 by
// design (ECMAScript resets them per iteration and refuses empty iterations), and lineages do not rely on them.
const regexSource = fc.tuple(regexPart, regexPart, fc.option(regexPart, { nil: '' }), fc.boolean()).map(([a, b, c, named]) => (named ? `${a}(?<g>${b})${c}` : `${a}${b}${c}`));
const tag = fc.stringMatching(/^[abc1.-]{0,8}$/);

function reference(source: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${source})$`);
  } catch {
    return undefined;
  }
}

describe('tag patterns against V8', () => {
  it('match and capture exactly what a V8 RegExp of the anchored source does, on random regexes and tags', () => {
    fc.assert(fc.property(regexSource, fc.array(tag, { minLength: 1, maxLength: 8 }), (source, tags) => {
      const v8 = reference(source);
      fc.pre(v8 !== undefined);
      let pattern;
      try {
        pattern = compileTagPattern(source);
      } catch (error) {
        if (error instanceof PatternError && /nests quantifiers/.test(error.message)) return; // rejected on purpose
        throw error;
      }
      for (const candidate of [...tags, ...tags.map((t) => literalPrefix(source) + t)]) {
        const found = (v8 as RegExp).exec(candidate);
        expect([candidate, pattern.matches(candidate)]).toEqual([candidate, found !== null]);
        const groups = Object.fromEntries(Object.entries(found?.groups ?? {}).filter(([, v]) => v !== undefined));
        expect(pattern.capture(candidate)).toEqual(found ? groups : undefined);
      }
    }), { numRuns: NUM_RUNS });
  });

  it.each([
    ['^prd$', 'prd', 'prd'], ['prd', 'prd', 'prd'], ['^git-[0-9a-f]+$', undefined, 'git-'], ['^v\\d+', undefined, 'v'],
    ['^(?i)prd', undefined, ''], ['^a|b', undefined, ''], ['ab*', undefined, 'a'], ['a\\$', undefined, 'a'], ['^^a', undefined, ''],
  ])('%s: exact literal %s, literal prefix %j', (source, exact, prefix) => {
    expect(exactLiteral(source)).toBe(exact);
    expect(literalPrefix(source)).toBe(prefix);
  });

  it.each([['prd', 'xprd'], ['^prd$', 'xprd'], ['prd', 'prd-old'], ['git-[0-9a-f]{8}', 'xgit-0123abcd'], ['(?i)latest', 'LATEST-1']])(
    '%s does not match %s (patterns match the whole tag)', (source, tag) => {
      expect(compileTagPattern(source).matches(tag)).toBe(false);
    });

  it('is fast enough for a million tags: 300,000 matches and 30,000 captures well under a second each', () => {
    const pattern = compileTagPattern('pr-(?<branch>[a-z0-9-]+)-[0-9a-f]{7,40}');
    const tags = Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? `pr-feature-${i}-0123abc` : i % 3 === 1 ? `git-${i}` : `pr-x-${i}`));
    let started = performance.now();
    for (let i = 0; i < 300_000; i++) pattern.matches(tags[i % 1000] as string);
    expect(performance.now() - started).toBeLessThan(1000);
    started = performance.now();
    for (let i = 0; i < 30_000; i++) pattern.capture(tags[i % 1000] as string);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('repository globs', () => {
  it('match in linear time: a glob that takes a backtracking engine minutes answers at once', () => {
    const started = performance.now();
    expect(compileGlob('*-*-*-*-*-*-*-*-*-*-x')(`${'a-'.repeat(120)}ab`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it.each([['a+b/*', 'a+b/c', true], ['a+b/*', 'aab/c', false], ['(x)/*', '(x)/y', true], ['**', 'a/b/c', true], ['team-a/**', 'team-a', false]])(
    '%s matches %s: %s (everything but * and ? is literal)', (glob, repository, expected) => {
      expect(compileGlob(glob)(repository)).toBe(expected);
    });
});
