/**
 * One emulated estate: a single AWS emulator holding every account (the access key picks the account, the signing
 * region the model; S3 is one store), and the pipeline of any account composed by the product's own composition root
 * (lambda/wiring.ts buildDependencies) with that account's credentials, as each account's Lambda would be.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { AccountModel } from '../../emulator/aws/account';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';
import { commonClientConfig } from '../../lambda/adapters/common/clients';
import type { Telemetry } from '../../lambda/ports';
import type { RunReport } from '../../lambda/report/report';
import { run } from '../../lambda/run';
import { buildDependencies } from '../../lambda/wiring';
import { topicArn, type BuiltEstate } from './estate-builder';
import { CONFIG_PATH, EXCHANGE_BUCKET } from './estate-config';

const SILENT: Telemetry = { info: () => undefined, warn: () => undefined, error: () => undefined, metric: () => undefined };
/** Attempts per call of a run that must not fail on its own (the flaky-exchange case sets fewer). */
export const PATIENT_ATTEMPTS = 4;

export interface EstateWorld {
  readonly aws: AwsEmulator;
  readonly estate: BuiltEstate;
  close(): Promise<void>;
}

export async function startEstateWorld(estate: BuiltEstate, seed: number): Promise<EstateWorld> {
  const aws = await startAwsEmulator({
    accounts: [estate.registry, ...estate.workloads.map((w) => w.model)], pageSize: 5, quotas: {}, seed, hangMs: 400,
  });
  return { aws, estate, close: () => aws.close() };
}

export interface AccountRun {
  readonly model: AccountModel;
  /** The instant the run takes for now: its export's collectedAt. */
  readonly clock: number;
  readonly attempts?: number;
}

/**
 * One scheduled run of an account's Lambda: no journal (the registry's deletions are one wave of plain images, and a
 * journal read would share the exchange's S3 faults), the export written, the email published to its own topic.
 */
export async function runAccount(world: EstateWorld, { model, clock, attempts }: AccountRun): Promise<RunReport> {
  const dependencies = await buildDependencies({
    clients: {
      region: model.region, endpoint: world.aws.url, credentials: world.aws.credentialsFor(model.accountId),
      maxAttempts: attempts ?? PATIENT_ATTEMPTS, fixedBackoffMs: 1, requestTimeoutMs: 5_000,
    },
    configPath: CONFIG_PATH,
    topicArn: topicArn(model),
    exchangeBucket: EXCHANGE_BUCKET,
    writeExport: true,
    telemetry: SILENT,
    runId: `estate-${model.accountId}`,
    clock: () => clock,
  });
  return run(dependencies);
}

/** An S3 client signing as `accountId`: what that account's role (or anyone holding its credentials) can do. */
export function s3As(world: EstateWorld, accountId: string, region: string): S3Client {
  return new S3Client({
    ...commonClientConfig({ region, endpoint: world.aws.url, credentials: world.aws.credentialsFor(accountId), maxAttempts: 1 }),
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
}

/** The body of `live/<id>.json` as the bucket holds it now, read from the store (no account's permissions involved). */
export function exportBody(world: EstateWorld, id: string): string | undefined {
  return world.aws.account.s3?.buckets[EXCHANGE_BUCKET]?.[`live/${id}.json`]?.body;
}

/** Every key of the exchange bucket, sorted. */
export function exchangeKeys(world: EstateWorld): string[] {
  return Object.keys(world.aws.account.s3?.buckets[EXCHANGE_BUCKET] ?? {}).sort();
}
