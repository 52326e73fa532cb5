import type { Node } from 'constructs';
import type { ExchangeProps } from './exchange';
import { EcrRetentionConfigError, isEmailAddress } from './props-validation';
import { EVERY_REGION, type Regions } from './regions';

/** The deployment's choices, as given with `cdk deploy -c key=value` (or the `context` of cdk.json). */
export interface DeploymentContext {
  readonly notifyEmail: string;
  readonly schedule?: string;
  readonly configPath?: string;
  readonly eksClusters: readonly string[];
  /** Absent: every repository of the account may be cleaned. */
  readonly deletableRepositories?: readonly string[];
  readonly reservedConcurrency?: number;
  /** Absent: the stack's region. Checked by the construct (lib/regions.ts). */
  readonly regions?: Regions;
  /** From exchangeBucket, or exchangeCreate with exchangeAccounts or exchangeOrganization. */
  readonly exchange?: ExchangeProps;
}

const EMAIL_HINT = 'pass it with -c notifyEmail=ops@example.com';

/**
 * Reads and checks the context. A missing or malformed notifyEmail fails the synth: a stack that mails nobody
 * would delete images with nobody told.
 */
export function readDeploymentContext(node: Node): DeploymentContext {
  return {
    notifyEmail: readNotifyEmail(node.tryGetContext('notifyEmail')),
    schedule: optionalString(node.tryGetContext('schedule'), 'schedule'),
    configPath: optionalString(node.tryGetContext('configPath'), 'configPath'),
    eksClusters: readList(node.tryGetContext('eksClusters'), 'eksClusters', 'cluster names'),
    ...optionalList(node.tryGetContext('deletableRepositories')),
    ...optionalNumber(node.tryGetContext('reservedConcurrency')),
    ...optionalRegions(node.tryGetContext('regions')),
    ...optionalExchange(node),
  };
}

/** `-c regions=*` or `-c regions=us-east-1,eu-west-1`; cdk.json may hold "*" or a list. */
function optionalRegions(value: unknown): { regions?: Regions } {
  if (value === undefined || value === null || value === '') return {};
  const regions = readList(value, 'regions', 'region names or "*"');
  if (regions.length === 1 && regions[0] === EVERY_REGION) return { regions: EVERY_REGION };
  return { regions };
}

const EXCHANGE_HINT = '-c exchangeBucket=NAME (an existing bucket) or -c exchangeCreate=true [-c exchangeAccounts=111111111111,222222222222 | -c exchangeOrganization=o-xxxxxxxxxx]';

/** Either an existing bucket or one created here; the accounts or the organization only for one created here. */
function optionalExchange(node: Node): { exchange?: ExchangeProps } {
  const bucketName = optionalString(node.tryGetContext('exchangeBucket'), 'exchangeBucket');
  const create = readFlag(node.tryGetContext('exchangeCreate'), 'exchangeCreate');
  const accounts = readList(node.tryGetContext('exchangeAccounts'), 'exchangeAccounts', 'account ids');
  const organizationId = optionalString(node.tryGetContext('exchangeOrganization'), 'exchangeOrganization');
  if (bucketName !== undefined && create) {
    throw new EcrRetentionConfigError(`Context "exchangeBucket" and "exchangeCreate" exclude each other: ${EXCHANGE_HINT}.`);
  }
  if (!create && (accounts.length > 0 || organizationId !== undefined)) {
    throw new EcrRetentionConfigError(`Context "${accounts.length > 0 ? 'exchangeAccounts' : 'exchangeOrganization'}" applies only to a bucket this stack creates: ${EXCHANGE_HINT}.`);
  }
  if (bucketName !== undefined) return { exchange: { bucketName } };
  if (!create) return {};
  return { exchange: { create: { ...(accounts.length > 0 ? { accounts } : {}), ...(organizationId === undefined ? {} : { organizationId }) } } };
}

/** `-c exchangeCreate=true` gives a string; cdk.json may hold a boolean. */
function readFlag(value: unknown, key: string): boolean {
  if (value === undefined || value === null || value === '' || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  throw new EcrRetentionConfigError(`Context "${key}" must be true or false, got ${JSON.stringify(value)}.`);
}

function optionalList(value: unknown): { deletableRepositories?: readonly string[] } {
  if (value === undefined || value === null || value === '') return {};
  return { deletableRepositories: readList(value, 'deletableRepositories', 'repository globs') };
}

/** `-c reservedConcurrency=2` gives a string; cdk.json may hold a number. Range checks are the construct's. */
function optionalNumber(value: unknown): { reservedConcurrency?: number } {
  if (value === undefined || value === null || value === '') return {};
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  if (Number.isNaN(number)) throw new EcrRetentionConfigError(`Context "reservedConcurrency" must be a number, got ${JSON.stringify(value)}.`);
  return { reservedConcurrency: number };
}

function readNotifyEmail(value: unknown): string {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    throw new EcrRetentionConfigError(`Missing context "notifyEmail" (where run reports and alarms are mailed): ${EMAIL_HINT}`);
  }
  const email = typeof value === 'string' ? value.trim() : '';
  if (!isEmailAddress(email)) {
    throw new EcrRetentionConfigError(`Malformed context "notifyEmail" (${JSON.stringify(value)} is not an email address): ${EMAIL_HINT}`);
  }
  return email;
}

function optionalString(value: unknown, key: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new EcrRetentionConfigError(`Context "${key}" must be a string, got ${JSON.stringify(value)}.`);
  }
  return value.trim();
}

/** `-c eksClusters=a,b` gives a comma-separated string; cdk.json may hold a list. */
function readList(value: unknown, key: string, what: string): readonly string[] {
  if (value === undefined || value === null || value === '') return [];
  const items = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(items) || !items.every((item) => typeof item === 'string')) {
    throw new EcrRetentionConfigError(`Context "${key}" must be comma-separated ${what}, got ${JSON.stringify(value)}.`);
  }
  return items.map((item: string) => item.trim()).filter((item) => item !== '');
}
