/** Telemetry through Powertools: structured JSON logs carrying the run id, and EMF metrics flushed once per run. */
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { Telemetry } from '../../ports';

const UNITS = { Count: MetricUnit.Count, Bytes: MetricUnit.Bytes, Milliseconds: MetricUnit.Milliseconds } as const;

export class PowertoolsTelemetry implements Telemetry {
  constructor(
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  info(message: string, attributes: Readonly<Record<string, unknown>> = {}): void {
    this.logger.info(message, { ...attributes });
  }

  warn(message: string, attributes: Readonly<Record<string, unknown>> = {}): void {
    this.logger.warn(message, { ...attributes });
  }

  error(message: string, attributes: Readonly<Record<string, unknown>> = {}): void {
    this.logger.error(message, { ...attributes });
  }

  metric(name: string, unit: keyof typeof UNITS, value: number, dimensions?: Readonly<Record<string, string>>): void {
    if (!dimensions) return void this.metrics.addMetric(name, UNITS[unit], value);
    // A single metric flushes at once with its own dimensions, so a region's figure never lands on the run's totals.
    const single = this.metrics.singleMetric();
    single.addDimensions({ ...dimensions });
    single.addMetric(name, UNITS[unit], value);
  }
}
