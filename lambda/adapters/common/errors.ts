/** Typed adapter errors. Each keeps the underlying SDK or HTTP error as `cause`. */
import type { LiveSourceName } from '../../core/model';

/** A live source could not be read completely: the live set is incomplete and the run must delete nothing. */
export class LiveSourceError extends Error {
  override readonly name = 'LiveSourceError';
  constructor(
    readonly source: LiveSourceName,
    /** What could not be read, e.g. `cluster prod` or `ListTasks on cluster prod`. */
    readonly what: string,
    options?: { cause?: unknown },
  ) {
    super(`${source}: could not read ${what}${describeCause(options?.cause)}`, options);
  }
}

/** The ECR inventory could not be listed completely. */
export class InventoryError extends Error {
  override readonly name = 'InventoryError';
  constructor(readonly what: string, options?: { cause?: unknown }) {
    super(`ECR inventory: could not read ${what}${describeCause(options?.cause)}`, options);
  }
}

/** The configuration documents could not be read (not: they were read and are invalid). */
export class ConfigSourceError extends Error {
  override readonly name = 'ConfigSourceError';
  constructor(readonly what: string, options?: { cause?: unknown }) {
    super(`config: could not read ${what}${describeCause(options?.cause)}`, options);
  }
}

/** The deletion journal could not be read or written: the run deletes nothing rather than lose what it must remember. */
export class JournalError extends Error {
  override readonly name = 'JournalError';
  constructor(readonly what: string, options?: { cause?: unknown }) {
    super(`journal: could not ${what}${describeCause(options?.cause)}`, options);
  }
}

/** The state across runs could not be read or written, or is corrupt or newer: the run must not guess what it remembered. */
export class StateError extends Error {
  override readonly name = 'StateError';
  constructor(readonly what: string, options?: { cause?: unknown }) {
    super(`state: could not ${what}${describeCause(options?.cause)}`, options);
  }
}

/** The run lease could not be read, written or released: the run must not go on (or must say it ran unguarded). */
export class LeaseError extends Error {
  override readonly name = 'LeaseError';
  constructor(readonly what: string, options?: { cause?: unknown }) {
    super(`run lease: could not ${what}${describeCause(options?.cause)}`, options);
  }
}

/** The run's report page could not be written (the run itself is not in doubt). */
export class ReportError extends Error {
  override readonly name = 'ReportError';
  constructor(readonly what: string, options?: { cause?: unknown }) {
    super(`report: could not ${what}${describeCause(options?.cause)}`, options);
  }
}

/** The exchange bucket could not be listed, or this account's export could not be written. */
export class ExchangeError extends Error {
  override readonly name = 'ExchangeError';
  constructor(readonly what: string, options?: { cause?: unknown }) {
    super(`exchange: could not ${what}${describeCause(options?.cause)}`, options);
  }
}

/** An error's message, or the thrown value as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** ` (Name: message)` for a cause, to end an error's own message with. */
export function describeCause(cause: unknown): string {
  if (cause instanceof Error) return ` (${cause.name}: ${cause.message})`;
  return cause === undefined ? '' : ` (${String(cause)})`;
}
