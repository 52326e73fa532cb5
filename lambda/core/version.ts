/**
 * The order of `orderBy: version`: a lineage's named captures compared left to right (all but its `groupBy`), each by
 * SemVer 2.0.0 precedence (§11). A capture named `prerelease` holds the pre-release identifiers (without the `-`
 * that introduces them): a tag without any outranks every tag with some. A capture named `build` is build metadata
 * and never counts (§10). Any other capture is a number (`253`), a dotted version with an optional `v`, pre-release
 * and build (`1.10.0`, `v1.2.3-rc.1+b7`), or text compared in ASCII order. An absent or empty capture ranks below a
 * present one (`1.2` below `1.2.0`).
 *
 * A key is built once per matching tag and compared many times while ranking, so it holds one slot per capture and
 * the common slot is a plain number: two numbers compare with a subtraction, as they did before pre-releases counted.
 * Any other slot reads as a sequence of identifiers — a number n as [n], text as [text], an absent capture as [] —
 * where a PRE marker introduces pre-release identifiers. Sequences compare element by element with
 * PRE < numeric < alphanumeric (§11.4.3); when one ends first, it ranks below the other unless the other continues
 * with PRE: so a release outranks its pre-releases (§11.3), a larger set of identifiers outranks a smaller one
 * (§11.4.4), and `1.2` ranks below `1.2.0`.
 */

/** A numeric identifier (bigint past 15 digits, where a double would round), an alphanumeric one, or PRE. */
type Identifier = number | bigint | string;

/** One capture: a number or text (the common cases), ABSENT, or a sequence of identifiers. */
type Slot = number | bigint | string | readonly Identifier[];

export type VersionKey = readonly Slot[];

/** Below every numeric identifier, which is never negative. */
const PRE = -2;
/** An absent or empty capture: compares as the empty sequence. As a number it sorts below every other number. */
const ABSENT = -1;
const EMPTY: readonly Identifier[] = Object.freeze([]);

/** The empty key: a member with no version ranks below every member with one. */
export const NO_VERSION: VersionKey = Object.freeze([]);

export interface VersionField {
  readonly name: string;
  readonly prerelease: boolean;
}

/** The captures that order a lineage, in regex order: every named capture but its groupBy and `build`. */
export function versionFields(groupNames: readonly string[], groupBy: string | undefined): VersionField[] {
  return groupNames.filter((name) => name !== groupBy && name !== 'build').map((name) => ({ name, prerelease: name === 'prerelease' }));
}

/** The key of one matching tag's captures. */
export function versionKey(captures: Readonly<Record<string, string>>, fields: readonly VersionField[]): VersionKey {
  const key: Slot[] = [];
  for (const field of fields) {
    const value = captures[field.name] ?? '';
    key.push(field.prerelease ? prereleaseSlot(value) : versionSlot(value));
  }
  return key;
}

/** Negative when `a` ranks below `b`, positive above, 0 when they have the same precedence. */
export function compareVersionKeys(a: VersionKey, b: VersionKey): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a[i] as Slot;
    const y = b[i] as Slot;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    const order = compareSequences(asSequence(x), asSequence(y));
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function asSequence(slot: Slot): readonly Identifier[] {
  if (Array.isArray(slot)) return slot as readonly Identifier[];
  return slot === ABSENT ? EMPTY : [slot as Identifier];
}

function compareSequences(a: readonly Identifier[], b: readonly Identifier[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const order = compareIdentifiers(a[i] as Identifier, b[i] as Identifier);
    if (order !== 0) return order;
  }
  if (a.length === b.length) return 0;
  // The longer one goes on: with a pre-release it ranks below the shorter one, with anything else above it.
  return a.length > b.length ? (a[length] === PRE ? -1 : 1) : b[length] === PRE ? 1 : -1;
}

function compareIdentifiers(x: Identifier, y: Identifier): number {
  if (x === y) return 0;
  const xText = typeof x === 'string';
  if (xText !== (typeof y === 'string')) return xText ? 1 : -1;
  return x < y ? -1 : x > y ? 1 : 0;
}

const DIGITS = /^\d+$/;
/** Two or more dot-separated numbers, then optionally a pre-release and build metadata (SemVer §2, §9, §10). */
const DOTTED_VERSION = /^v?(\d+(?:\.\d+)+)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

function versionSlot(value: string): Slot {
  if (value === '') return ABSENT;
  // Most version captures are one number: no regex beyond this one, no allocation.
  if (DIGITS.test(value)) return numeric(value);
  const match = DOTTED_VERSION.exec(value);
  if (!match) return value;
  const sequence: Identifier[] = (match[1] as string).split('.').map(numeric);
  if (match[2] !== undefined) sequence.push(PRE, ...identifiers(match[2]));
  return sequence;
}

/**
 * A `prerelease` capture: [PRE, identifiers…], or ABSENT for a release. A `+build` captured along is dropped (`+`
 * cannot occur in an identifier); a leading `-` is kept, since `-` alone is a valid identifier.
 */
function prereleaseSlot(value: string): Slot {
  const plus = value.indexOf('+');
  const text = plus >= 0 ? value.slice(0, plus) : value;
  return text === '' ? ABSENT : [PRE, ...identifiers(text)];
}

function identifiers(text: string): Identifier[] {
  return text.split('.').map((identifier) => (DIGITS.test(identifier) ? numeric(identifier) : identifier));
}

function numeric(digits: string): number | bigint {
  return digits.length <= 15 ? Number(digits) : BigInt(digits);
}
