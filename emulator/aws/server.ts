/**
 * An HTTP server that the real AWS SDK v3 clients talk to (their `endpoint` option or AWS_ENDPOINT_URL).
 * The service is told apart by the SigV4 signing name, as AWS's own front ends route by host.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AccountModel } from './account';
import { AWS_LIKE_QUOTAS, type Fault, FaultInjector, type Quota, seededRandom, TokenBuckets } from './limits';
import { AwsEmulatorError, type ServiceDefinition } from './service';
import { allServices } from './services';
import { errorResponse, parseCall, signingNameOf, successResponse, type WireResponse } from './wire';

export interface AwsEmulatorOptions {
  readonly account: AccountModel;
  /** Forced page size for every list API (tests use 2 or 3). Default 1000. */
  readonly pageSize?: number;
  /** Added to every call, in milliseconds. */
  readonly latencyMs?: number;
  /** Token-bucket quotas keyed `<signingName>:<bucket>`; AWS_LIKE_QUOTAS by default, `{}` for none. */
  readonly quotas?: Readonly<Record<string, Quota>>;
  readonly faults?: readonly Fault[];
  /** How long a `hang` fault holds the connection before dropping it. Default 30 s. */
  readonly hangMs?: number;
  readonly seed?: number;
  readonly services?: readonly ServiceDefinition[];
}

export interface AwsEmulator {
  readonly url: string;
  readonly account: AccountModel;
  /** Calls per `service.Operation`, throttled and faulted ones included. */
  readonly calls: Map<string, number>;
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
  const services = new Map((options.services ?? allServices).map((s) => [s.signingName, s]));
  const buckets = new TokenBuckets(options.quotas ?? AWS_LIKE_QUOTAS);
  const faults = new FaultInjector(seededRandom(options.seed ?? 1));
  faults.set(options.faults ?? []);
  const calls = new Map<string, number>();
  const throttled = new Map<string, number>();
  const errors = new Map<string, number>();
  const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const hangs = new Set<ServerResponse>();

  const server: Server = createServer((req, res) => {
    void readBody(req).then(async (body) => {
      const service = services.get(signingNameOf(req) ?? '');
      if (!service) return send(res, { status: 400, headers: {}, body: `unknown service ${signingNameOf(req)}` });
      let operation = '?';
      try {
        const call = parseCall(service, req, body);
        operation = call.operation;
        const key = `${service.signingName}.${operation}`;
        count(calls, key);
        if (options.latencyMs) await sleep(options.latencyMs);
        const fault = faults.draw(service.signingName, operation);
        if (fault === 'hang') return hang(res, hangs, options.hangMs ?? 30_000);
        if (fault === 'server-error') throw new AwsEmulatorError('InternalFailure', 'Injected server error', 500);
        const bucket = service.quotaBuckets?.[operation];
        const overQuota = bucket !== undefined && !buckets.take(`${service.signingName}:${bucket}`);
        if (fault === 'throttle' || overQuota) {
          if (overQuota) count(throttled, key);
          const throttle = service.throttleError ?? { code: 'ThrottlingException', status: 400 };
          throw new AwsEmulatorError(throttle.code, 'Rate exceeded', throttle.status);
        }
        const handler = service.operations[operation];
        if (!handler) throw new AwsEmulatorError('UnknownOperationException', `${service.signingName} has no ${operation}`);
        const ctx = { account: options.account, pageSize: options.pageSize ?? 1000, pathParams: call.pathParams, query: call.query };
        send(res, successResponse(service, operation, await handler(call.input, ctx)));
      } catch (error) {
        const modelled = error instanceof AwsEmulatorError ? error
          : new AwsEmulatorError('InternalFailure', `emulator bug in ${operation}: ${String(error)}`, 500);
        count(errors, `${service.signingName}.${operation} ${modelled.code}`);
        send(res, errorResponse(service, modelled));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    account: options.account,
    calls,
    throttled,
    errors,
    faults,
    setFaults: (next) => faults.set(next),
    resetCounters: () => {
      calls.clear();
      throttled.clear();
      errors.clear();
    },
    totalCalls: () => [...calls.values()].reduce((a, b) => a + b, 0),
    close: () => {
      for (const res of hangs) res.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
