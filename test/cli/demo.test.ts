/**
 * `npm run demo` as a child process: the demo's runs (plan, delete, then without lifecycle policies) against its own emulators. The demo is a
 * script of the repository (demo/main.ts), bundled here as the CLI is, since ts-node would cost seconds per start.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

let directory: string;
let script: string;
/** The demo runs once; each test reads its output. */
let demo: { code: number; stdout: string; stderr: string };
beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'ecr-retention-demo-'));
  script = join(directory, 'demo.js');
  await build({ entryPoints: [resolve(__dirname, '../../demo/main.ts')], bundle: true, platform: 'node', target: 'node20', outfile: script, logLevel: 'error' });
  demo = await runDemo();
}, 120_000);
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function runDemo(): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { PATH: process.env.PATH ?? '', HOME: directory, AWS_CONFIG_FILE: join(directory, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(directory, 'none') };
  return new Promise((done) => {
    execFile(process.execPath, [script], { env, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

test('demo plans, emails, switches to delete mode and deletes exactly the planned digests', async () => {
  const { code, stdout, stderr } = demo;
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  expect(stdout).toContain('== Run 1: mode plan (the default). Nothing is deleted; this is what would be.');
  expect(stdout).toContain('Subject: ecr-retention plan: would delete 14 images (1.5 GB), 2 missing live images');
  expect(stdout).toContain('Outcome: deleted; 14 deleted, 0 failed, 0 skipped.');
  expect(stdout).toContain('The registry lost exactly 14 digests; 28 remain.');
});

test('demo names the lifecycle policies the account arrives with in its email, and no longer once they are removed', async () => {
  const { stdout } = demo;
  const email = stdout.slice(stdout.indexOf('== The email this run sent'), stdout.indexOf('== Run 2'));
  expect(email).toContain('ECR lifecycle policies\n  5 of 6 governed repositories still have an ECR lifecycle policy');
  expect(stdout).toMatch(/Governed repositories under an ECR lifecycle policy: run 1 platform\/base, shop\/api, shop\/frontend, shop\/web, shop\/worker; run 3 \(\w+\) none\./);
});

test('demo tells the central-registry story: images kept only because another account pulls them', async () => {
  const { stdout } = demo;
  const story = stdout.slice(stdout.indexOf('== Central registry'));
  expect(story.match(/would delete shop\/web@/g)).toHaveLength(4);
  expect(story).toContain("The registry's run (mode delete, expecting 222222222222 and 333333333333): deleted.");
  expect(story.match(/ {2}deleted shop\/web@/g)).toHaveLength(2);
  expect(story).toMatch(/shop\/web@\w{12} <- account\/222222222222 ecs cluster\/dev service\/web/);
  expect(story).toMatch(/shop\/web@\w{12} <- account\/333333333333 eks cluster\/prod-eks namespace\/shop cronjob\/nightly-export/);
});

test('the shipped CLI bundle holds neither the emulators nor their certificate library', async () => {
  const cli = join(directory, 'cli.js');
  await build({ entryPoints: [resolve(__dirname, '../../bin/cli.ts')], bundle: true, platform: 'node', target: 'node20', outfile: cli, logLevel: 'error' });
  const bundle = readFileSync(cli, 'utf8');
  expect(bundle.includes('node-forge')).toBe(false);
  expect(bundle).not.toMatch(/emulator\/(aws|k8s)\//);
});
