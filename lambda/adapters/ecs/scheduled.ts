/**
 * Scheduled tasks: task definitions that EventBridge rules (on every bus, enabled or not: a disabled rule can be
 * re-enabled) and EventBridge Scheduler schedules will launch. A schedule's summary names only its target ARN, so
 * GetSchedule is called for ECS targets alone: templated ones (`EcsParameters`) and universal ones
 * (`aws-sdk:ecs:<action>`, whose JSON `Input` names the `TaskDefinition`).
 */
import { type EventBridgeClient, ListEventBusesCommand, ListRulesCommand, ListTargetsByRuleCommand, type Rule } from '@aws-sdk/client-eventbridge';
import { GetScheduleCommand, paginateListSchedules, type ScheduleSummary, type SchedulerClient } from '@aws-sdk/client-scheduler';
import { mapWithConcurrency } from '../common/concurrency';
import { FAN_OUT, read, type TaskDefinitionUse } from './common';
import { LiveSourceError } from '../common/errors';
import { allItems } from '../common/pages';

const ECS_TARGET = /^arn:aws[a-z-]*:ecs:/;
const UNIVERSAL_ECS_TARGET = /^arn:aws[a-z-]*:scheduler:::aws-sdk:ecs:/;

/** EventBridge ships no paginators: every list loops on NextToken. */
async function allPages<T>(fetch: (nextToken?: string) => Promise<{ items: T[]; nextToken?: string }>): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | undefined;
  do {
    const page = await fetch(nextToken);
    items.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  return items;
}

export async function eventRuleUses(events: EventBridgeClient): Promise<TaskDefinitionUse[]> {
  const buses = await read('ListEventBuses', () => allPages(async (NextToken) => {
    const page = await events.send(new ListEventBusesCommand({ Limit: 100, NextToken }));
    return { items: (page.EventBuses ?? []).flatMap((bus) => bus.Name ?? []), nextToken: page.NextToken };
  }));
  const rules = (await mapWithConcurrency(buses, FAN_OUT, (bus) =>
    read(`ListRules on event bus ${bus}`, () => allPages(async (NextToken) => {
      const page = await events.send(new ListRulesCommand({ EventBusName: bus, Limit: 100, NextToken }));
      return { items: (page.Rules ?? []).map((rule) => ({ ...rule, EventBusName: rule.EventBusName ?? bus })), nextToken: page.NextToken };
    })))).flat();
  const uses = await mapWithConcurrency(rules, FAN_OUT, (rule) => ruleTargetUses(events, rule));
  return uses.flat();
}

function ruleTargetUses(events: EventBridgeClient, rule: Rule): Promise<TaskDefinitionUse[]> {
  const where = `events rule/${rule.EventBusName ?? 'default'}/${rule.Name ?? '?'}`;
  return read(`ListTargetsByRule ${where}`, () => allPages(async (NextToken) => {
    const page = await events.send(new ListTargetsByRuleCommand({
      Rule: rule.Name, EventBusName: rule.EventBusName, Limit: 100, NextToken,
    }));
    const items = (page.Targets ?? []).flatMap((target) => {
      const reference = target.EcsParameters?.TaskDefinitionArn;
      return reference ? [{ reference, where, launchesOnly: true }] : [];
    });
    return { items, nextToken: page.NextToken };
  }));
}

export async function scheduleUses(scheduler: SchedulerClient): Promise<TaskDefinitionUse[]> {
  const summaries = await read('ListSchedules', async () => {
    // Without a GroupName, ListSchedules lists the schedules of every group.
    return allItems(paginateListSchedules({ client: scheduler, pageSize: 100 }, {}), (page) => page.Schedules);
  });
  const ecsTargets = summaries.filter((summary) => {
    const arn = summary.Target?.Arn ?? '';
    return ECS_TARGET.test(arn) || UNIVERSAL_ECS_TARGET.test(arn);
  });
  const uses = await mapWithConcurrency(ecsTargets, FAN_OUT, (summary) => scheduleUse(scheduler, summary));
  return uses.flat();
}

async function scheduleUse(scheduler: SchedulerClient, summary: ScheduleSummary): Promise<TaskDefinitionUse[]> {
  const group = summary.GroupName ?? 'default';
  const where = `scheduler schedule/${group}/${summary.Name ?? '?'}`;
  const schedule = await read(`GetSchedule ${group}/${summary.Name ?? '?'}`, () =>
    scheduler.send(new GetScheduleCommand({ Name: summary.Name, GroupName: group })));
  const templated = schedule.Target?.EcsParameters?.TaskDefinitionArn;
  if (templated) return [{ reference: templated, where, launchesOnly: true }];
  if (UNIVERSAL_ECS_TARGET.test(schedule.Target?.Arn ?? '')) {
    const reference = universalTaskDefinition(schedule.Target?.Input, where);
    return reference ? [{ reference, where, launchesOnly: true }] : [];
  }
  return [];
}

/** A universal ECS target's Input is the API call's JSON; unreadable Input is an incomplete read, not "no task". */
function universalTaskDefinition(input: string | undefined, where: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(input ?? '{}');
    const reference = (parsed as { TaskDefinition?: unknown }).TaskDefinition;
    return typeof reference === 'string' ? reference : undefined;
  } catch (error) {
    throw new LiveSourceError('ecs', `the Input of ${where}`, { cause: error });
  }
}
