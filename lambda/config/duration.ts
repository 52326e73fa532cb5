/**
 * Durations of the config format: a positive whole number and one unit, `30m`, `12h`, `2d`, `4w`. Nothing else
 * (no seconds, no fractions, no combinations like `1d12h`): a retention rule is coarse, and one spelling per value
 * keeps documents easy to read and diff.
 */

const MINUTE_MS = 60_000;

export const DURATION_UNITS_MS = {
  m: MINUTE_MS,
  h: 60 * MINUTE_MS,
  d: 24 * 60 * MINUTE_MS,
  w: 7 * 24 * 60 * MINUTE_MS,
} as const;

export type DurationUnit = keyof typeof DURATION_UNITS_MS;

/** The grammar, also published in the JSON Schema so editors flag a bad duration as it is typed. */
export const DURATION_PATTERN = '^[1-9][0-9]*[mhdw]$';

const DURATION_REGEX = new RegExp(DURATION_PATTERN);

export const DURATION_HINT = 'a duration is a positive whole number followed by m (minutes), h (hours), d (days) or w (weeks), e.g. 30m, 12h, 2d, 4w';

export type DurationResult = { readonly ok: true; readonly ms: number } | { readonly ok: false; readonly message: string };

export function tryParseDuration(text: string): DurationResult {
  if (!DURATION_REGEX.test(text)) return { ok: false, message: `invalid duration ${JSON.stringify(text)}: ${DURATION_HINT}` };
  const unit = text.slice(-1) as DurationUnit;
  const ms = Number(text.slice(0, -1)) * DURATION_UNITS_MS[unit];
  if (!Number.isSafeInteger(ms)) return { ok: false, message: `duration ${JSON.stringify(text)} is too long` };
  return { ok: true, ms };
}

/** Milliseconds of a duration; throws a RangeError with the reason when the text is not one. */
export function parseDuration(text: string): number {
  const result = tryParseDuration(text);
  if (!result.ok) throw new RangeError(result.message);
  return result.ms;
}

/** The shortest spelling of a whole number of minutes, in the largest unit that divides it (reports, reasons). */
export function formatDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms <= 0 || ms % MINUTE_MS !== 0) {
    throw new RangeError(`${ms} ms is not a positive whole number of minutes`);
  }
  const units: DurationUnit[] = ['w', 'd', 'h', 'm'];
  const unit = units.find((candidate) => ms % DURATION_UNITS_MS[candidate] === 0) as DurationUnit;
  return `${ms / DURATION_UNITS_MS[unit]}${unit}`;
}
