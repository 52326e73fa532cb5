/**
 * A reference to this account's registry in a region the run does not cover blocks nothing (nothing is deleted there)
 * but is reported: a deployment covering that region alone cannot see it.
 */
import { decide } from '../../../lambda/core/decide';
import type { LiveReference } from '../../../lambda/core/model';
import type { RetentionConfig } from '../../../lambda/core/policy';
import { uncoveredRegionNotes } from '../../../lambda/core/uncovered-regions';
import { collectedAccount, DAY, digestOf, image, inventory, NOW, policy } from '../../support/core-builders';

const ACCOUNT = '123456789012';
const ref = (image: string, location = 'ecs cluster/prod service/api'): LiveReference => ({ source: 'ecs', location, image });
const covered = new Set(['us-east-1']);

describe('references to this account\'s registry in regions the run does not cover', () => {
  it.each<[string, LiveReference[], unknown[]]>([
    ['a tag in another region of this account', [ref(`${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/shop/api:v1`)],
      ['1 reference names this account\'s registry in eu-west-1, which this run does not cover (ecs cluster/prod service/api -> 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:v1): '
        + 'a deployment covering eu-west-1 alone cannot see it and could delete what it pulls; cover both regions in one run (settings.regions)']],
    ['the dual-stack and FIPS names of it too, counted per region', [
      ref(`${ACCOUNT}.dkr-ecr.eu-west-1.on.aws/shop/api@sha256:${'a'.repeat(64)}`), ref(`${ACCOUNT}.dkr.ecr-fips.us-west-2.amazonaws.com/shop/web:v2`),
      ref(`${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/shop/web:v3`, 'lambda function/thumbnailer'),
    ], [expect.stringMatching(/^2 references name this account's registry in eu-west-1, .*, …\): .* alone cannot see them and could delete what they pull/),
      expect.stringMatching(/^1 reference names this account's registry in us-west-2,/)]],
    ['nothing for a covered region, another account, another registry or a bare digest', [
      ref(`${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/shop/api:v1`), ref('210987654321.dkr.ecr.eu-west-1.amazonaws.com/shop/api:v1'),
      ref('public.ecr.aws/nginx/nginx:1'), ref(`sha256:${'b'.repeat(64)}`),
    ], []],
  ])('%s', (_name, pool, expected) => {
    expect(uncoveredRegionNotes(pool, ACCOUNT, covered).map((note) => note.message)).toEqual(expected);
  });

  it('is a note of the decision, never a blocker', () => {
    const config: RetentionConfig = {
      settings: { mode: 'delete', gracePeriodMs: DAY, maxDeletionsPerRun: 1000, live: { lambda: false, batch: false }, notify: { email: 'changes' } },
      policies: [policy({ untagged: { kind: 'expire' } })],
    };
    const region = { inventory: inventory([image({ digest: digestOf('old'), pushedAt: NOW - 30 * DAY })]), references: [ref(`${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/app:v1`)], failedSources: [], sources: ['ecs' as const] };
    const decided = decide(collectedAccount(region), config, 'delete', NOW);
    expect(decided.verdict.action).toBe('delete');
    expect(decided.notes).toEqual([expect.objectContaining({ source: 'ecr', message: expect.stringContaining('in eu-west-1, which this run does not cover') })]);
  });
});
