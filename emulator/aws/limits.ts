/**
 * What makes the emulator behave like AWS under load: token-bucket quotas per account and bucket,
 * injected faults by service/operation and rate (seeded, so a failing case replays), and latency.
 */

export interface Quota {
  readonly burst: number;
  readonly perSecond: number;
}

export type FaultKind = 'throttle' | 'server-error' | 'hang';

export interface Fault {
  readonly service: string;
  /** Every operation of the service when absent. */
  readonly operation?: string;
  /** Only calls of this account (its access key) when set: a multi-account estate can fail one account. */
  readonly accountId?: string;
  /** Only calls signed for this Region when set: a multi-Region estate can fail one Region. */
  readonly region?: string;
  readonly kind: FaultKind;
  /** Probability per matching call, 0..1. */
  readonly rate: number;
  /** Stop after this many injections (unlimited when absent). */
  remaining?: number;
}

/** The ECS request-throttling table (burst / sustained per second) and a generous default for the rest. */
export const AWS_LIKE_QUOTAS: Readonly<Record<string, Quota>> = {
  'ecs:cluster-read': { burst: 50, perSecond: 20 },
  'ecs:task-definition-read': { burst: 50, perSecond: 20 },
  'ecs:cluster-resource-read': { burst: 100, perSecond: 20 },
  'ecs:service-read': { burst: 100, perSecond: 20 },
  'ecs:service-deployment': { burst: 50, perSecond: 20 },
  'ecs:service-revision': { burst: 50, perSecond: 20 },
  'ecr:read': { burst: 100, perSecond: 50 },
  'ecr:batch-get-image': { burst: 2000, perSecond: 2000 },
  'ecr:delete': { burst: 50, perSecond: 20 },
};

export class TokenBuckets {
  private readonly state = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly quotas: Readonly<Record<string, Quota>>,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /**
   * Takes one token; false when the bucket is empty (the call is throttled). Unknown buckets are unlimited. `scope`
   * keeps one bucket per scope: AWS meters API rates per account and per Region (ECS Developer Guide, "Request
   * throttling for the Amazon ECS API"; ECR service quotas are likewise per Region of an account).
   */
  take(bucket: string, scope = ''): boolean {
    const quota = this.quotas[bucket];
    if (!quota) return true;
    const key = `${scope} ${bucket}`;
    const now = this.clock();
    const current = this.state.get(key) ?? { tokens: quota.burst, at: now };
    const tokens = Math.min(quota.burst, current.tokens + ((now - current.at) / 1000) * quota.perSecond);
    if (tokens < 1) {
      this.state.set(key, { tokens, at: now });
      return false;
    }
    this.state.set(key, { tokens: tokens - 1, at: now });
    return true;
  }
}

/** mulberry32: a tiny seeded PRNG, so fault injection is reproducible from a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private faults: Fault[] = [];
  readonly injected = new Map<string, number>();

  constructor(private readonly random: () => number) {}

  set(faults: readonly Fault[]): void {
    this.faults = faults.map((fault) => ({ ...fault }));
  }

  /** The fault to inject on this call, if any. */
  draw(service: string, operation: string, where: { readonly accountId?: string; readonly region?: string } = {}): FaultKind | undefined {
    for (const fault of this.faults) {
      if (fault.service !== service || (fault.operation && fault.operation !== operation)) continue;
      if ((fault.accountId && fault.accountId !== where.accountId) || (fault.region && fault.region !== where.region)) continue;
      if (fault.remaining !== undefined && fault.remaining <= 0) continue;
      if (this.random() >= fault.rate) continue;
      if (fault.remaining !== undefined) fault.remaining -= 1;
      const key = `${service}.${operation}:${fault.kind}`;
      this.injected.set(key, (this.injected.get(key) ?? 0) + 1);
      return fault.kind;
    }
    return undefined;
  }
}
