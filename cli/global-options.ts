/** The options every command accepts, and the SDK client settings they mean. */
import { fromIni } from '@aws-sdk/credential-providers';
import type { ClientSettings } from '../lambda/adapters/common/clients';
import { UsageError } from './errors';

export interface GlobalOptions {
  readonly profile?: string;
  readonly region?: string;
  readonly endpointUrl?: string;
  readonly verbose?: boolean;
  /** `s3://bucket/prefix/` of the state (the stack's journal bucket, `state/`). */
  readonly state?: string;
  /** `s3://bucket/key` of a deletion journal from before the state: an alias of `--state s3://bucket/state/`, whose old journal is read. */
  readonly journal?: string;
  /** Set by `apply --yes`: the one command that writes the state. */
  readonly writeState?: boolean;
  /** The stack's REGIONS: `*` or a comma-separated list, when the config names none. */
  readonly regions?: string;
  /** The stack's EXCHANGE_BUCKET, when the config names none. */
  readonly exchangeBucket?: string;
}

/** `--regions`: `*` or a comma-separated list of region names. */
export function regionsOption(text: string | undefined): readonly string[] | 'all' | undefined {
  if (text === undefined) return undefined;
  if (text.trim() === '*') return 'all';
  const regions = text.split(',').map((region) => region.trim()).filter(Boolean);
  const bad = regions.filter((region) => !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region));
  if (regions.length === 0 || bad.length > 0) throw new UsageError(`--regions must be "*" or region names separated by commas, not ${JSON.stringify(text)}`);
  return regions;
}

/** `s3://bucket/key` → its parts; anything else is a usage error. */
export function journalLocation(uri: string | undefined): { bucket: string; key: string } | undefined {
  if (uri === undefined) return undefined;
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/.exec(uri);
  if (!match) throw new UsageError(`--journal must be s3://<bucket>/<key>, not ${JSON.stringify(uri)}`);
  return { bucket: match[1] as string, key: match[2] as string };
}

/**
 * `--state s3://bucket/state/` (the prefix of every region's state), or the older `--journal s3://bucket/<key>`, kept
 * for a release as an alias: the state under `state/` in that bucket, and that journal read until there is a state.
 */
export function stateLocation(options: Pick<GlobalOptions, 'state' | 'journal'>): { bucket: string; prefix: string; legacyJournalKey?: string } | undefined {
  if (options.state !== undefined && options.journal !== undefined) throw new UsageError('--state and --journal name the same thing: give only --state');
  if (options.state !== undefined) {
    const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/((?:.+\/)?)$/.exec(options.state);
    if (!match) throw new UsageError(`--state must be s3://<bucket>/<prefix>/ (e.g. the stack's s3://<journal bucket>/state/), not ${JSON.stringify(options.state)}`);
    return { bucket: match[1] as string, prefix: match[2] as string };
  }
  const journal = journalLocation(options.journal);
  return journal ? { bucket: journal.bucket, prefix: 'state/', legacyJournalKey: journal.key } : undefined;
}

/**
 * Region and credentials follow the standard chain unless given. `--profile` takes credentials from that profile;
 * AWS_MAX_ATTEMPTS, the SDK's own variable, is honoured because the clients are otherwise built with 8 attempts.
 */
export function clientSettings(options: GlobalOptions, env: Readonly<Record<string, string | undefined>>): ClientSettings {
  const maxAttempts = attemptsFrom(env.AWS_MAX_ATTEMPTS);
  return {
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    ...(options.profile ? { credentials: fromIni({ profile: options.profile }) } : {}),
    ...(maxAttempts !== undefined ? { maxAttempts } : {}),
  };
}

function attemptsFrom(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const attempts = Number(text);
  if (!Number.isInteger(attempts) || attempts < 1) throw new UsageError(`AWS_MAX_ATTEMPTS must be a whole number of at least 1, not ${JSON.stringify(text)}`);
  return attempts;
}

/**
 * The SDK resolves the region (and everything else a profile can hold) from AWS_PROFILE; the credentials are also
 * passed explicitly (fromIni) so that a profile without credentials fails loudly instead of falling back to others.
 */
export function selectProfile(profile: string | undefined): void {
  if (profile) process.env.AWS_PROFILE = profile;
}
