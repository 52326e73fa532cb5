/**
 * References to this account's registry in a region the run does not cover. This run deletes nothing there, so they
 * block nothing; but a deployment that covers that region alone (a stack per region) cannot see them, and would delete
 * what they pull. The report says so once per region, with the first reference as an example: one run covering both
 * regions (settings.regions) keeps them.
 */
import type { LiveReference, SourceNote } from './model';
import { compareText } from './order';
import { parseImageReference } from './references';
import { ecrRegistryOf } from './registry-hosts';

export function uncoveredRegionNotes(pool: readonly LiveReference[], accountId: string, covered: ReadonlySet<string>): SourceNote[] {
  const byRegion = new Map<string, { count: number; first: LiveReference }>();
  for (const reference of pool) {
    const host = parseImageReference(reference.image)?.host;
    const registry = host === undefined ? undefined : ecrRegistryOf(host);
    if (registry?.accountId !== accountId || registry.region === undefined || covered.has(registry.region)) continue;
    const seen = byRegion.get(registry.region);
    if (seen) seen.count += 1;
    else byRegion.set(registry.region, { count: 1, first: reference });
  }
  return [...byRegion].sort(([a], [b]) => compareText(a, b)).map(([region, { count, first }]) => ({
    source: 'ecr',
    message: `${count} ${count === 1 ? 'reference names' : 'references name'} this account's registry in ${region}, which this run does not cover `
      + `(${first.location} -> ${first.image}${count > 1 ? ', …' : ''}): a deployment covering ${region} alone cannot see ${count === 1 ? 'it' : 'them'} `
      + `and could delete what ${count === 1 ? 'it pulls' : 'they pull'}; cover both regions in one run (settings.regions)`,
  }));
}
