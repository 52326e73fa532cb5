/** Telemetry for a person at a terminal: warnings and errors on stderr when verbose, metrics kept for the summary. */
import type { Telemetry } from '../../ports';

export class StderrTelemetry implements Telemetry {
  readonly metrics = new Map<string, number>();

  constructor(private readonly verbose: boolean) {}

  info(message: string, attributes?: Readonly<Record<string, unknown>>): void {
    if (this.verbose) process.stderr.write(`${message}${format(attributes)}\n`);
  }

  warn(message: string, attributes?: Readonly<Record<string, unknown>>): void {
    if (this.verbose) process.stderr.write(`warning: ${message}${format(attributes)}\n`);
  }

  error(message: string, attributes?: Readonly<Record<string, unknown>>): void {
    if (this.verbose) process.stderr.write(`error: ${message}${format(attributes)}\n`);
  }

  metric(name: string, _unit: string, value: number): void {
    this.metrics.set(name, (this.metrics.get(name) ?? 0) + value);
  }
}

function format(attributes?: Readonly<Record<string, unknown>>): string {
  return attributes && Object.keys(attributes).length > 0 ? ` ${JSON.stringify(attributes)}` : '';
}
