/**
 * What happens between the workload accounts' runs and the registry's: a victim's export deleted or overwritten with
 * junk (by its own account, which the bucket policy allows), another account trying to overwrite, delete or shadow
 * it (which the policy must deny), or a workload account starting to pull images after its export was written.
 */
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { registryHost } from '../../emulator/aws/account';
import { lateImages } from './estate-builder';
import { EXCHANGE_BUCKET } from './estate-config';
import { junkFor, victimIndex, victimOf } from './estate-faults';
import { inGrace } from './estate-oracle';
import { REGISTRY_ID, type ExchangeFault } from './estate-spec';
import { exchangeKeys, exportBody, s3As, type EstateWorld } from './estate-world';

export interface ForeignWriteEvidence {
  readonly attacker: string;
  readonly victim: string;
  /** Each attempt and S3's answer: an error name, or `accepted`. */
  readonly attempts: readonly { readonly what: string; readonly answer: string }[];
  /** The victim's export and the bucket's keys are as they were before the attempts. */
  readonly untouched: boolean;
}

export interface LateReference {
  readonly key: string;
  /** Whether grace alone keeps its image (pushed or pulled within the grace period). */
  readonly age: 'in-grace' | 'out-of-grace';
  readonly holder: string;
}

export interface Interlude {
  readonly foreignWrite?: ForeignWriteEvidence;
  readonly late: readonly LateReference[];
}

/** Applies the fault's step between the runs, as the account it names would (through S3, with its credentials). */
export async function betweenRuns(world: EstateWorld, now: number): Promise<Interlude> {
  const spec = world.estate.spec;
  const fault = spec.fault;
  const victim = world.estate.workloads[victimIndex(spec) ?? -1];
  if (fault.kind === 'missing' && fault.how === 'object-deleted' && victim) {
    await s3As(world, victim.id, victim.model.region).send(new DeleteObjectCommand({ Bucket: EXCHANGE_BUCKET, Key: `live/${victim.id}.json` }));
  }
  if (fault.kind === 'malformed' && victim) {
    const body = junkFor(fault.junk, exportBody(world, victim.id), world.estate);
    await s3As(world, victim.id, victim.model.region).send(new PutObjectCommand({ Bucket: EXCHANGE_BUCKET, Key: `live/${victim.id}.json`, Body: body }));
  }
  if (fault.kind === 'foreign-write') return { foreignWrite: await foreignWrite(world, fault, now), late: [] };
  if (fault.kind === 'window') return lateReferences(world, fault, now);
  return { late: [] };
}

async function foreignWrite(world: EstateWorld, fault: Extract<ExchangeFault, { kind: 'foreign-write' }>, now: number): Promise<ForeignWriteEvidence> {
  const { workloads } = world.estate;
  const attacker = workloads[fault.attacker % workloads.length] as (typeof workloads)[number];
  const others = [...workloads.filter((w) => w !== attacker).map((w) => w.id), REGISTRY_ID];
  const victim = others[fault.victim % others.length] as string;
  const before = { body: exportBody(world, victim), keys: exchangeKeys(world).join() };
  // The forgery that would hurt: a fresh, complete, valid export of the victim that references nothing.
  const forged = JSON.stringify({
    format: 'ecr-retention.live-set', version: 1, id: victim, accountId: victim, regions: [attacker.model.region],
    collectedAt: new Date(now).toISOString(), complete: true, problems: [], references: [],
  });
  const s3 = s3As(world, attacker.id, attacker.model.region);
  const attempt = async (what: string, send: () => Promise<unknown>) => ({ what, answer: await send().then(() => 'accepted', (e: unknown) => (e as Error).name) });
  const attempts = [
    await attempt(`PutObject live/${victim}.json`, () => s3.send(new PutObjectCommand({ Bucket: EXCHANGE_BUCKET, Key: `live/${victim}.json`, Body: forged }))),
    await attempt(`DeleteObject live/${victim}.json`, () => s3.send(new DeleteObjectCommand({ Bucket: EXCHANGE_BUCKET, Key: `live/${victim}.json` }))),
    await attempt(`PutObject live/${victim}-forged.json`, () => s3.send(new PutObjectCommand({ Bucket: EXCHANGE_BUCKET, Key: `live/${victim}-forged.json`, Body: forged }))),
  ];
  const untouched = exportBody(world, victim) === before.body && exchangeKeys(world).join() === before.keys;
  return { attacker: attacker.id, victim, attempts, untouched };
}

/** Lambda functions deployed in the holder after its export, each pulling its own image (estate-builder lateImages). */
function lateReferences(world: EstateWorld, fault: Extract<ExchangeFault, { kind: 'window' }>, now: number): Interlude {
  const { registry, workloads, spec } = world.estate;
  const holder = workloads[victimOf(spec, fault.holder)] as (typeof workloads)[number];
  const late = lateImages(spec, now).map(({ repository, image }, j) => {
    const base = `${registryHost(registry)}/${repository}`;
    const tag = image.tags[0];
    holder.model.lambda.functions.push({
      name: `late${j}`, packageType: 'Image', versions: [], aliases: [],
      latest: { imageUri: tag ? `${base}:${tag}` : `${base}@${image.digest}`, resolvedImageUri: `${base}@${image.digest}` },
    });
    return { key: `${repository}@${image.digest}`, age: inGrace(image, spec.graceMinutes, now) ? 'in-grace' as const : 'out-of-grace' as const, holder: holder.id };
  });
  return { late };
}
