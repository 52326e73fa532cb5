/**
 * The emulated ECS, EventBridge and Scheduler answer the real SDK as AWS does where the ECS source depends on it:
 * limits and defaults, task-definition lookup rules, errors, and Scheduler's REST paths and query names.
 */
import {
  DescribeServicesCommand, DescribeTaskDefinitionCommand, DescribeTasksCommand, ListClustersCommand, ListServicesCommand,
  ListTaskDefinitionFamiliesCommand, ListTaskDefinitionsCommand, ListTasksCommand,
} from '@aws-sdk/client-ecs';
import { ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { GetScheduleCommand, ListSchedulesCommand } from '@aws-sdk/client-scheduler';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';
import { destroyClients, ecsAccount, ecsClients } from './ecs-fixture';
import type { EcsClients } from '../../lambda/adapters/ecs/source';

describe('emulated ECS, EventBridge and Scheduler', () => {
  let emulator: AwsEmulator;
  let clients: EcsClients;
  beforeAll(async () => {
    emulator = await startAwsEmulator({ account: ecsAccount(), pageSize: 1000, quotas: {} });
    clients = ecsClients(emulator, { maxAttempts: 1 });
  });
  afterAll(async () => {
    destroyClients(clients);
    await emulator.close();
  });

  it('answers ListServices with 10 services unless asked for more', async () => {
    const page = await clients.ecs.send(new ListServicesCommand({ cluster: 'prod' }));
    expect(page.serviceArns).toHaveLength(10);
    expect(page.nextToken).toBeDefined();
    const all = await clients.ecs.send(new ListServicesCommand({ cluster: 'prod', maxResults: 100 }));
    expect(all.serviceArns).toHaveLength(14);
  });

  it.each([
    ['DescribeServices with 11 services', () => new DescribeServicesCommand({ cluster: 'prod', services: Array.from({ length: 11 }, (_, i) => `svc-${i}`) })],
    ['DescribeTasks with 101 tasks', () => new DescribeTasksCommand({ cluster: 'prod', tasks: Array.from({ length: 101 }, (_, i) => `t${i}`) })],
    ['ListClusters with maxResults 101', () => new ListClustersCommand({ maxResults: 101 })],
    ['ListTaskDefinitions with sort SIDEWAYS', () => new ListTaskDefinitionsCommand({ sort: 'SIDEWAYS' as 'ASC' })],
  ])('rejects %s with InvalidParameterException', async (_name, command) => {
    await expect(clients.ecs.send(command() as never)).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('answers ClusterNotFoundException for an unknown cluster', async () => {
    await expect(clients.ecs.send(new ListTasksCommand({ cluster: 'nope' }))).rejects.toMatchObject({ name: 'ClusterNotFoundException' });
  });

  it('lists RUNNING tasks by default and STOPPED ones on request', async () => {
    const running = await clients.ecs.send(new ListTasksCommand({ cluster: 'prod' }));
    const stopped = await clients.ecs.send(new ListTasksCommand({ cluster: 'prod', desiredStatus: 'STOPPED' }));
    expect(running.taskArns).toHaveLength(3);
    expect(stopped.taskArns?.map((arn) => arn.split('/').pop())).toEqual(['gone']);
  });

  it.each([
    ['a family alone: its latest ACTIVE revision', 'nightly', 'nightly', 4, 'ACTIVE'],
    ['family:revision, INACTIVE while a service runs it', 'legacy:2', 'legacy', 2, 'INACTIVE'],
    ['an ARN', 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7', 'web', 7, 'ACTIVE'],
  ])('describes a task definition named by %s', async (_name, taskDefinition, family, revision, status) => {
    const { taskDefinition: found } = await clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition }));
    expect(found).toMatchObject({ family, revision, status });
  });

  it('answers ClientException for a family with no ACTIVE revision', async () => {
    await expect(clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'legacy' })))
      .rejects.toMatchObject({ name: 'ClientException' });
  });

  it('lists revisions by family prefix, newest family and revision first with DESC', async () => {
    const page = await clients.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'web', sort: 'DESC' }));
    const names = page.taskDefinitionArns?.map((arn) => arn.split('/').pop());
    expect(names).toEqual(['web-api:4', 'web-api:3', 'web-api:2', 'web-api:1', 'web:8', 'web:7', 'web:5', 'web:4', 'web:2', 'web:1']);
  });

  it.each([
    ['ACTIVE', ['cron', 'nightly', 'pinned', 'report', 'web', 'web-api', 'worker']],
    ['INACTIVE', ['legacy']],
  ] as const)('lists %s task definition families', async (status, families) => {
    const page = await clients.ecs.send(new ListTaskDefinitionFamiliesCommand({ status }));
    expect(page.families).toEqual(families);
  });

  it('lists the rules of a named bus and their ECS targets', async () => {
    const rules = await clients.events.send(new ListRulesCommand({ EventBusName: 'ops' }));
    expect(rules.Rules?.map((rule) => rule.Name)).toEqual(['ops-cleanup']);
    const targets = await clients.events.send(new ListTargetsByRuleCommand({ Rule: 'ops-cleanup', EventBusName: 'ops' }));
    expect(targets.Targets?.flatMap((target) => target.EcsParameters?.TaskDefinitionArn ?? [])).toHaveLength(2);
    await expect(clients.events.send(new ListRulesCommand({ EventBusName: 'nope' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('serves Scheduler on its REST paths, filtering by group and reading one schedule with its group', async () => {
    const jobs = await clients.scheduler.send(new ListSchedulesCommand({ GroupName: 'jobs', MaxResults: 1 }));
    expect(jobs.Schedules?.map((s) => s.Name)).toEqual(['nightly-old']);
    expect(jobs.NextToken).toBeDefined();
    const schedule = await clients.scheduler.send(new GetScheduleCommand({ Name: 'nightly-old', GroupName: 'jobs' }));
    expect(schedule.Target?.EcsParameters?.TaskDefinitionArn).toMatch(/task-definition\/nightly:1$/);
    await expect(clients.scheduler.send(new GetScheduleCommand({ Name: 'nightly-old' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
