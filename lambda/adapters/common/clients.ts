/**
 * One place that configures every AWS SDK client: adaptive retry, bounded attempts, request timeouts (so a hung
 * call is retried instead of stalling the run), and the standard AWS_ENDPOINT_URL[_<SERVICE>] variables, which
 * the SDK honours by itself whenever no explicit endpoint is passed.
 */
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, RetryStrategyV2 } from '@smithy/types';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';

export interface ClientSettings {
  readonly region?: string;
  /** Overrides every service's endpoint (the emulator, LocalStack, …). */
  readonly endpoint?: string;
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts per call, first one included. Default 8: ECR and ECS throttle list calls without a published quota. */
  readonly maxAttempts?: number;
  /** A call that has not answered by then is abandoned and retried. Default 20 s. */
  readonly requestTimeoutMs?: number;
  /** Sockets per client: the adapters' own concurrency limits stay below it. Default 50. */
  readonly maxSockets?: number;
  /**
   * Fixed backoff between attempts instead of the adaptive strategy's. Tests and the demo use it so that a
   * throttled emulator costs milliseconds; production leaves it unset and gets adaptive retry.
   */
  readonly fixedBackoffMs?: number;
}

export interface CommonClientConfig {
  region?: string;
  endpoint?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  maxAttempts: number;
  retryMode: 'adaptive';
  retryStrategy?: RetryStrategyV2;
  requestHandler: NodeHttpHandler;
}

export function commonClientConfig(settings: ClientSettings = {}): CommonClientConfig {
  const maxAttempts = settings.maxAttempts ?? attemptsFromEnvironment() ?? 8;
  return {
    ...(settings.region ? { region: settings.region } : {}),
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    maxAttempts,
    retryMode: 'adaptive',
    ...(settings.fixedBackoffMs !== undefined
      ? { retryStrategy: new ConfiguredRetryStrategy(maxAttempts, settings.fixedBackoffMs) }
      : {}),
    requestHandler: new NodeHttpHandler({
      requestTimeout: settings.requestTimeoutMs ?? 20_000,
      // Without it the handler only logs a warning and a hung call stays open until the Lambda times out.
      throwOnRequestTimeout: true,
      connectionTimeout: 5_000,
      httpAgent: { maxSockets: settings.maxSockets ?? 50, keepAlive: true },
      httpsAgent: { maxSockets: settings.maxSockets ?? 50, keepAlive: true },
    }),
  };
}

/** The SDK's standard AWS_MAX_ATTEMPTS, which an explicit maxAttempts would otherwise silence. */
function attemptsFromEnvironment(): number | undefined {
  const attempts = Number(process.env.AWS_MAX_ATTEMPTS);
  return Number.isInteger(attempts) && attempts >= 1 ? attempts : undefined;
}
