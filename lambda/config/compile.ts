/**
 * Validated document bodies → the compiled model the planner reads: defaults applied, durations in milliseconds,
 * globs and regexes compiled once. Cross-field rules that a schema cannot express are checked here.
 */
import type { KeepConditions, Lineage, LiveSettings, Policy, Settings, TagPattern, UntaggedRule } from '../core/policy';
import { validatedDuration } from './duration';
import { compileGlobs } from './glob';
import type { ConfigIssue } from './issues';
import { compileTagPattern } from './pattern';
import type { KeepBody, PolicyBody, SettingsBody } from './schema';

export interface PolicySource {
  readonly document: string;
  /** Index in its own document's `policies`, for error paths. */
  readonly index: number;
  readonly policy: PolicyBody;
}

const DAY_MS = 86_400_000;

export const DEFAULT_SETTINGS: Settings = {
  mode: 'plan',
  gracePeriodMs: DAY_MS,
  maxDeletionsPerRun: 1000,
  live: { ecs: { clusters: ['*'], keepTaskDefinitionRevisions: 5 }, eks: { clusters: ['*'] }, lambda: true, batch: true },
  notify: { email: 'changes' },
};

export function compileSettings(body: SettingsBody): Settings {
  return {
    mode: body.mode ?? DEFAULT_SETTINGS.mode,
    gracePeriodMs: body.gracePeriod !== undefined ? validatedDuration(body.gracePeriod) : DEFAULT_SETTINGS.gracePeriodMs,
    maxDeletionsPerRun: body.maxDeletionsPerRun ?? DEFAULT_SETTINGS.maxDeletionsPerRun,
    live: compileLive(body.live),
    notify: { email: body.notify?.email ?? DEFAULT_SETTINGS.notify.email },
  };
}

function compileLive(body: SettingsBody['live']): LiveSettings {
  const defaults = DEFAULT_SETTINGS.live;
  const ecs = body?.ecs === false ? undefined : { clusters: body?.ecs?.clusters ?? ['*'], keepTaskDefinitionRevisions: body?.ecs?.keepTaskDefinitionRevisions ?? 5 };
  const eks = body?.eks === false ? undefined : { clusters: body?.eks?.clusters ?? ['*'] };
  return { ...(ecs ? { ecs } : {}), ...(eks ? { eks } : {}), lambda: body?.lambda ?? defaults.lambda, batch: body?.batch ?? defaults.batch };
}

export function compilePolicies(sources: readonly PolicySource[], issues: ConfigIssue[]): Policy[] {
  const policies: Policy[] = [];
  const seen = new Map<string, string>();
  for (const source of sources) {
    const at = `policies[${source.index}]`;
    const first = seen.get(source.policy.name);
    if (first !== undefined) issues.push({ document: source.document, path: `${at}.name`, message: `policy name ${JSON.stringify(source.policy.name)} is already used in ${first}` });
    seen.set(source.policy.name, source.document);
    const policy = compilePolicy(source, (path, message) => issues.push({ document: source.document, path: `${at}${path}`, message }));
    if (policy) policies.push(policy);
  }
  return policies;
}

type Report = (path: string, message: string) => void;

function compilePolicy({ policy }: PolicySource, report: Report): Policy | undefined {
  const before = { count: 0 };
  const counted: Report = (path, message) => {
    before.count++;
    report(path, message);
  };
  const protect = (policy.protect ?? []).map((source, i) => pattern(source, `.protect[${i}]`, counted));
  const names = new Set<string>();
  const lineages = (policy.lineages ?? []).map((lineage, i): Lineage | undefined => {
    const at = `.lineages[${i}]`;
    if (names.has(lineage.name)) counted(`${at}.name`, `lineage name ${JSON.stringify(lineage.name)} is used twice in this policy`);
    names.add(lineage.name);
    const tags = pattern(lineage.tags, `${at}.tags`, counted);
    if (!tags) return undefined;
    if (lineage.groupBy !== undefined && !tags.groupNames.includes(lineage.groupBy)) {
      counted(`${at}.groupBy`, `groupBy ${JSON.stringify(lineage.groupBy)} is not a named capture of the tags regex (captures: ${tags.groupNames.join(', ') || 'none'})`);
    }
    if (lineage.orderBy === 'version' && tags.groupNames.filter((name) => name !== lineage.groupBy).length === 0) {
      counted(`${at}.orderBy`, 'orderBy version needs named captures in the tags regex to order by, e.g. (?<major>\\d+)');
    }
    return { name: lineage.name, tags, orderBy: lineage.orderBy ?? 'pushedAt', ...(lineage.groupBy !== undefined ? { groupBy: lineage.groupBy } : {}), keep: keepConditions(lineage.keep) };
  });
  if (before.count > 0) return undefined;
  return {
    name: policy.name,
    repositories: policy.repositories,
    governs: compileGlobs(policy.repositories),
    protect: protect as TagPattern[],
    lineages: lineages as Lineage[],
    untagged: untaggedRule(policy.untagged),
    unmatched: policy.unmatched ?? 'keep',
  };
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
