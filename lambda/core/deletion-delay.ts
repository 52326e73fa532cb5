/**
 * settings.deletionDelay: a digest deleted for its own sake goes only once it has been a candidate on every run for the
 * delay (core/state.ts keeps since when). An attachment follows its parent out, as it always does: its parent's delay
 * is its own, so it gets none here.
 */
import type { ImageRecord } from './model';
import type { Reason } from './reasons';
import { candidateKey, type PlanMemory } from './state';

export function delayReason(image: ImageRecord, root: boolean, memory: PlanMemory, now: number): Reason | undefined {
  if (!root || memory.deletionDelayMs <= 0) return undefined;
  const since = memory.candidates.get(candidateKey(image.repository, image.digest)) ?? now;
  const until = since + memory.deletionDelayMs;
  return now >= until ? undefined : { code: 'delayed', verdict: 'keep', since, until };
}
