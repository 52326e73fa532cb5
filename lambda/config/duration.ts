/** Durations as the config writes them: a positive integer and a unit, m(inutes), h(ours), d(ays) or w(eeks). */

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

export const DURATION_PATTERN = /^([1-9][0-9]{0,5})([mhdw])$/;
export const DURATION_HINT = 'must be a duration such as 30m, 12h, 2d or 4w';

/** Milliseconds, or undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/**
 * For text the schema has already validated: a mismatch here would mean the schema and this parser drifted apart,
 * and must fail the config rather than turn a grace period or a keep window silently off.
 */
export function validatedDuration(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new Error(`duration ${JSON.stringify(text)} passed the schema but not the parser`);
  return ms;
}

/** The shortest exact rendering: 172800000 → `2d`. */
export function formatDuration(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm'] as const) {
    if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${Math.round(ms / 60_000)}m`;
}
