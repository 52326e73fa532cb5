/**
 * The act step's first write: this account's live-set export to the exchange bucket (core/exchange.ts exportOf), for
 * the registries that pull nothing themselves and learn from it what others pull.
 */
import { messageOf } from '../collect';
import { exportOf } from '../core/exchange';
import type { CollectedAccount } from '../core/collected';
import type { ExportResult } from '../report/report';
import type { ExchangeAccess, Telemetry } from '../ports';

/**
 * This account's export: every ECR reference of every region, complete unless a source or a region could not be read.
 * Written before any deletion and whatever the verdict, since other registries depend on it; a write that fails is
 * reported and alerted, and does not stop this account's own run (its own live set is not in doubt).
 */
export async function writeExport(deps: { readonly exports?: ExchangeAccess; readonly telemetry: Telemetry }, collected: CollectedAccount, collectedAt: number): Promise<ExportResult | undefined> {
  const bucket = collected.exchange?.bucket;
  if (!deps.exports || bucket === undefined) return undefined;
  const document = exportOf({
    id: collected.accountId,
    accountId: collected.accountId,
    regions: collected.regions.map(({ inventory }) => inventory.region),
    collectedAt,
    references: collected.regions.flatMap((region) => region.references),
    problems: [
      ...collected.regions.flatMap((region) => region.failedSources.map((failure) => `${failure.source}: ${failure.message}`)),
      ...collected.unreadableRegions.map((failure) => `region ${failure.region}: ${failure.message}`),
    ],
  });
  const key = `live/${document.id}.json`;
  try {
    await deps.exports.open(bucket).write(document);
    deps.telemetry.info('export written', { bucket, key, references: document.references.length, complete: document.complete });
    return { bucket, key, references: document.references.length, complete: document.complete };
  } catch (error) {
    deps.telemetry.error('export not written', { bucket, key, error: messageOf(error) });
    deps.telemetry.metric('Errors', 'Count', 1);
    return { bucket, key, references: document.references.length, complete: document.complete, error: messageOf(error) };
  }
}

