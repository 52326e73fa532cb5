/** The dashboard the construct adds: the run's metrics as the function writes them (EMF), by region and repository. */
import * as fs from 'fs';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../../lib/dashboard';
import { synthStack, type SynthesizedStack } from './support';

let synthesized: SynthesizedStack;
beforeAll(() => {
  synthesized = synthStack({ notifyEmail: 'ops@example.com' }, { bundle: false });
});
afterAll(() => fs.rmSync(synthesized.app.outdir, { recursive: true, force: true }));

/** The dashboard body with its CloudFormation joins flattened to text. */
function body(): string {
  const dashboards = Object.values(synthesized.template.findResources('AWS::CloudWatch::Dashboard'));
  expect(dashboards).toHaveLength(1);
  const source = (dashboards[0] as { Properties: { DashboardBody: unknown } }).Properties.DashboardBody;
  const flatten = (value: unknown): string => {
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.map(flatten).join('');
    if (value && typeof value === 'object') {
      const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
      return join ? join[1].map(flatten).join(join[0]) : '<ref>';
    }
    return String(value);
  };
  return flatten(source);
}

describe('the run dashboard', () => {
  it.each(['Deletions', 'PlannedDeletions', 'DeletionFailures', 'BytesReclaimed', 'LiveReferences', 'ImportedReferences', 'MissingLiveImages', 'Errors', 'OldestExportAgeMs', 'DurationMs', 'RepositoriesWithLifecyclePolicy'])(
    'charts %s from the function\'s namespace and service dimension', (metric) => {
      expect(body()).toContain(`["${METRICS_NAMESPACE}","${metric}","service","${METRICS_SERVICE}"`);
    });

  it('charts bytes reclaimed per region and repository, and images and planned deletions per region, whatever their names', () => {
    const text = body();
    expect(text).toContain(`SEARCH('{${METRICS_NAMESPACE},service,Region,Repository} MetricName=\\"BytesReclaimed\\"', 'Sum', 86400)`);
    expect(text).toContain(`SEARCH('{${METRICS_NAMESPACE},service,Region} MetricName=\\"ImagesScanned\\"', 'Sum', 86400)`);
  });

  it('uses the namespace and service the handler writes its metrics with', () => {
    const handler = fs.readFileSync(`${__dirname}/../../lambda/handler.ts`, 'utf8');
    expect(handler).toContain(`new Metrics({ namespace: '${METRICS_NAMESPACE}', serviceName: '${METRICS_SERVICE}' })`);
  });
});
