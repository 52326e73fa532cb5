/**
 * The report page in a real browser (Debian's chromium, headless, through playwright-core): a plan of the demo account
 * rendered to one self-contained HTML file, opened from disk, screenshot at 1280×800. The chart is on the first screen,
 * the page logs no console error and asks for nothing over the network.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startDemoEnvironment, type DemoEnvironment } from '../../demo/environment';
import { StderrTelemetry } from '../../lambda/adapters/telemetry/stderr';
import { renderHtmlReport } from '../../lambda/report/html/page';
import type { RunReport } from '../../lambda/report/report';
import { run } from '../../lambda/run';
import { buildDependencies } from '../../lambda/wiring';

/** CI installs Debian's chromium (.ci/run); CHROMIUM_PATH points elsewhere when needed. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let world: DemoEnvironment;
let browser: Browser;
let directory: string;
let report: RunReport;

beforeAll(async () => {
  world = await startDemoEnvironment({ now: Date.now() });
  const deps = await buildDependencies({
    clients: { region: 'us-east-1', endpoint: world.aws.url, credentials: { accessKeyId: world.env.AWS_ACCESS_KEY_ID as string, secretAccessKey: world.env.AWS_SECRET_ACCESS_KEY as string }, fixedBackoffMs: 1 },
    configPath: world.env.CONFIG_PATH, topicArn: world.env.TOPIC_ARN, telemetry: new StderrTelemetry(false), runId: 'html-report',
  });
  report = await run(deps, { mode: 'plan', silent: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  directory = mkdtempSync(join(tmpdir(), 'html-report-'));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await world?.close();
  rmSync(directory, { recursive: true, force: true });
});

test('renders the plan with its chart on the first screen, no console error and no network request', async () => {
  const file = join(directory, 'report.html');
  writeFileSync(file, renderHtmlReport(report));
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const problems: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text()); });
  page.on('pageerror', (error) => problems.push(error.message));
  const requests: string[] = [];
  page.on('request', (request) => { if (!request.url().startsWith('file://')) requests.push(request.url()); });
  await page.goto(`file://${file}`);
  const chart = page.locator('#bytes-chart');
  const box = await chart.boundingBox();
  expect(box).not.toBeNull();
  expect((box?.y ?? 800) + Math.min(box?.height ?? 0, 100)).toBeLessThan(800);
  expect(await page.locator('#bytes-chart rect.bar').count()).toBe(report.plan?.summary.repositories.length);
  const shot = join(directory, 'report.png');
  await page.screenshot({ path: shot });
  expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
  expect(await page.locator('h1').textContent()).toBe('ecr-retention: planned (plan)');
  expect(await page.getByText('shop/api (policy shop): 10 images, 4 to delete').count()).toBe(1);
  expect(await page.getByText('Missing live images (2): they will fail to pull').count()).toBe(1);
  expect({ problems, requests }).toEqual({ problems: [], requests: [] });
  if (process.env.HTML_REPORT_SCREENSHOT) writeFileSync(process.env.HTML_REPORT_SCREENSHOT, readFileSync(shot));
}, 60_000);

test('escapes what the account says: a tag or a location is text, never markup', () => {
  const hostile = { ...report, runId: '<script>alert(1)</script>', notes: [{ source: 'ecs' as const, message: '<img src=x onerror=alert(1)>' }] };
  const html = renderHtmlReport(hostile);
  expect(html).not.toContain('<script>alert(1)</script>');
  expect(html).not.toContain('<img src=x');
  expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
});

test('lists the problems the email lists: a deletion that failed or was skipped, a config error', () => {
  const failed = { region: 'us-east-1', repository: 'shop/api', digest: `sha256:${'a'.repeat(64)}`, expectedTags: [], wave: 0, follows: [], sizeBytes: 1 };
  const broken: RunReport = {
    ...report,
    deletion: { kind: 'performed', deleted: [], failed: [{ ...failed, code: 'ImageReferencedByManifestList', message: 'in use by an index' }], skipped: [{ ...failed, digest: `sha256:${'b'.repeat(64)}`, reason: 'its tags changed since the plan' }] },
    configIssues: [{ document: '/ecr-retention/10-shop', path: 'policies[0].lineages[0].keep', message: 'needs at least one condition' }],
  };
  const html = renderHtmlReport(broken);
  expect(html).toContain('DELETE FAILED: shop/api@aaaaaaaaaaaa: ImageReferencedByManifestList: in use by an index');
  expect(html).toContain('SKIPPED: shop/api@bbbbbbbbbbbb: its tags changed since the plan');
  expect(html).toContain('CONFIG: /ecr-retention/10-shop: policies[0].lineages[0].keep: needs at least one condition');
});
