/** What the emulator counts, for tests and benchmarks: calls, throttles and errors, in total and per (account, Region). */

export class CallCounters {
  /** Calls per `service.Operation`, throttled and faulted ones included. */
  readonly calls = new Map<string, number>();
  /** Calls answered with a quota throttle, per `service.Operation`. */
  readonly throttled = new Map<string, number>();
  /** Calls answered with an error, per `service.Operation ErrorCode`. */
  readonly errors = new Map<string, number>();
  /**
   * Calls per `accountId/region service.Operation`: the account of the access key (`?` for a key the estate does not
   * know) and the Region the call was signed for.
   */
  readonly regional = new Map<string, number>();

  call(key: string, place: string): void {
    bump(this.calls, key);
    bump(this.regional, `${place} ${key}`);
  }

  throttle(key: string): void {
    bump(this.throttled, key);
  }

  error(key: string, code: string): void {
    bump(this.errors, `${key} ${code}`);
  }

  /** The calls of one (account, Region), per `service.Operation`. */
  callsBy(accountId: string, region: string): Map<string, number> {
    const prefix = `${accountId}/${region} `;
    return new Map([...this.regional].filter(([key]) => key.startsWith(prefix)).map(([key, n]) => [key.slice(prefix.length), n]));
  }

  total(): number {
    return [...this.calls.values()].reduce((a, b) => a + b, 0);
  }

  reset(): void {
    for (const map of [this.calls, this.throttled, this.errors, this.regional]) map.clear();
  }
}

/** One more under `key`. */
export function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
