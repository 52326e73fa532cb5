import { ArnFormat, Aws, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** A run whose duration reaches this share of the timeout is treated as timed out (Lambda reports no timeout metric). */
export const TIMEOUT_ALARM_RATIO = 0.95;

export interface RunAlarmsProps {
  readonly fn: lambda.IFunction;
  readonly timeout: Duration;
  readonly topic: sns.ITopic;
}

/**
 * Alarms on the three ways a run can fail without the handler reporting it itself: an uncaught error, a timeout
 * (the handler is killed before it can publish), and a throttle (the scheduled run never started). Each one mails
 * the same topic as the run reports. A missing datapoint means no run happened in the period, which is not a failure.
 */
export class RunAlarms extends Construct {
  public readonly errors: cloudwatch.Alarm;
  public readonly timeouts: cloudwatch.Alarm;
  public readonly throttles: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: RunAlarmsProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    const action = new actions.SnsAction(props.topic);

    this.errors = this.alarm('Errors', action, props.fn.metricErrors({ period, statistic: cloudwatch.Stats.SUM }), 1,
      'The ECR retention run failed with an uncaught error: nothing after the failure point was done. See its logs.');
    this.throttles = this.alarm('Throttles', action, props.fn.metricThrottles({ period, statistic: cloudwatch.Stats.SUM }), 1,
      'The ECR retention run was throttled (reserved concurrency 1: a previous run was still going, or the account limit was hit).');
    const timeoutMs = Math.floor(props.timeout.toMilliseconds() * TIMEOUT_ALARM_RATIO);
    this.timeouts = this.alarm('Timeouts', action, props.fn.metricDuration({ period, statistic: cloudwatch.Stats.MAXIMUM }), timeoutMs,
      `The ECR retention run took at least ${TIMEOUT_ALARM_RATIO * 100} % of its ${props.timeout.toMinutes()}-minute timeout: it was probably killed before reporting.`);
  }

  private alarm(id: string, action: cloudwatch.IAlarmAction, metric: cloudwatch.IMetric, threshold: number, description: string): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(action);
    return alarm;
  }
}

/**
 * `enforceSSL` gives the topic an explicit resource policy, which replaces SNS's default one: CloudWatch alarms of
 * this account must then be allowed by name, or their notifications are silently refused.
 */
export function allowAlarmsToPublish(topic: sns.Topic): void {
  const stack = Stack.of(topic);
  topic.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowAlarmsOfThisAccount',
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions: {
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
    },
  }));
}

