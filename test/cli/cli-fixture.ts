/**
 * A small account for the CLI's offline tests, as a snapshot file: two governed repositories, one ungoverned, one
 * live reference, two untagged digests sharing a prefix. In-process runs of the CLI read it; no AWS is involved.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../bin/cli';
import type { CliIo, ExitCode } from '../../cli/io';
import { toSnapshot, type Snapshot } from '../../cli/snapshot-file';
import type { CollectedAccount } from '../../lambda/core/collected';
import { collectedAccount, DAY, digestOf, image, inventory, NOW } from '../support/core-builders';

export const CONFIG = `
settings:
  gracePeriod: 1d
  maxDeletionsPerRun: 10
  live: { ecs: { clusters: ["*"] }, eks: false, lambda: false, batch: false }
policies:
  - name: team
    repositories: ["team/*"]
    protect: ["latest"]
    lineages:
      - name: versions
        tags: "v(?<n>\\\\d+)"
        orderBy: version
        keep: { newest: 1 }
    untagged: expire
    unmatched: expire
`;

/** Two untagged digests of team/api that share the prefix `abcdef`. */
export const SIBLING_A = `sha256:abcdef01${'0'.repeat(56)}`;
export const SIBLING_B = `sha256:abcdef02${'0'.repeat(56)}`;
export const V1 = digestOf('v1');

export function fixtureAccount(): CollectedAccount {
  const images = [
    image({ repository: 'team/api', digest: V1, tags: ['v1'], pushedAt: NOW - 30 * DAY, sizeBytes: 100 }),
    image({ repository: 'team/api', digest: digestOf('v2'), tags: ['v2'], pushedAt: NOW - 20 * DAY, sizeBytes: 100 }),
    image({ repository: 'team/api', digest: digestOf('v3'), tags: ['v3'], pushedAt: NOW - 10 * DAY, sizeBytes: 100 }),
    image({ repository: 'team/api', digest: SIBLING_A, pushedAt: NOW - 40 * DAY, sizeBytes: 100 }),
    image({ repository: 'team/api', digest: SIBLING_B, pushedAt: NOW - 40 * DAY, sizeBytes: 100 }),
    image({ repository: 'team/web', digest: digestOf('w1'), tags: ['latest'], pushedAt: NOW - 50 * DAY, sizeBytes: 100 }),
    image({ repository: 'team/web', digest: digestOf('w2'), tags: ['build-1'], pushedAt: NOW - 50 * DAY, sizeBytes: 100 }),
    image({ repository: 'other/tools', digest: digestOf('t1'), tags: ['x'], pushedAt: NOW - 50 * DAY, sizeBytes: 100 }),
  ];
  const references = [{ source: 'ecs' as const, location: 'ecs cluster/prod service/api task-definition/api:3 container/api', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/team/api:v1' }];
  return collectedAccount({ inventory: inventory(images), references, failedSources: [], sources: ['ecs'] });
}

export class Workspace {
  readonly directory = mkdtempSync(join(tmpdir(), 'cli-offline-'));

  file(name: string, content: string): string {
    const path = join(this.directory, name);
    writeFileSync(path, content);
    return path;
  }

  snapshot(change: (snapshot: Snapshot) => Snapshot = (s) => s, name = 'snapshot.json'): string {
    return this.file(name, JSON.stringify(change(toSnapshot(fixtureAccount(), [{ name: '/ecr-retention/team', text: CONFIG }], NOW))));
  }

  dispose(): void {
    rmSync(this.directory, { recursive: true, force: true });
  }
}

export interface InProcessResult {
  readonly code: ExitCode;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI in this process with captured streams: for the commands that need no AWS. */
export async function cliInProcess(args: readonly string[], options: { tty?: boolean } = {}): Promise<InProcessResult> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text), stderrIsTTY: options.tty === true, env: {}, now: () => NOW };
  const code = await runCli(args, io);
  return { code, stdout: out.map((line) => `${line}\n`).join(''), stderr: err.map((line) => `${line}\n`).join('') };
}
