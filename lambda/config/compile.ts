/**
 * Validated document bodies → the compiled model the planner reads: defaults applied, durations in milliseconds,
 * globs and regexes compiled once. Cross-field rules that a schema cannot express are checked here, also on the
 * well-formed parts of a document the schema rejected.
 */
import type { ExchangeSettings, KeepConditions, Lineage, LiveSettings, Policy, Settings, TagPattern, UntaggedRule } from '../core/policy';
import { DEFAULT_LIFECYCLE_POLICY_CHECKS } from '../core/coexistence';
import { versionFields } from '../core/version';
import { validatedDuration } from './duration';
import { compileGlobs } from './glob';
import type { ConfigIssue } from './issues';
import { compileTagPattern } from './pattern';
import type { LineageParts, PolicyEntry } from './salvage';
import type { KeepBody, PolicyBody, SettingsBody } from './schema';

/** A policy of one document, accepted by the schema as a whole (`complete`) or only in parts (see salvage.ts). */
export type PolicySource = {
  readonly document: string;
} & PolicyEntry;

const DAY_MS = 86_400_000;

export const DEFAULT_SETTINGS: Settings = {
  mode: 'plan',
  gracePeriodMs: DAY_MS,
  maxDeletionsPerRun: 1000,
  live: { ecs: { clusters: ['*'], keepTaskDefinitionRevisions: 5 }, eks: { clusters: ['*'] }, lambda: true, batch: true },
  notify: { email: 'changes' },
  lifecyclePolicyChecks: DEFAULT_LIFECYCLE_POLICY_CHECKS,
};

export function compileSettings(body: SettingsBody): Settings {
  return {
    mode: body.mode ?? DEFAULT_SETTINGS.mode,
    gracePeriodMs: body.gracePeriod !== undefined ? validatedDuration(body.gracePeriod) : DEFAULT_SETTINGS.gracePeriodMs,
    maxDeletionsPerRun: body.maxDeletionsPerRun ?? DEFAULT_SETTINGS.maxDeletionsPerRun,
    ...(body.deletionDelay !== undefined ? { deletionDelayMs: validatedDuration(body.deletionDelay) } : {}),
    live: compileLive(body.live),
    notify: { email: body.notify?.email ?? DEFAULT_SETTINGS.notify.email },
    ...(body.regions !== undefined ? { regions: body.regions === '*' ? 'all' : [...new Set(body.regions)] } : {}),
    ...(body.exchange !== undefined ? { exchange: compileExchange(body.exchange) } : {}),
    lifecyclePolicyChecks: body.lifecyclePolicyChecks ?? DEFAULT_SETTINGS.lifecyclePolicyChecks,
  };
}


export const DEFAULT_EXPORT_MAX_AGE_MS = DAY_MS;

function compileExchange(body: NonNullable<SettingsBody['exchange']>): ExchangeSettings {
  return {
    ...(body.bucket !== undefined ? { bucket: body.bucket } : {}),
    expect: [...new Set(body.expect ?? [])],
    maxAgeMs: body.maxAge !== undefined ? validatedDuration(body.maxAge) : DEFAULT_EXPORT_MAX_AGE_MS,
  };
}

function compileLive(body: SettingsBody['live']): LiveSettings {
  const defaults = DEFAULT_SETTINGS.live;
  const ecs = body?.ecs === false ? undefined : { clusters: body?.ecs?.clusters ?? ['*'], keepTaskDefinitionRevisions: body?.ecs?.keepTaskDefinitionRevisions ?? 5 };
  const eks = body?.eks === false ? undefined : {
    clusters: body?.eks?.clusters ?? ['*'],
    ...(body?.eks?.podTemplates ? { podTemplates: true } : {}),
    ...(body?.eks?.customResources?.length ? { customResources: body.eks.customResources } : {}),
  };
  return { ...(ecs ? { ecs } : {}), ...(eks ? { eks } : {}), lambda: body?.lambda ?? defaults.lambda, batch: body?.batch ?? defaults.batch };
}

/**
 * Every check runs on every part there is, complete or not, so that one reading reports every error; only complete
 * policies with no issue of their own are compiled.
 */
