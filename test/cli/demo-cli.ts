/**
 * What the CLI's end-to-end suites share: the bundled CLI against the demo account (pages of 3), a scratch folder,
 * both made before the suite and removed after it; and how a test finds an image's row in a table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoEnvironment, type DemoEnvironment } from '../../demo/environment';
import { shortDigest } from '../../lambda/core/reasons';
import { BundledCli, type CliResult } from './bundled-cli';

export interface DemoCli {
  readonly world: DemoEnvironment;
  readonly cli: BundledCli;
  readonly scratch: string;
  /** `ecr-retention <args>` with the demo account's environment. */
  run(...args: string[]): Promise<CliResult>;
}

/** Registers the suite's beforeAll/afterAll; the fields are there once the suite runs. */
export function useDemoCli(scratchPrefix: string, prepare: (world: DemoEnvironment) => void = () => undefined): DemoCli {
  const suite = {} as { world: DemoEnvironment; cli: BundledCli; scratch: string };
  beforeAll(async () => {
    [suite.world, suite.cli] = await Promise.all([startDemoEnvironment({ now: Date.now(), pageSize: 3 }), BundledCli.build()]);
    prepare(suite.world);
    suite.scratch = mkdtempSync(join(tmpdir(), scratchPrefix));
  }, 60_000);
  afterAll(async () => {
    await suite.world?.close();
    suite.cli?.dispose();
    if (suite.scratch) rmSync(suite.scratch, { recursive: true, force: true });
  });
  return {
    get world() { return suite.world; },
    get cli() { return suite.cli; },
    get scratch() { return suite.scratch; },
    run: (...args) => suite.cli.run(args, suite.world.env),
  };
}

/** The table row of an image, by its short digest. */
export function row(stdout: string, fullDigest: string): string {
  return stdout.split('\n').find((line) => line.includes(`  ${shortDigest(fullDigest)}  `)) ?? '';
}
