/**
 * An HTTP server that the real AWS SDK v3 clients talk to (their `endpoint` option or AWS_ENDPOINT_URL).
 * The service is told apart by the SigV4 signing name, as AWS's own front ends route by host.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AccountModel } from './account';
import { CallCounters } from './counters';
import { dispatch } from './dispatch';
import { Estate, type EmulatorCredentials, type EstateOptions } from './estate';
import { AWS_LIKE_QUOTAS, type Fault, FaultInjector, type Quota, seededRandom, TokenBuckets } from './limits';
import type { ServiceDefinition } from './service';
import { allServices } from './services';
import type { WireResponse } from './wire';

/** `account` (an estate of one), `accounts` (one model per account and Region), or both: `account` comes first. */
export interface AwsEmulatorOptions extends EstateOptions {
  /** Forced page size for every list API (tests use 2 or 3). Default 1000. */
  readonly pageSize?: number;
  /** Added to every call, in milliseconds. */
  readonly latencyMs?: number;
  /** Token-bucket quotas keyed `<signingName>:<bucket>`, kept per (account, Region); AWS_LIKE_QUOTAS by default, `{}` for none. */
  readonly quotas?: Readonly<Record<string, Quota>>;
  readonly faults?: readonly Fault[];
  /** How long a `hang` fault holds the connection before dropping it. Default 30 s. */
  readonly hangMs?: number;
  readonly seed?: number;
  readonly services?: readonly ServiceDefinition[];
  /** The emulator's clock (S3 Last-Modified), epoch milliseconds. Default Date.now. */
  readonly clock?: () => number;
}

export interface AwsEmulator {
  readonly url: string;
  /** The first model: the whole estate when started with `account` alone. */
  readonly account: AccountModel;
  /** Every model, in the order given, then the Regions created on first use. */
  readonly models: readonly AccountModel[];
  /** The model of (account, Region), created empty if the account has none there yet. Throws for an unknown account. */
  modelFor(accountId: string, region: string): AccountModel;
  /** The access key registered for the account (any other key acts as the first account). */
  credentialsFor(accountId: string): EmulatorCredentials;
  /** Calls per `service.Operation`, throttled and faulted ones included. */
  readonly calls: Map<string, number>;
  /** Calls per `accountId/region service.Operation` (the caller's account and signing Region). */
  readonly regionalCalls: Map<string, number>;
  /** One (account, Region)'s calls per `service.Operation`. */
  callsBy(accountId: string, region: string): Map<string, number>;
  /** Calls answered with a quota throttle, per `service.Operation`. */
  readonly throttled: Map<string, number>;
  /** Calls answered with an error, per `service.Operation ErrorCode` (throttles and injected faults included). */
  readonly errors: Map<string, number>;
  readonly faults: FaultInjector;
  setFaults(faults: readonly Fault[]): void;
  resetCounters(): void;
  totalCalls(): number;
  close(): Promise<void>;
}

export async function startAwsEmulator(options: AwsEmulatorOptions): Promise<AwsEmulator> {
  const estate = new Estate(options);
  const faults = new FaultInjector(seededRandom(options.seed ?? 1));
  faults.set(options.faults ?? []);
  const counters = new CallCounters();
  const dispatcher = {
    services: new Map((options.services ?? allServices).map((s) => [s.signingName, s])),
    estate,
    buckets: new TokenBuckets(options.quotas ?? AWS_LIKE_QUOTAS),
    faults,
    counters,
    pageSize: options.pageSize ?? 1000,
    latencyMs: options.latencyMs ?? 0,
    now: options.clock ?? Date.now,
  };
  const hangs = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    void readBody(req)
      .then((body) => dispatch(dispatcher, req, body))
      .then((outcome) => (outcome === 'hang' ? hang(res, hangs, options.hangMs ?? 30_000) : send(res, outcome)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    account: estate.models[0] as AccountModel,
    models: estate.models,
    modelFor: (accountId, region) => estate.modelFor(accountId, region),
    credentialsFor: (accountId) => estate.credentialsFor(accountId),
    ...countersOf(counters),
    faults,
    setFaults: (next) => faults.set(next),
    close: () => {
      for (const res of hangs) res.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function countersOf(counters: CallCounters) {
  return {
    calls: counters.calls,
    regionalCalls: counters.regional,
    callsBy: (accountId: string, region: string) => counters.callsBy(accountId, region),
    throttled: counters.throttled,
    errors: counters.errors,
    resetCounters: () => counters.reset(),
    totalCalls: () => counters.total(),
  };
}

/** The body as bytes: S3 objects may be binary (a gzip state); the other protocols decode it as UTF-8 themselves. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, response: WireResponse): void {
  res.writeHead(response.status, { ...response.headers, 'x-amzn-requestid': 'emulator' });
  res.end(response.body);
}

/** Holds the call open, then drops the connection: the client must time out and retry on its own. */
function hang(res: ServerResponse, hangs: Set<ServerResponse>, ms: number): void {
  hangs.add(res);
  const timer = setTimeout(() => {
    hangs.delete(res);
    res.destroy();
  }, ms);
  res.on('close', () => clearTimeout(timer));
}
