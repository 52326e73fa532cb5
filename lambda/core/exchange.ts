/**
 * The exchange between accounts (DESIGN.md "Regions and accounts"), the pure half: what this run exports, and what
 * the exports it read mean for its verdict. An export only ever adds live references; an expected export that cannot
 * be relied on (missing, unreadable, malformed, of an unknown version, too large, incomplete, or older than maxAge)
 * blocks every deletion, and the alert names the export and what is wrong with it.
 */
import type { LiveReference, SourceNote } from './model';
import type { CollectedExchange, ExportedReference, ExportProblem, LiveSetExport } from './collected';
import { bareDigest, parseImageReference } from './references';
import { ecrRegistryOf } from './registry-hosts';

export const EXPORT_FORMAT = 'ecr-retention.live-set';
export const EXPORT_VERSION = 1;

/** What decide() learns from the exchange bucket. */
export interface AssessedExchange {
  /** Every reference of every readable export, expected or not, its location prefixed with where it came from. */
  readonly references: readonly LiveReference[];
  /** Expected exports that cannot be relied on: each one blocks deletion. */
  readonly problems: readonly ExchangeProblem[];
  /** Exports nobody expects: honoured (they only keep images) and reported. */
  readonly notes: readonly SourceNote[];
  /** The expected exports this run relied on, oldest first: the window in which a new reference is invisible. */
  readonly reliedOn: readonly { readonly id: string; readonly collectedAt: number }[];
}

export interface ExchangeProblem {
  readonly id: string;
  readonly problem: ExportProblem;
  readonly message: string;
}

const NOTHING: AssessedExchange = { references: [], problems: [], notes: [], reliedOn: [] };

/** `self`: this account's id; its own export is what it wrote, never an import, even when listed in `expect`. */
export function assessExchange(exchange: CollectedExchange | undefined, self: string, now: number): AssessedExchange {
  if (!exchange) return NOTHING;
  const byId = new Map(exchange.imports.map((imported) => [imported.id, imported]));
  const expected = new Set(exchange.expect.filter((id) => id !== self));
  const references: LiveReference[] = [];
  const problems: ExchangeProblem[] = [];
  const notes: SourceNote[] = [];
  const reliedOn: { id: string; collectedAt: number }[] = [];
  const where = exchange.bucket !== undefined ? `the exchange bucket ${exchange.bucket}` : 'the exchange bucket';
  // A bucket that cannot be read is a source that cannot be read: even with nothing expected, the exports it holds
  // (honoured whoever wrote them) are unknown, so nothing may be deleted.
  if (exchange.listError !== undefined && expected.size === 0) {
    problems.push({ id: exchange.bucket ?? '(no bucket)', problem: 'unreadable', message: `${where} could not be listed: ${exchange.listError}` });
  }
  for (const id of expected) {
    const imported = byId.get(id);
    if (!imported) problems.push(exchange.listError !== undefined
      ? { id, problem: 'unreadable', message: `${where} could not be listed: ${exchange.listError}` }
      : { id, problem: 'missing', message: `no export live/${id}.json in ${exchange.bucket ?? 'the exchange bucket'}` });
    else if (imported.kind === 'unusable') problems.push({ id, problem: imported.problem, message: imported.message });
    else {
      const problem = untrusted(imported.document, exchange.maxAgeMs, now);
      if (problem) problems.push({ id, ...problem });
      else reliedOn.push({ id, collectedAt: Date.parse(imported.document.collectedAt) });
    }
  }
  for (const imported of exchange.imports) {
    if (imported.id === self) continue;
    if (imported.kind === 'read') for (const reference of imported.document.references) references.push(importedReference(imported.id, reference));
    if (expected.has(imported.id)) continue;
    notes.push({ source: 'exchange', message: imported.kind === 'read'
      ? `the export ${imported.id} is not in settings.exchange.expect: its ${imported.document.references.length} references are honoured, but its absence would not block deletion`
      : `the export ${imported.id} (not expected) cannot be used: ${imported.message}` });
  }
  reliedOn.sort((a, b) => a.collectedAt - b.collectedAt);
  return { references, problems, notes, reliedOn };
}

/** An export that was read whole but cannot be relied on: its run missed something, or it is too old. */
function untrusted(document: LiveSetExport, maxAgeMs: number, now: number): { problem: ExportProblem; message: string } | undefined {
  if (!document.complete) return { problem: 'incomplete', message: `its run could not read everything: ${document.problems.join('; ') || 'no reason given'}` };
  const age = now - Date.parse(document.collectedAt);
  if (age > maxAgeMs) return { problem: 'stale', message: `collected ${document.collectedAt}, ${hours(age)} ago, older than maxAge (${hours(maxAgeMs)})` };
  // An export from the future has no age to judge: a writer's clock (or the writer) is wrong, and nothing says when it
  // will be stale. Past a few minutes of clock skew it is not relied on.
  if (-age > FUTURE_SKEW_MS) return { problem: 'stale', message: `collected ${document.collectedAt}, ${hours(-age)} after this run's clock: its age cannot be judged` };
  return undefined;
}

const FUTURE_SKEW_MS = 5 * 60_000;

function hours(ms: number): string {
  return ms >= 86_400_000 ? `${(ms / 86_400_000).toFixed(1)} d` : `${(ms / 3_600_000).toFixed(1)} h`;
}

/** `account/222222222222 ecs cluster/prod service/web …`, or `export/<id> …` for clusters outside AWS. */
function importedReference(id: string, reference: ExportedReference): LiveReference {
  const origin = /^\d{12}$/.test(id) ? `account/${id}` : `export/${id}`;
  return { ...reference, location: `${origin} ${reference.location}` };
}

export interface ExportInput {
  readonly id: string;
  readonly accountId?: string;
  readonly regions: readonly string[];
  readonly clusters?: readonly string[];
  readonly collectedAt: number;
  readonly references: readonly LiveReference[];
  /** What could not be read; any makes the export incomplete. */
  readonly problems: readonly string[];
}

/** The export of a run: every reference to any account's ECR registry (and every bare digest), nothing else. */
export function exportOf(input: ExportInput): LiveSetExport {
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    id: input.id,
    ...(input.accountId !== undefined ? { accountId: input.accountId } : {}),
    regions: [...input.regions],
    ...(input.clusters ? { clusters: [...input.clusters] } : {}),
    collectedAt: new Date(input.collectedAt).toISOString(),
    complete: input.problems.length === 0,
    problems: [...input.problems],
    references: input.references.filter(namesEcr).map(exported),
  };
}


/** Any account's ECR, in any region or partition; a bare digest may be any registry's, so it is exported too. */
function namesEcr(reference: LiveReference): boolean {
  if (bareDigest(reference.image) !== undefined) return true;
  const parsed = parseImageReference(reference.image);
  return parsed !== undefined && ecrRegistryOf(parsed.host) !== undefined;
}

function exported({ source, location, image, digest, region }: LiveReference): ExportedReference {
  return { source, location, image, ...(digest !== undefined ? { digest } : {}), ...(region !== undefined ? { region } : {}) };
}
