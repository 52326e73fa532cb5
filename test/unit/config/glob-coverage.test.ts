/**
 * Glob coverage: "every name this glob matches, those globs match too", decided exactly on the tokens matching uses.
 * Checked against the matcher itself: a covered glob has no counterexample among all short names, and an uncovered
 * one comes with a witness the glob matches and the covering globs do not.
 */
import fc from 'fast-check';
import { compileGlob, compileGlobs } from '../../../lambda/config/glob';
import { globCoverage } from '../../../lambda/config/glob-coverage';

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

describe('glob coverage', () => {
  it.each<[string[], string, boolean]>([
    [['**'], 'team-a/web', true],
    [['**'], 'team-a/**', true],
    [['team-a/*'], 'team-a/web', true],
    [['team-a/*'], 'team-a/we?', true],
    [['team-a/*'], 'team-a/x/web', false],
    [['team-a/*'], 'team-a/**', false],
    [['team-a/**'], 'team-a/*', true],
    [['team-a/**'], 'team-a/x/web', true],
    [['*/web'], 'team-a/web', true],
    [['*/web'], 'team-*/web', true],
    [['team-?/web'], 'team-a/web', true],
    [['team-?/web'], 'team-ab/web', false],
    [['a/**/b'], 'a/b', true],
    [['a/**/b'], 'a/x/y/b', true],
    [['a/**b'], 'a/**/b', true],
    [['a/**/b'], 'a/**b', false],
    [['team-a/web'], 'team-a/web', true],
    [['team-a/web'], 'team-a/web2', false],
    [['team-a/web', 'team-a/api'], 'team-a/*', false],
    [['team-a/x*', 'team-a/*'], 'team-a/y', true],
    [['*'], '**', false],
    [['*-*'], '*-*-*', true],
  ])('%j covers %s: %s', (covering, glob, expected) => {
    expect(globCoverage(covering, glob).kind).toBe(expected ? 'covered' : 'uncovered');
  });

  it('gives a witness the glob matches and the covering globs do not', () => {
    expect(globCoverage(['team-a/*'], 'team-a/**')).toEqual({ kind: 'uncovered', witness: 'team-a//' });
  });
});

const token = fc.constantFrom('a', 'b', '/', '-', '*', '**', '?', '**/');
const glob = fc.array(token, { minLength: 1, maxLength: 5 }).map((tokens) => tokens.join(''));
const names = (() => {
  const all = [''];
  for (let length = 1; length <= 5; length++) for (const prefix of all.filter((name) => name.length === length - 1)) for (const ch of 'ab/-c') all.push(prefix + ch);
  return all;
})();

describe('glob coverage (properties)', () => {
  it('is exact: covered means no short name escapes; uncovered comes with a real witness', () => {
    fc.assert(fc.property(fc.array(glob, { minLength: 1, maxLength: 3 }), glob, (covering, inner) => {
      const result = globCoverage(covering, inner);
      const matches = compileGlob(inner);
      const covers = compileGlobs(covering);
      if (result.kind === 'uncovered') {
        expect(matches(result.witness) && !covers(result.witness)).toBe(true);
      } else {
        expect(result.kind).toBe('covered');
        expect(names.filter((name) => matches(name) && !covers(name))).toEqual([]);
      }
    }), { numRuns: NUM_RUNS });
  });
});
