/**
 * The CLI as a user runs it: bin/cli.ts bundled once per suite with esbuild (as `npx ecr-retention` would be), each
 * command a child process. ts-node would cost 2-4 s per process; the bundle starts in a fraction of a second.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class BundledCli {
  private constructor(readonly directory: string, private readonly script: string) {}

  static async build(): Promise<BundledCli> {
    const directory = mkdtempSync(join(tmpdir(), 'ecr-retention-cli-'));
    const script = join(directory, 'cli.js');
    await build({ entryPoints: [resolve(__dirname, '../../bin/cli.ts')], bundle: true, platform: 'node', target: 'node20', outfile: script, logLevel: 'error' });
    return new BundledCli(directory, script);
  }

  /**
   * Runs one command with only the given environment (plus PATH, and a HOME without AWS config files), so nothing
   * from the machine running the tests leaks in.
   */
  run(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliResult> {
    const isolated = { PATH: process.env.PATH ?? '', HOME: this.directory, AWS_CONFIG_FILE: join(this.directory, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(this.directory, 'none'), ...env };
    return new Promise((done) => {
      execFile(process.execPath, [this.script, ...args], { env: isolated, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        done({ code, stdout, stderr });
      });
    });
  }

  dispose(): void {
    rmSync(this.directory, { recursive: true, force: true });
  }
}
