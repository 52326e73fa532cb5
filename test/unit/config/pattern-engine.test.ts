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
// For captures, groups are repeated only an exact number of times: when a group under `?`, `*` or `+` matches the empty
// string, ECMAScript rejects that iteration and RE2 (like Perl) accepts it, so captures after it may differ by design.
// Whether a tag matches at all does not depend on that, so `matches` is also checked with freely repeated groups.
function regexPart(groupQuantifier: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.letrec<{ seq: string; group: string }>((tie) => ({
    seq: fc.array(fc.oneof(
      { weight: 4, arbitrary: fc.tuple(atom, quantifier).map(([a, q]) => a + q) },
      { weight: 1, arbitrary: fc.tuple(tie('group'), groupQuantifier).map(([g, q]) => g + q) },
    ), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('')),
    group: fc.tuple(fc.constantFrom('(', '(?:'), fc.array(tie('seq'), { minLength: 1, maxLength: 2 })).map(([open, alts]) => `${open}${alts.join('|')})`),
  })).seq;
}
// One named group, never under a quantifier: captures inside a repeated group differ between ECMAScript and RE2 by
// design (ECMAScript resets them per iteration), and lineages do not rely on them.
function regexSource(groupQuantifier: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const part = regexPart(groupQuantifier);
  return fc.tuple(part, part, fc.option(part, { nil: '' }), fc.boolean()).map(([a, b, c, named]) => (named ? `${a}(?<g>${b})${c}` : `${a}${b}${c}`));
}
const EXACT_REPEATS = fc.constantFrom('', '', '{2}');
const ANY_REPEATS = fc.constantFrom('', '', '{2}', '?', '*', '+', '{1,3}', '*?');

/** The compiled pattern, or undefined when the nested-quantifier lint rejects the source (on purpose). */
function compiledOrRejected(source: string) {
  try {
    return compileTagPattern(source);
  } catch (error) {
    if (error instanceof PatternError && /nests quantifiers/.test(error.message)) return undefined;
    throw error;
  }
}
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
    fc.assert(fc.property(regexSource(EXACT_REPEATS), fc.array(tag, { minLength: 1, maxLength: 8 }), (source, tags) => {
      const v8 = reference(source);
      const pattern = compiledOrRejected(source);
      fc.pre(v8 !== undefined);
      fc.pre(pattern !== undefined); // rejected by the nesting lint: counted as skipped, not as passed
      for (const candidate of [...tags, ...tags.map((t) => literalPrefix(source) + t)]) {
        const found = (v8 as RegExp).exec(candidate);
        expect([candidate, pattern.matches(candidate)]).toEqual([candidate, found !== null]);
        const groups = Object.fromEntries(Object.entries(found?.groups ?? {}).filter(([, v]) => v !== undefined));
        expect(pattern.capture(candidate)).toEqual(found ? groups : undefined);
      }
    }), { numRuns: NUM_RUNS });
  });

  it('match exactly the tags a V8 RegExp of the anchored source matches, with groups repeated freely', () => {
    fc.assert(fc.property(regexSource(ANY_REPEATS), fc.array(tag, { minLength: 1, maxLength: 8 }), (source, tags) => {
      const v8 = reference(source);
      const pattern = compiledOrRejected(source);
      fc.pre(v8 !== undefined);
      fc.pre(pattern !== undefined); // rejected by the nesting lint: counted as skipped, not as passed
      for (const candidate of [...tags, ...tags.map((t) => literalPrefix(source) + t)]) {
        expect([candidate, pattern.matches(candidate), pattern.capture(candidate) !== undefined]).toEqual([candidate, v8.test(candidate), v8.test(candidate)]);
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

});

describe('repository globs', () => {
  it('match in linear time: a glob that would keep a backtracking engine busy for hours answers at once', () => {
    expect(compileGlob('*-*-*-*-*-*-*-*-*-*-x')(`${'a-'.repeat(120)}ab`)).toBe(false);
  });

  it.each([['a+b/*', 'a+b/c', true], ['a+b/*', 'aab/c', false], ['(x)/*', '(x)/y', true], ['**', 'a/b/c', true], ['team-a/**', 'team-a', false]])(
    '%s matches %s: %s (everything but * and ? is literal)', (glob, repository, expected) => {
      expect(compileGlob(glob)(repository)).toBe(expected);
    });
});
