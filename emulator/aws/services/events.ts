/**
 * EventBridge (JSON 1.1 `AWSEvents`, signing name `events`): buses, rules per bus and their targets, which is where
 * scheduled ECS tasks name their task definition (`EcsParameters.TaskDefinitionArn`). Limit is 1..100.
 */
import type { AccountModel, EmuEventRule } from '../account';
import { AwsEmulatorError, type OperationContext, type OperationHandler, paginate, type ServiceDefinition } from '../service';

function limitOf(limit: unknown): number {
  if (limit === undefined || limit === null) return 100;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new AwsEmulatorError('ValidationException', 'Limit must be between 1 and 100.');
  }
  return limit;
}

const arnOf = (account: AccountModel, resource: string): string =>
  `arn:aws:events:${account.region}:${account.accountId}:${resource}`;

/** EventBridge takes a bus's name or ARN and defaults to `default`. */
function busName(account: AccountModel, raw: unknown): string {
  const name = raw === undefined ? 'default' : String(raw).split('/').pop() ?? '';
  if (!account.events.buses.includes(name)) {
    throw new AwsEmulatorError('ResourceNotFoundException', `Event bus ${name} does not exist.`);
  }
  return name;
}

const ruleArn = (account: AccountModel, rule: EmuEventRule): string =>
  arnOf(account, rule.eventBusName === 'default' ? `rule/${rule.name}` : `rule/${rule.eventBusName}/${rule.name}`);

const listEventBuses: OperationHandler = (input, ctx: OperationContext) => {
  const prefix = String(input.NamePrefix ?? '');
  const buses = ctx.account.events.buses.filter((name) => name.startsWith(prefix));
  const { page, nextToken } = paginate(buses, input.NextToken, limitOf(input.Limit), ctx);
  return { EventBuses: page.map((name) => ({ Name: name, Arn: arnOf(ctx.account, `event-bus/${name}`) })), NextToken: nextToken };
};

const listRules: OperationHandler = (input, ctx: OperationContext) => {
  const bus = busName(ctx.account, input.EventBusName);
  const prefix = String(input.NamePrefix ?? '');
  const rules = ctx.account.events.rules.filter((rule) => rule.eventBusName === bus && rule.name.startsWith(prefix));
  const { page, nextToken } = paginate(rules, input.NextToken, limitOf(input.Limit), ctx);
  return {
    Rules: page.map((rule) => ({
      Name: rule.name,
      Arn: ruleArn(ctx.account, rule),
      EventBusName: rule.eventBusName,
      State: 'ENABLED',
      ScheduleExpression: rule.scheduleExpression,
    })),
    NextToken: nextToken,
  };
};

const listTargetsByRule: OperationHandler = (input, ctx: OperationContext) => {
  const bus = busName(ctx.account, input.EventBusName);
  const rule = ctx.account.events.rules.find((candidate) => candidate.eventBusName === bus && candidate.name === input.Rule);
  if (!rule) throw new AwsEmulatorError('ResourceNotFoundException', `Rule ${String(input.Rule)} does not exist on EventBus ${bus}.`);
  const { page, nextToken } = paginate(rule.targets, input.NextToken, limitOf(input.Limit), ctx);
  return {
    Targets: page.map((target) => ({
      Id: target.id,
      Arn: target.arn,
      ...(target.ecsParameters ? { EcsParameters: { TaskDefinitionArn: target.ecsParameters.taskDefinitionArn, TaskCount: 1 } } : {}),
    })),
    NextToken: nextToken,
  };
};

export const events: ServiceDefinition = {
  signingName: 'events',
  protocol: 'json1.1',
  targetPrefix: 'AWSEvents',
  operations: {
    ListEventBuses: listEventBuses,
    ListRules: listRules,
    ListTargetsByRule: listTargetsByRule,
  },
};
