/**
 * The Account Management API (REST-JSON, signing name `account`, a global endpoint): ListRegions, `POST /listRegions`
 * (@aws-sdk/client-account's ListRegions schema; API reference ListRegions). The estate's enabled Regions of the
 * caller's account are listed ENABLED (opt-in Regions) or ENABLED_BY_DEFAULT (the others), and every opt-in Region
 * it has not enabled DISABLED, so a client must filter. Simplification: Regions enabled by default that the estate
 * does not give the account are not listed at all (AWS would list them; the estate says which Regions exist).
 */
import { AwsEmulatorError, type OperationContext, paginate, type ServiceDefinition } from '../service';

type RegionOptStatus = 'ENABLED' | 'ENABLING' | 'DISABLING' | 'DISABLED' | 'ENABLED_BY_DEFAULT';
const STATUSES: ReadonlySet<string> = new Set<RegionOptStatus>(['ENABLED', 'ENABLING', 'DISABLING', 'DISABLED', 'ENABLED_BY_DEFAULT']);

/**
 * Regions an account must opt in to (Account Management Reference Guide, "Enable or disable AWS Regions in your
 * account"; AWS General Reference, "AWS Regions": "Opt-in required").
 */
export const OPT_IN_REGIONS: readonly string[] = [
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5',
  'ap-southeast-6', 'ap-southeast-7', 'ca-west-1', 'eu-central-2', 'eu-south-1', 'eu-south-2', 'il-central-1',
  'me-central-1', 'me-south-1', 'mx-central-1',
];

interface ListRegionsInput {
  readonly AccountId?: unknown;
  readonly MaxResults?: unknown;
  readonly NextToken?: string;
  readonly RegionOptStatusContains?: unknown;
}

function listRegions(input: ListRegionsInput, ctx: OperationContext) {
  checkInput(input);
  const wanted = input.RegionOptStatusContains as string[] | undefined;
  const regions = regionsOf(ctx.estate.enabledRegionsOf(ctx.account.accountId))
    .filter((region) => wanted === undefined || wanted.includes(region.RegionOptStatus));
  const { page, nextToken } = pageOf(regions, input, ctx);
  return { Regions: page, ...(nextToken ? { NextToken: nextToken } : {}) };
}

/** The Account API answers a bad token with its own ValidationException, not the generic InvalidParameterException. */
function pageOf<T>(items: readonly T[], input: ListRegionsInput, ctx: OperationContext) {
  try {
    return paginate(items, input.NextToken, input.MaxResults as number | undefined, ctx, 50);
  } catch (error) {
    if (error instanceof AwsEmulatorError) throw new AwsEmulatorError('ValidationException', error.message);
    throw error;
  }
}

/** Sorted by name (the API promises no order), which interleaves disabled and enabled Regions. */
function regionsOf(enabled: readonly string[]): { RegionName: string; RegionOptStatus: RegionOptStatus }[] {
  const names = new Set([...enabled, ...OPT_IN_REGIONS]);
  return [...names].sort().map((name) => ({
    RegionName: name,
    RegionOptStatus: !enabled.includes(name) ? 'DISABLED' : OPT_IN_REGIONS.includes(name) ? 'ENABLED' : 'ENABLED_BY_DEFAULT',
  }));
}

/**
 * ListRegions request constraints (API reference ListRegions): MaxResults 1..50, RegionOptStatusContains members of RegionOptStatus
 * (ValidationException, 400). `AccountId` names a member account and needs an organization's management or delegated
 * administrator account; the emulator has no organizations, so it answers AccessDeniedException (403) to any.
 */
function checkInput(input: ListRegionsInput): void {
  if (input.AccountId !== undefined) {
    throw new AwsEmulatorError('AccessDeniedException', 'The emulated accounts belong to no organization: call without AccountId', 403);
  }
  const max = input.MaxResults;
  if (max !== undefined && !(typeof max === 'number' && Number.isInteger(max) && max >= 1 && max <= 50)) {
    throw new AwsEmulatorError('ValidationException', 'MaxResults must be between 1 and 50');
  }
  const statuses = input.RegionOptStatusContains;
  if (statuses !== undefined && !(Array.isArray(statuses) && statuses.every((status) => STATUSES.has(String(status))))) {
    throw new AwsEmulatorError('ValidationException', `RegionOptStatusContains members must be one of ${[...STATUSES].join(', ')}`);
  }
}

export const account: ServiceDefinition = {
  signingName: 'account',
  protocol: 'rest-json',
  global: true,
  routes: [{ method: 'POST', path: '/listRegions', operation: 'ListRegions' }],
  // ListRegions throttles with TooManyRequestsException, HTTP 429 (SDK model: ListRegions errors, its httpError).
  throttleError: { code: 'TooManyRequestsException', status: 429 },
  operations: { ListRegions: listRegions },
};
