/**
 * deletableRepositories globs as IAM patterns: a table of translations and refusals, and a property checked with an
 * IAM policy evaluator against the config's own glob matcher: IAM allows ecr:BatchDeleteImage on a name exactly when
 * the globs match it.
 */
import fc from 'fast-check';
import { compileGlobs } from '../../lambda/config/glob';
import { deletablePatterns, mayOverlap } from '../../lib/deletable-repositories';
import { ACCOUNT, evaluate, type Policy } from './iam-evaluate';

describe('deletableRepositories as IAM patterns', () => {
  it.each([
    [['shop/api'], ['shop/api'], []],
    [['team-a/*'], ['team-a/*'], ['team-a/*/*']],
    [['team-?/web'], ['team-?/web'], ['team-//web']],
    [['*-svc'], ['*-svc'], ['*/*-svc']],
    [['**'], ['*'], []],
    [['team-a/**'], ['team-a/*'], []],
    [['**/web'], ['web', '*/web'], []],
    [['team-a/*', 'team-b/**'], ['team-a/*', 'team-b/*'], ['team-a/*/*']],
  ])('%j → allow %j, deny %j', (globs, allow, deny) => {
    expect(deletablePatterns(globs)).toEqual({ allow, deny });
  });

  it.each([
    [[], /lists no repository/],
    [['Team/*'], /not a repository name glob/],
    [['team-a/**/*'], /mixes "\*\*" with "\*" or "\?"/],
    [['a***'], /"\*\*\*"/],
    // The Deny of team-a/* (team-a/*/*) would also deny team-a/x/y, which the second glob allows.
    [['team-a/*', 'team-a/x/y'], /"team-a\/\*" needs an IAM Deny on "team-a\/\*\/\*", which may also match names of "team-a\/x\/y"/],
  ])('refuses %j at synth', (globs, message) => {
    expect(() => deletablePatterns(globs)).toThrow(message);
  });

  it('tells patterns apart only when their literal starts or ends disagree', () => {
    expect(mayOverlap('team-a/*/*', 'team-b/*')).toBe(false);
    expect(mayOverlap('*/*-svc', '*-web')).toBe(false);
    expect(mayOverlap('team-a/*/*', 'team-a/x/*')).toBe(true);
    expect(mayOverlap('a/b', 'a/c')).toBe(false);
  });

  const segment = fc.constantFrom('a', 'b', 'ab', 'a*', '*b', '*', '?', 'a?', '**');
  const glob = fc.array(segment, { minLength: 1, maxLength: 3 }).map((segments) => segments.join('/'));
  const name = fc.array(fc.constantFrom('a', 'b', 'ab', 'ba', 'aab'), { minLength: 1, maxLength: 4 }).map((segments) => segments.join('/'));

  it('lets IAM allow a name exactly when the globs match it, whenever it accepts the globs', async () => {
    await fc.assert(fc.asyncProperty(fc.array(glob, { minLength: 1, maxLength: 2 }), fc.array(name, { minLength: 1, maxLength: 6 }), async (globs, names) => {
      let patterns;
      try {
        patterns = deletablePatterns(globs);
      } catch {
        return; // refused at synth: nothing deployed
      }
      const policy = policyOf(patterns);
      const matches = compileGlobs(globs);
      for (const repository of names) {
        const verdict = await evaluate(policy, { action: 'ecr:BatchDeleteImage', resource: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/${repository}` });
        expect({ repository, allowed: verdict === 'Allowed' }).toEqual({ repository, allowed: matches(repository) });
      }
    }), { numRuns: 150, seed: 11 });
  });
});

function policyOf(patterns: { allow: readonly string[]; deny: readonly string[] }): Policy {
  const arns = (names: readonly string[]) => names.map((n) => `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/${n}`);
  return {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['ecr:BatchDeleteImage'], Resource: arns(patterns.allow) },
      ...(patterns.deny.length ? [{ Effect: 'Deny', Action: ['ecr:BatchDeleteImage'], Resource: arns(patterns.deny) }] : []),
    ],
  };
}
