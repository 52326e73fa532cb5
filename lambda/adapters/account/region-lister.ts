/**
 * The regions enabled in the account, for `settings.regions: "*"`: AWS Account Management ListRegions, keeping the
 * regions that are ENABLED (opted in) or ENABLED_BY_DEFAULT. A region still ENABLING or DISABLING is left out: its
 * resources cannot be relied on either way (API reference ListRegions, RegionOptStatus).
 */
import { type AccountClient, paginateListRegions } from '@aws-sdk/client-account';
import type { RegionLister } from '../../ports';

export class RegionListError extends Error {
  override readonly name = 'RegionListError';
}

export class AccountRegionLister implements RegionLister {
  constructor(private readonly client: AccountClient) {}

  async enabledRegions(): Promise<readonly string[]> {
    const regions: string[] = [];
    try {
      const pages = paginateListRegions({ client: this.client }, { RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'] });
      for await (const page of pages) for (const region of page.Regions ?? []) if (region.RegionName) regions.push(region.RegionName);
    } catch (cause) {
      throw new RegionListError(`the enabled regions could not be listed (account:ListRegions): ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
    if (regions.length === 0) throw new RegionListError('account:ListRegions answered no enabled region');
    return regions.sort();
  }
}
