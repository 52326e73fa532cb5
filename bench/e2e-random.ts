/** Seeded randomness for the generator: every run of the bench builds the same account. */
import { seededRandom } from '../emulator/aws/limits';

export type Random = () => number;

export function randomFrom(seed: number): Random {
  return seededRandom(seed);
}

/** Standard normal (Box–Muller). */
export function gaussian(rand: Random): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** A lognormal count around `median`, clamped: real accounts have a few very large repositories and families. */
export function lognormal(rand: Random, median: number, sigma: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(median * Math.exp(sigma * gaussian(rand)))));
}

/**
 * Splits `total` into `parts` lognormal-weighted integers summing exactly to `total`; a share `emptyShare` of the
 * parts get nothing (empty repositories exist, and still cost a DescribeImages call).
 */
export function splitTotal(rand: Random, total: number, parts: number, sigma: number, emptyShare = 0): number[] {
  const weights = Array.from({ length: parts }, () => (rand() < emptyShare ? 0 : Math.exp(sigma * gaussian(rand))));
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const counts = weights.map((w) => Math.floor((w / sum) * total));
  let left = total - counts.reduce((a, b) => a + b, 0);
  // The remainder goes round-robin to non-empty parts, so the total is exact.
  for (let i = 0; left > 0; i = (i + 1) % parts) {
    if (weights[i] === 0 && weights.some((w) => w > 0)) continue;
    counts[i] = (counts[i] ?? 0) + 1;
    left--;
  }
  return counts;
}

const DIGEST_BYTES = Buffer.allocUnsafe(32);

/** A random `sha256:<64 hex>`; Buffer's hex is a flat string, so 600,000 of them stay compact. */
export function randomDigest(rand: Random): string {
  for (let word = 0; word < 8; word++) DIGEST_BYTES.writeUInt32BE(Math.floor(rand() * 0x1_0000_0000), word * 4);
  return `sha256:${DIGEST_BYTES.toString('hex')}`;
}

export function randomHex(rand: Random, length: number): string {
  let hex = '';
  while (hex.length < length) hex += Math.floor(rand() * 0x1_0000_0000).toString(16).padStart(8, '0');
  return hex.slice(0, length);
}

export function pick<T>(rand: Random, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}
