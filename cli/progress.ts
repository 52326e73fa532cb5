/**
 * Progress lines for a person at a terminal: the collect step reports each read it finishes ('collected' and
 * 'collection failed' telemetry events); this prints them on stderr, and only on a terminal, so that a pipe or a CI
 * log gets the result alone. Everything else goes on to the wrapped telemetry.
 */
import type { Telemetry } from '../lambda/ports';
import type { CliIo } from './io';

export type ProgressLine = (text: string) => void;

export function progressLine(io: CliIo): ProgressLine {
  return io.stderrIsTTY ? (text) => io.err(text) : () => undefined;
}

export function withProgress(inner: Telemetry, progress: ProgressLine): Telemetry {
  return {
    info: (message, attributes) => {
      if (message === 'collected') progress(`  ${describe(attributes)}`);
      inner.info(message, attributes);
    },
    warn: (message, attributes) => inner.warn(message, attributes),
    error: (message, attributes) => {
      if (message === 'collection failed') progress(`  ${String(attributes?.source)}: FAILED after ${seconds(attributes?.ms)}`);
      inner.error(message, attributes);
    },
    metric: (name, unit, value, dimensions) => inner.metric(name, unit, value, dimensions),
  };
}

function describe(attributes: Readonly<Record<string, unknown>> | undefined): string {
  const { source, images, repositories, references, ms } = attributes ?? {};
  const found = references !== undefined ? `${String(references)} live references` : `${String(images)} images in ${String(repositories)} repositories`;
  return `${String(source)}: ${found} (${seconds(ms)})`;
}

function seconds(ms: unknown): string {
  return `${(Number(ms ?? 0) / 1000).toFixed(1)} s`;
}
