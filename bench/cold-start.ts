/**
 * Cold start: bundles the handler exactly as the deployment does (lib/bundling.ts), then loads it in fresh Node
 * processes and times `require` (module init: SDK clients' code, Powertools, the Kubernetes client). Prints figures;
 * the last line is one JSON object. Target: bundle ≤ 2 MB, init ≤ 300 ms.
 *   npm run bench:cold-start [-- --runs 7]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { HANDLER_ESBUILD_OPTIONS } from '../lib/bundling';

const runsIndex = process.argv.indexOf('--runs');
const RUNS = runsIndex >= 0 ? Number(process.argv[runsIndex + 1]) : 7;

function bundle(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ecr-retention-cold-')), 'index.js');
  buildSync({ ...HANDLER_ESBUILD_OPTIONS, mainFields: [...HANDLER_ESBUILD_OPTIONS.mainFields], entryPoints: [join(__dirname, '../lambda/handler.ts')], outfile: file, logLevel: 'error' });
  return file;
}

/** Milliseconds to require the bundle in a fresh process, as the Lambda runtime does during init. */
function initMs(file: string, nodeOptions: string[]): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  return Number(execFileSync(process.execPath, [...nodeOptions, '-e', script], { env: { ...process.env, POWERTOOLS_METRICS_DISABLED: 'true' } }).toString());
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function main(): void {
  const file = bundle();
  const bundleKB = Math.round(statSync(file).size / 1024);
  const mapKB = Math.round(statSync(`${file}.map`).size / 1024);
  const plain = Array.from({ length: RUNS }, () => initMs(file, []));
  const withMaps = Array.from({ length: RUNS }, () => initMs(file, ['--enable-source-maps']));
  console.log(`bundle ${bundleKB} KB (+ ${mapKB} KB source map), ${file}`);
  console.log(`init (require) over ${RUNS} fresh processes: median ${median(plain).toFixed(0)} ms, min ${Math.min(...plain).toFixed(0)} ms`);
  console.log(`init with --enable-source-maps (as deployed): median ${median(withMaps).toFixed(0)} ms`);
  console.log(JSON.stringify({ bench: 'cold-start', bundleKB, initMs: Math.round(median(withMaps)) }));
}

main();
