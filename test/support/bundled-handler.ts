/**
 * The handler as Lambda loads it: bundled by esbuild with the deployment's own options (lib/bundling.ts) into a
 * temporary directory, then required. Built once per test file.
 */
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { HANDLER_ESBUILD_OPTIONS } from '../../lib/bundling';

export interface BundledHandler {
  readonly file: string;
  readonly handler: (event: unknown, context?: { awsRequestId: string }) => Promise<{ runId: string; outcome: string; plannedDeletions: number; deletions: number; missingLiveImages: number }>;
}

export function bundleHandler(): BundledHandler {
  const dir = mkdtempSync(join(tmpdir(), 'ecr-retention-bundle-'));
  const file = join(dir, 'index.js');
  buildSync({ ...HANDLER_ESBUILD_OPTIONS, mainFields: [...HANDLER_ESBUILD_OPTIONS.mainFields], entryPoints: [join(__dirname, '../../lambda/handler.ts')], outfile: file, logLevel: 'error' });
  // Node's own require, not jest's: the bundle is loaded exactly as Lambda loads it, untransformed.
  const loaded = createRequire(file)(file) as { handler: BundledHandler['handler'] };
  return { file, handler: loaded.handler };
}
