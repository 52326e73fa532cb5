import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { EcrRetentionConfigError } from './props-validation';

/**
 * The regions one deployment reads and cleans (DESIGN.md "Regions and accounts"): a list, or `'*'` for every region
 * enabled in the account, which the Lambda finds with the Account API's ListRegions at each run.
 */
export type Regions = readonly string[] | '*';

export const EVERY_REGION = '*';

/** Region names as AWS spells them in every partition: us-east-1, eu-central-2, us-gov-west-1, cn-northwest-1. */
const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** What the construct derives from the `regions` prop. */
export interface RegionScope {
  /** The region field of every regional ARN the cleaner reads and deletes in: the stack's, each listed one, or `*`. */
  readonly arnRegions: readonly string[];
  /** The Lambda's REGIONS: the default for `settings.regions` when the config sets none. */
  readonly environment: string;
  /** Every enabled region: the Lambda lists them (account:ListRegions). */
  readonly everyRegion: boolean;
}

/**
 * The stack's own region when left out, so that a deployment without the prop keeps the permissions it always had
 * (the token resolves to the deploy-time region; the template is unchanged).
 */
export function regionScope(scope: Construct, regions: Regions | undefined): RegionScope {
  if (regions === undefined) {
    const own = Stack.of(scope).region;
    return { arnRegions: [own], environment: own, everyRegion: false };
  }
  const valid = validateRegions(regions);
  if (valid === EVERY_REGION) return { arnRegions: [EVERY_REGION], environment: EVERY_REGION, everyRegion: true };
  return { arnRegions: valid, environment: valid.join(','), everyRegion: false };
}

export function validateRegions(regions: Regions): Regions {
  if (regions === EVERY_REGION) return regions;
  if (typeof regions === 'string' || !Array.isArray(regions)) {
    throw new EcrRetentionConfigError(`regions ${JSON.stringify(regions)} must be a list of region names or "*" (every enabled region).`);
  }
  if (regions.length === 0) {
    throw new EcrRetentionConfigError('regions is empty: list at least one region, write "*" for every enabled region, or leave it out for the stack\'s own.');
  }
  if (regions.includes(EVERY_REGION)) {
    throw new EcrRetentionConfigError('regions lists "*" among region names: "*" (every enabled region) stands alone, as regions: "*".');
  }
  const invalid = regions.filter((region) => !REGION_NAME.test(region));
  if (invalid.length > 0) {
    throw new EcrRetentionConfigError(`regions: ${invalid.map((r) => JSON.stringify(r)).join(', ')} not a region name (e.g. us-east-1, eu-west-1, us-gov-west-1).`);
  }
  const twice = regions.filter((region, index) => regions.indexOf(region) !== index);
  if (twice.length > 0) throw new EcrRetentionConfigError(`regions lists ${[...new Set(twice)].join(', ')} twice.`);
  return regions;
}

/**
 * `arn:<partition>:account::<account>:account`: the resource account:ListRegions is authorized on when it is called
 * without an AccountId, for the caller's own account (Service Authorization Reference, AWS Account Management:
 * resource type "account"; the "accountInOrganization" type is for a management account asking about a member).
 */
export function ownAccountArn(scope: Construct): string {
  return Stack.of(scope).formatArn({ service: 'account', region: '', resource: 'account', arnFormat: ArnFormat.NO_RESOURCE_NAME });
}
