/**
 * One request through the emulator: the service from the signing name, the account from the access key, the model
 * from the signing Region; then latency, injected faults, quotas and the handler, each counted.
 */
import type { IncomingMessage } from 'node:http';
import type { AccountModel } from './account';
import type { CallCounters } from './counters';
import type { Estate } from './estate';
import type { FaultInjector, TokenBuckets } from './limits';
import { AwsEmulatorError, type OperationContext, type ServiceDefinition } from './service';
import { errorResponse, parseCall, scopeOf, type SigningScope, successResponse, type WireResponse } from './wire';

export interface Dispatcher {
  readonly services: ReadonlyMap<string, ServiceDefinition>;
  readonly estate: Estate;
  readonly buckets: TokenBuckets;
  readonly faults: FaultInjector;
  readonly counters: CallCounters;
  readonly pageSize: number;
  readonly latencyMs: number;
  readonly now: () => number;
}

/** An answer, or `hang`: hold the connection and drop it later. */
export type Outcome = WireResponse | 'hang';

export async function dispatch(d: Dispatcher, req: IncomingMessage, body: Buffer): Promise<Outcome> {
  const scope = scopeOf(req);
  const service = d.services.get(scope?.service ?? '');
  if (!scope || !service) return { status: 400, headers: {}, body: `unknown service ${scope?.service}` };
  let key = `${service.signingName}.?`;
  try {
    const call = parseCall(service, req, body);
    key = `${service.signingName}.${call.operation}`;
    const accountId = d.estate.accountOfKey(scope.accessKeyId);
    d.counters.call(key, `${accountId ?? '?'}/${scope.region}`);
    if (d.latencyMs) await sleep(d.latencyMs);
    const account = modelOf(d.estate, service, scope, accountId);
    if (admit(d, service, call.operation, { accountId: account.accountId, region: scope.region }) === 'hang') return 'hang';
    const handler = service.operations[call.operation];
    if (!handler) throw new AwsEmulatorError('UnknownOperationException', `${service.signingName} has no ${call.operation}`);
    const ctx: OperationContext = {
      account, estate: d.estate, now: d.now, pageSize: d.pageSize, pathParams: call.pathParams, query: call.query,
    };
    return successResponse(service, call.operation, await handler(call.input, ctx));
  } catch (error) {
    const modelled = error instanceof AwsEmulatorError ? error
      : new AwsEmulatorError('InternalFailure', `emulator bug in ${key}: ${String(error)}`, 500);
    d.counters.error(key, modelled.code);
    return errorResponse(service, modelled);
  }
}

/**
 * The model the call works on. A key the estate does not know, or a Region the account has not enabled, is refused
 * as AWS refuses credentials it does not recognise: disabling a Region "will remove all IAM access to any resources
 * that reside in that Region" (Account Management API reference, DisableRegion), and a request there fails
 * authentication (Common Errors: UnrecognizedClientException / InvalidClientTokenId, 403).
 */
function modelOf(estate: Estate, service: ServiceDefinition, scope: SigningScope, accountId: string | undefined): AccountModel {
  if (accountId === undefined || (!service.global && !estate.isEnabled(accountId, scope.region))) throw invalidToken(service);
  return service.global ? estate.homeOf(accountId) : estate.modelFor(accountId, scope.region);
}

/** Each protocol's code for credentials AWS does not accept (S3: Error responses, InvalidAccessKeyId, 403). */
function invalidToken(service: ServiceDefinition): AwsEmulatorError {
  if (service.protocol === 'rest-xml') {
    return new AwsEmulatorError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403);
  }
  const code = service.protocol === 'query' ? 'InvalidClientTokenId' : 'UnrecognizedClientException';
  return new AwsEmulatorError(code, 'The security token included in the request is invalid.', 403);
}

/** Injected faults, then the quota bucket (per account and Region unless the service shares its quotas). */
function admit(d: Dispatcher, service: ServiceDefinition, operation: string, where: { accountId: string; region: string }): 'hang' | undefined {
  const fault = d.faults.draw(service.signingName, operation, where);
  if (fault === 'hang') return 'hang';
  if (fault === 'server-error') throw new AwsEmulatorError('InternalFailure', 'Injected server error', 500);
  const bucket = service.quotaBuckets?.[operation];
  const scope = service.sharedQuotas ? '' : `${where.accountId}/${where.region}`;
  const overQuota = bucket !== undefined && !d.buckets.take(`${service.signingName}:${bucket}`, scope);
  if (fault === 'throttle' || overQuota) {
    if (overQuota) d.counters.throttle(`${service.signingName}.${operation}`);
    const throttle = service.throttleError ?? { code: 'ThrottlingException', status: 400 };
    throw new AwsEmulatorError(throttle.code, 'Rate exceeded', throttle.status);
  }
  return undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
