/**
 * Decorators over the pipeline's sources: each prints a progress line when it finishes (only on a terminal), and the
 * inventory keeps what it listed, so that the CLI can name the account and region of a plan that run() made.
 */
import type { Inventory, LiveReference, LiveSourceName } from '../lambda/core/model';
import type { LiveSettings } from '../lambda/core/policy';
import type { InventorySource, LiveSource } from '../lambda/ports';
import type { CliIo } from './io';

export type ProgressLine = (text: string) => void;

/** Progress goes to stderr, and only to a terminal: a pipe or a CI log gets the result alone. */
export function progressLine(io: CliIo): ProgressLine {
  return io.stderrIsTTY ? (text) => io.err(text) : () => undefined;
}

export class ObservedInventory implements InventorySource {
  private collected: Inventory | undefined;

  constructor(private readonly inner: InventorySource, private readonly progress: ProgressLine) {}

  /** The inventory of the last successful collection. */
  get inventory(): Inventory | undefined {
    return this.collected;
  }

  async collect(): Promise<Inventory> {
    const started = performance.now();
    try {
      this.collected = await this.inner.collect();
    } catch (error) {
      this.progress(`  ECR inventory: failed after ${seconds(started)}`);
      throw error;
    }
    const { images, repositories } = this.collected;
    this.progress(`  ECR inventory: ${images.length} images in ${repositories.length} repositories (${seconds(started)})`);
    return this.collected;
  }
}

export class ObservedLiveSource implements LiveSource {
  readonly name: LiveSourceName;

  constructor(private readonly inner: LiveSource, private readonly progress: ProgressLine) {
    this.name = inner.name;
  }

  enabled(settings: LiveSettings): boolean {
    return this.inner.enabled(settings);
  }

  async collect(settings: LiveSettings): Promise<readonly LiveReference[]> {
    const started = performance.now();
    try {
      const references = await this.inner.collect(settings);
      this.progress(`  ${this.name}: ${references.length} live references (${seconds(started)})`);
      return references;
    } catch (error) {
      this.progress(`  ${this.name}: FAILED after ${seconds(started)}`);
      throw error;
    }
  }
}

function seconds(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`;
}
