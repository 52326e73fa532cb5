import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/** The EMF namespace and service dimension the function's Powertools Metrics write (lambda/handler.ts). */
export const METRICS_NAMESPACE = 'EcrRetention';
export const METRICS_SERVICE = 'ecr-retention';

export interface RunDashboardProps {
  readonly fn: lambda.IFunction;
  /** The dashboard's name; CloudFormation generates one when absent. */
  readonly dashboardName?: string;
}

const DAY = Duration.days(1);

/**
 * What people chart: what each run deleted and reclaimed, what it would delete, the live set and the exports it relied
 * on, its failures and its duration; and, by region and by repository (the run emits the repositories that reclaim
 * most, the rest as "(other)", so the cardinality stays bounded), where the bytes come from.
 */
export class RunDashboard extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: RunDashboardProps) {
    super(scope, id);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      ...(props.dashboardName ? { dashboardName: props.dashboardName } : {}),
      defaultInterval: Duration.days(30),
    });
    this.dashboard.addWidgets(
      graph('Digests deleted, and planned', [run('Deletions'), run('PlannedDeletions'), run('DeletionFailures')]),
      graph('Bytes reclaimed', [run('BytesReclaimed')]),
      graph('Live set', [run('LiveReferences'), run('ImportedReferences'), run('MissingLiveImages')]),
    );
    this.dashboard.addWidgets(
      graph('Errors (failed reads, failed runs)', [run('Errors')]),
      graph('Oldest export relied on (ms)', [run('OldestExportAgeMs', cloudwatch.Stats.MAXIMUM)]),
      graph('Run duration (ms)', [run('DurationMs', cloudwatch.Stats.MAXIMUM), props.fn.metricDuration({ period: DAY, statistic: cloudwatch.Stats.MAXIMUM })]),
    );
    this.dashboard.addWidgets(
      graph('Bytes reclaimed per repository', [search('BytesReclaimed', 'Region,Repository')], 12),
      graph('Images scanned and planned per region', [search('ImagesScanned', 'Region'), search('PlannedDeletions', 'Region')], 12),
    );
    this.dashboard.addWidgets(
      graph('Governed repositories still under an ECR lifecycle policy', [run('RepositoriesWithLifecyclePolicy', cloudwatch.Stats.MAXIMUM)], 24),
    );
  }
}

function run(metricName: string, statistic: string = cloudwatch.Stats.SUM): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service: METRICS_SERVICE }, period: DAY, statistic });
}

/** Every series of the metric with these dimensions, whatever their values (a region, a repository). */
function search(metricName: string, dimensions: string): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `SEARCH('{${METRICS_NAMESPACE},service,${dimensions}} MetricName="${metricName}"', 'Sum', 86400)`,
    label: metricName,
    period: DAY,
  });
}

function graph(title: string, metrics: cloudwatch.IMetric[], width = 8): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({ title, left: metrics, width, height: 6 });
}
