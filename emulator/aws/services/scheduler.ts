/**
 * EventBridge Scheduler (REST-JSON, signing name `scheduler`): `GET /schedules` (query ScheduleGroup, NamePrefix,
 * State, NextToken, MaxResults 1..100) lists summaries that name only the target ARN; `GET /schedules/{Name}?groupName=`
 * returns the whole target, with `EcsParameters.TaskDefinitionArn` or a universal target's JSON `Input`.
 * Throttles answer 429 ThrottlingException, as Scheduler does.
 */
import type { AccountModel, EmuSchedule } from '../account';
import { AwsEmulatorError, type OperationContext, type OperationHandler, paginate, type ServiceDefinition } from '../service';

function maxResultsOf(raw: string | undefined): number {
  if (raw === undefined) return 100;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 100) {
    throw new AwsEmulatorError('ValidationException', 'MaxResults must be between 1 and 100.');
  }
  return value;
}

const scheduleArn = (account: AccountModel, schedule: EmuSchedule): string =>
  `arn:aws:scheduler:${account.region}:${account.accountId}:schedule/${schedule.groupName}/${schedule.name}`;

const listSchedules: OperationHandler = (_input, ctx: OperationContext) => {
  const { ScheduleGroup: group, NamePrefix: prefix = '', State: state } = ctx.query;
  const schedules = ctx.account.scheduler.schedules.filter((schedule) =>
    (group === undefined || schedule.groupName === group) && schedule.name.startsWith(prefix) &&
    (state === undefined || schedule.state === state));
  const { page, nextToken } = paginate(schedules, ctx.query.NextToken, maxResultsOf(ctx.query.MaxResults), ctx);
  return {
    Schedules: page.map((schedule) => ({
      Arn: scheduleArn(ctx.account, schedule),
      Name: schedule.name,
      GroupName: schedule.groupName,
      State: schedule.state,
      Target: { Arn: schedule.target.arn },
    })),
    NextToken: nextToken,
  };
};

const getSchedule: OperationHandler = (_input, ctx: OperationContext) => {
  const group = ctx.query.groupName ?? 'default';
  const schedule = ctx.account.scheduler.schedules.find((candidate) =>
    candidate.name === ctx.pathParams.Name && candidate.groupName === group);
  if (!schedule) throw new AwsEmulatorError('ResourceNotFoundException', `Schedule ${ctx.pathParams.Name} does not exist.`, 404);
  const { target } = schedule;
  return {
    Arn: scheduleArn(ctx.account, schedule),
    Name: schedule.name,
    GroupName: schedule.groupName,
    State: schedule.state,
    ScheduleExpression: 'rate(1 day)',
    FlexibleTimeWindow: { Mode: 'OFF' },
    Target: {
      Arn: target.arn,
      RoleArn: target.roleArn,
      ...(target.ecsParameters ? { EcsParameters: { TaskDefinitionArn: target.ecsParameters.taskDefinitionArn, TaskCount: 1 } } : {}),
      ...(target.input !== undefined ? { Input: target.input } : {}),
    },
  };
};

export const scheduler: ServiceDefinition = {
  signingName: 'scheduler',
  protocol: 'rest-json',
  routes: [
    { method: 'GET', path: '/schedules', operation: 'ListSchedules' },
    { method: 'GET', path: '/schedules/{Name}', operation: 'GetSchedule' },
  ],
  operations: { ListSchedules: listSchedules, GetSchedule: getSchedule },
  throttleError: { code: 'ThrottlingException', status: 429 },
};