export function compilePolicies(sources: readonly PolicySource[], issues: ConfigIssue[]): Policy[] {
  const policies: Policy[] = [];
  const seen = new Map<string, string>();
  for (const source of sources) {
    const at = `policies[${source.index}]`;
    const report: Report = (path, message) => issues.push({ document: source.document, path: `${at}${path}`, message });
    const { name } = source.policy;
    const first = name === undefined ? undefined : seen.get(name);
    if (first !== undefined) report('.name', `policy name ${JSON.stringify(name)} is already used in ${first}`);
    if (name !== undefined) seen.set(name, source.document);
    const policy = compilePolicy(source, report);
    if (policy) policies.push(policy);
  }
  return policies;
}

type Report = (path: string, message: string) => void;

function compilePolicy(source: PolicySource, report: Report): Policy | undefined {
  let problems = 0;
  const counted: Report = (path, message) => {
    problems++;
    report(path, message);
  };
  const protect = (source.policy.protect ?? []).map((text, i) => (text === undefined ? undefined : pattern(text, `.protect[${i}]`, counted)));
  const tags = lineageTags(source.policy.lineages ?? [], counted);
  if (!source.complete || problems > 0) return undefined;
  const { policy } = source;
  return {
    name: policy.name,
    document: source.document,
    repositories: policy.repositories,
    governs: compileGlobs(policy.repositories),
    protect: protect as TagPattern[],
    lineages: (policy.lineages ?? []).map((lineage, i): Lineage => ({
      name: lineage.name,
      tags: tags[i] as TagPattern,
      orderBy: lineage.orderBy ?? 'pushedAt',
      ...(lineage.groupBy !== undefined ? { groupBy: lineage.groupBy } : {}),
      keep: keepConditions(lineage.keep),
    })),
    untagged: untaggedRule(policy.untagged),
    unmatched: policy.unmatched ?? 'keep',
  };
}

/** Checks each lineage (or what is left of it); returns each one's compiled tags regex, undefined where there is none. */
function lineageTags(lineages: readonly (LineageParts | undefined)[], report: Report): (TagPattern | undefined)[] {
  const names = new Set<string>();
  return lineages.map((lineage, i) => {
    if (!lineage) return undefined;
    const at = `.lineages[${i}]`;
    if (lineage.name !== undefined && names.has(lineage.name)) report(`${at}.name`, `lineage name ${JSON.stringify(lineage.name)} is used twice in this policy`);
    if (lineage.name !== undefined) names.add(lineage.name);
    const tags = lineage.tags === undefined ? undefined : pattern(lineage.tags, `${at}.tags`, report);
    if (!tags) return undefined;
    if (lineage.groupBy !== undefined && !tags.groupNames.includes(lineage.groupBy)) {
      report(`${at}.groupBy`, `groupBy ${JSON.stringify(lineage.groupBy)} is not a named capture of the tags regex (captures: ${tags.groupNames.join(', ') || 'none'})`);
    }
    if (lineage.orderBy === 'version' && versionFields(tags.groupNames, lineage.groupBy).length === 0) {
      report(`${at}.orderBy`, 'orderBy version needs named captures in the tags regex to order by, e.g. (?<major>\\d+)');
    }
    return tags;
  });
}

function pattern(source: string, path: string, report: Report): TagPattern | undefined {
  try {
    return compileTagPattern(source);
  } catch (error) {
    report(path, (error as Error).message);
    return undefined;
  }
}

function keepConditions(keep: KeepBody): KeepConditions {
  return {
    ...(keep.newest !== undefined ? { newest: keep.newest } : {}),
    ...(keep.pushedWithin !== undefined ? { pushedWithinMs: validatedDuration(keep.pushedWithin) } : {}),
    ...(keep.pulledWithin !== undefined ? { pulledWithinMs: validatedDuration(keep.pulledWithin) } : {}),
  };
}

function untaggedRule(body: PolicyBody['untagged']): UntaggedRule {
  if (body === undefined || body === 'keep') return { kind: 'keep' };
  if (body === 'expire') return { kind: 'expire' };
  return { kind: 'keep-if', keep: keepConditions(body.keep) };
}
