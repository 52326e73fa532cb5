/** Telemetry for a person at a terminal: logs and metrics on stderr, when verbose. */
import type { Telemetry } from '../../ports';

export class StderrTelemetry implements Telemetry {
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

  metric(name: string, unit: string, value: number): void {
    if (this.verbose) process.stderr.write(`metric ${name} ${value} ${unit}\n`);
  }
}

function format(attributes?: Readonly<Record<string, unknown>>): string {
  return attributes && Object.keys(attributes).length > 0 ? ` ${JSON.stringify(attributes)}` : '';
}
