/**
 * The CLI end to end: each command a child process against the demo account in the emulators (page size 3, so every
 * adapter paginates), with its output, its exit code and the account's state after it asserted. The tests run in
 * order: the last one deletes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { digest } from '../../demo/sample-account';
import { shortDigest } from '../../lambda/core/reasons';
import { storedState } from '../support/stored-state';
import { row, useDemoCli } from './demo-cli';

interface PlanJson {
  plannedAt: string;
  blocked: boolean;
  summary: { images: number; kept: number; deleted: number; governedRepositories: number };
  decisions: { repository: string; digest: string; action: string; reasons: { code: string; verdict: string; text: string }[] }[];
  deletions: { repository: string; digest: string; wave: number }[];
  missing: { repository: string; tag: string | null; digest: string | null; location: string }[];
  lifecyclePolicies: { region: string; governed: number; checked: number; unknown: number; oldestCheck?: string; withPolicy: { repository: string }[] }[];
}

const LIVE = digest('api-5'); // shop/api, run by the ECS service `api` and its task
const EXPIRED = digest('web-249'); // shop/web tag-1-249-0, the oldest release, nothing runs it

let livePlan: PlanJson;

const demo = useDemoCli('cli-test-');
const ecrRetention = demo.run;

function registry(): Set<string> {
  return new Set(demo.world.aws.account.ecr.repositories.flatMap((r) => r.images.map((i) => `${r.name}@${i.digest}`)));
}


test('plan prints one row per repository, those that reclaim most first, the totals and the missing live images', async () => {
  const { code, stdout, stderr } = await ecrRetention('plan');
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  expect(stdout).toMatch(/^Plan for account 123456789012, region us-east-1, as of \d{4}-\d\d-\d\dT/);
  const lines = stdout.split('\n');
  const header = lines.findIndex((line) => /^REPOSITORY\s+POLICY\s+IMAGES\s+KEPT\s+DELETE\s+BYTES\s+LIVE\s+MISSING$/.test(line));
  expect(header).toBeGreaterThan(0);
  const rows = lines.slice(header + 1, lines.indexOf('', header));
  expect(rows).toHaveLength(6); // one per governed repository, not one per image
  expect(rows.find((line) => line.startsWith('shop/api '))).toMatch(/^shop\/api\s+shop\s+10\s+6\s+4\s+520 MB\s+1\s+2$/);
  const bytes = rows.map((line) => line.trim().split(/\s{2,}/)[5] ?? '');
  const inBytes = (text: string) => Number.parseFloat(text) * { B: 1, KB: 2 ** 10, MB: 2 ** 20, GB: 2 ** 30 }[text.split(' ')[1] as 'B'];
  expect(bytes.map(inBytes)).toEqual([...bytes.map(inBytes)].sort((x, y) => y - x));
  expect(stdout).not.toContain('48435d2f0186'); // no per-image rows
  expect(stdout).toContain('Totals: 6 governed repositories, 41 images: 27 kept, 14 to delete (1.5 GB).');
  expect(stdout).toContain('Missing live images (2)');
});

test('plan --details prints one table per repository, the totals and the missing live images, and exits 0', async () => {
  const { code, stdout, stderr } = await ecrRetention('plan', '--details');
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' }); // stderr is no TTY here: no progress lines
  expect(stdout).toMatch(/^Plan for account 123456789012, region us-east-1, as of \d{4}-\d\d-\d\dT/);
  expect(stdout).toContain('shop/api (policy shop): 10 images, 6 kept, 4 to delete (520 MB)\nREPOSITORY  DIGEST');
  expect(row(stdout, LIVE)).toMatch(/^shop\/api\s+48435d2f0186\s+git-48435d2f\s+23d\s+130 MB\s+KEEP\s+live: ecs cluster\/prod service\/api deployment\/ecs-svc\/1 /);
  expect(row(stdout, EXPIRED)).toMatch(/^shop\/web\s+bef3cd44a24c\s+tag-1-249-0\s+50d\s+80 MB\s+DELETE\s+lineage releases: expired \(rank 7 of 7\)$/);
  expect(stdout).toContain('Totals: 6 governed repositories, 41 images: 27 kept, 14 to delete (1.5 GB).');
  expect(stdout).toContain('Governed by no policy, never touched: sandbox/experiments');
  expect(stdout).toContain('Missing live images (2)');
  expect(stdout).toContain('lambda function/thumbnailer:$LATEST -> 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/api:git-deadbeef (no such tag in shop/api)');
});

test('plan --json gives scripts every decision with its reasons, the deletions, the totals and the missing images', async () => {
  const { code, stdout } = await ecrRetention('plan', '--json');
  expect(code).toBe(0);
  livePlan = JSON.parse(stdout) as PlanJson;
  expect(livePlan.summary).toMatchObject({ governedRepositories: 6, images: 41, kept: 27, deleted: 14 });
  expect(livePlan.decisions).toHaveLength(41);
  expect(livePlan.deletions).toHaveLength(14);
  expect(livePlan.blocked).toBe(false);
  expect(livePlan.missing.map((m) => [m.repository, m.tag ?? m.digest])).toEqual([['shop/api', 'git-deadbeef'], ['shop/api', digest('deleted-long-ago')]]);
  const deleted = livePlan.decisions.filter((d) => d.action === 'delete').map((d) => `${d.repository}@${d.digest}`);
  expect(new Set(livePlan.deletions.map((d) => `${d.repository}@${d.digest}`))).toEqual(new Set(deleted));
  const live = livePlan.decisions.find((d) => d.digest === LIVE);
  expect(live?.reasons.map((r) => [r.code, r.verdict])).toEqual([['live', 'keep'], ['lineage', 'expire']]);
  expect(live?.reasons[1]?.text).toBe('lineage mainline: expired (rank 6 of 8)');
  // Every governed repository asked GetLifecyclePolicy (the demo's budget is the default 500); none has a policy.
  expect(livePlan.lifecyclePolicies).toEqual([expect.objectContaining({ region: 'us-east-1', governed: 6, checked: 6, unknown: 0, withPolicy: [] })]);
});

test('snapshot --out writes the collected account with the config it was collected with', async () => {
  const { code, stderr } = await ecrRetention('snapshot', '--out', join(demo.scratch, 'snapshot.json'));
  expect(code).toBe(0);
  expect(stderr).toContain('snapshot of 123456789012/us-east-1 written to');
  const snapshot = JSON.parse(readFileSync(join(demo.scratch, 'snapshot.json'), 'utf8'));
  expect(snapshot).toMatchObject({ format: 'ecr-retention-snapshot/2', accountId: '123456789012', homeRegion: 'us-east-1', unreadableRegions: [], regions: [{ failedSources: [], sources: ['ecs', 'eks', 'lambda', 'batch'] }] });
  expect(snapshot.regions[0].inventory.images).toHaveLength(42);
  expect(snapshot.regions[0].references).toHaveLength(11);
  expect(snapshot.config.map((d: { name: string }) => d.name)).toEqual(['/ecr-retention/00-settings', '/ecr-retention/10-shop', '/ecr-retention/20-platform']);
});

test('plan --from the snapshot makes no AWS call and prints the live plan, as of the collection time', async () => {
  const calls = demo.world.aws.totalCalls();
  const { code, stdout } = await ecrRetention('plan', '--from', join(demo.scratch, 'snapshot.json'), '--json');
  expect(code).toBe(0);
  expect(demo.world.aws.totalCalls()).toBe(calls);
  const offline = JSON.parse(stdout) as PlanJson;
  const snapshot = JSON.parse(readFileSync(join(demo.scratch, 'snapshot.json'), 'utf8'));
  expect(offline.plannedAt).toBe(snapshot.collectedAt);
  // This run's lifecycle-policy answers are dated by the decision, as the plan is.
  const undated = (plan: PlanJson) => ({ ...plan, plannedAt: undefined, lifecyclePolicies: plan.lifecyclePolicies.map((region) => ({ ...region, oldestCheck: undefined })) });
  expect(undated(offline)).toEqual(undated(livePlan));
});

test('explain a live image: every reason, its lineage rank, and each live reference with its location', async () => {
  const { code, stdout } = await ecrRetention('explain', `shop/api@${shortDigest(LIVE)}`);
  expect(code).toBe(0);
  expect(stdout).toContain(`shop/api@${LIVE}\nDecision: KEEP (policy shop)`);
  expect(stdout).toMatch(/tags: +git-48435d2f\n {2}pushed: +\d{4}-.+ \(23d ago\)\n {2}last pulled: +never recorded\n {2}size: +130 MB/);
  expect(stdout).toMatch(/ {2}keep {3}live: ecs cluster\/prod/);
  expect(stdout).toContain('  expire lineage mainline: expired (rank 6 of 8)');
  expect(stdout).toContain('Lineage ranks\n  mainline: rank 6 of 8, expired');
  expect(stdout).toContain('Live references (4)');
  for (const location of ['ecs cluster/prod task/0a1b2c container/api', 'ecs cluster/prod service/api deployment/ecs-svc/1 task-definition/shop-api:41 container/api', 'ecs cluster/prod service/api revision/1 container/api (current)']) {
    expect(stdout).toContain(`  ${location}\n      123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/api:git-48435d2f`);
  }
});

test('explain an expired image by tag: the tag resolves through the inventory; nothing references it', async () => {
  const { code, stdout } = await ecrRetention('explain', 'shop/web@tag-1-249-0');
  expect(code).toBe(0);
  expect(stdout).toContain(`shop/web@${EXPIRED}\nDecision: DELETE (policy shop)`);
  expect(stdout).toContain('Reasons (every one that applies; a single keep reason keeps the image)\n  expire lineage releases: expired (rank 7 of 7)\n\n');
  expect(stdout).toContain('Live references\n  (none: nothing in the collected live sources references this digest)');
});

test('validate prints every error of a bad document with its path, and exits 2', async () => {
  const bad = join(demo.scratch, 'bad.yaml');
  writeFileSync(bad, 'settings:\n  mode: sometimes\n  gracePeriod: 2 days\npolicies:\n  - name: web\n    repositories: []\n');
  const { code, stdout, stderr } = await ecrRetention('validate', bad);
  expect(code).toBe(2);
  expect(stdout.split('\n')).toEqual(expect.arrayContaining([
    expect.stringMatching(new RegExp(`^${bad}: settings\\.mode: `)),
    `${bad}: settings.gracePeriod: must be a duration such as 30m, 12h, 2d or 4w`,
    `${bad}: policies[0].repositories: must list at least one repository glob`,
  ]));
  expect(stderr).toBe('error: the configuration is invalid (3 errors)\n');
});

test('apply without --yes shows what it would delete, refuses with exit 2 and deletes nothing', async () => {
  const before = registry();
  const { code, stdout, stderr } = await ecrRetention('apply');
  expect(code).toBe(2);
  expect(stdout).toContain('The plan deletes 14 digests (1.5 GB) in account 123456789012, region us-east-1:');
  expect(row(stdout, EXPIRED)).toContain('DELETE');
  expect(row(stdout, LIVE)).toBe('');
  expect(stderr).toContain('error: refusing to delete without --yes (14 digests would be deleted); nothing was deleted');
  expect(registry()).toEqual(before);
});

test('apply --yes while ECS cannot be read is blocked by the guard: exit 3, nothing deleted', async () => {
  const before = registry();
  demo.world.aws.setFaults([{ service: 'ecs', kind: 'server-error', rate: 1 }]);
  try {
    const { code, stdout, stderr } = await demo.cli.run(['apply', '--yes'], { ...demo.world.env, AWS_MAX_ATTEMPTS: '2' });
    expect(code).toBe(3);
    // Without ECS's references the plan would delete what ECS runs (more than the 14 of the healthy plan): the guard stops it.
    const planned = Number(/^The plan deletes (\d+) digests .*; none was deleted\.$/m.exec(stdout)?.[1]);
    expect(planned).toBeGreaterThan(14);
    expect(stderr).toMatch(/^blocked: live set incomplete, nothing was deleted: ecs: could not read /m);
  } finally {
    demo.world.aws.setFaults([]);
  }
  expect(registry()).toEqual(before);
});

test('apply --yes deletes exactly the plan\'s deletions', async () => {
  const before = registry();
  const { code, stdout } = await ecrRetention('apply', '--yes');
  expect(code).toBe(0);
  expect(stdout).toContain('Deleted 14 of 14 planned digests (1.5 GB) in account 123456789012, region us-east-1.');
  expect(stdout).toContain(`  deleted shop/web@${shortDigest(EXPIRED)} tag-1-249-0`);
  const gone = [...before].filter((key) => !registry().has(key));
  expect(new Set(gone)).toEqual(new Set(livePlan.deletions.map((d) => `${d.repository}@${d.digest}`)));
});

test('apply --yes --state writes the stack\'s state, its journal naming an index\'s members, before deleting the index', async () => {
  const api = demo.world.aws.account.ecr.repositories.find((r) => r.name === 'shop/api')!;
  const old = Date.now() - 400 * 86_400_000;
  const member = (name: string) => ({ digest: digest(name), tags: [], pushedAt: old, sizeBytes: 10, manifestMediaType: 'application/vnd.oci.image.manifest.v1+json' });
  api.images.push(member('cli-amd64'), { ...member('cli-index'), tags: ['git-0000cafe'], manifestMediaType: 'application/vnd.oci.image.index.v1+json', childDigests: [digest('cli-amd64')] });
  const { code, stdout } = await ecrRetention('apply', '--yes', '--state', `s3://${demo.world.env.JOURNAL_BUCKET}/state/`);
  expect(code).toBe(0);
  expect(stdout).toContain('Deleted 2 of 2 planned digests');
  const state = storedState(demo.world.aws.account, demo.world.env.JOURNAL_BUCKET as string, 'us-east-1');
  expect(state?.journal).toEqual([{ region: 'us-east-1', repository: 'shop/api', digest: digest('cli-amd64'), parent: digest('cli-index') }]);
});

test('plan --journal (the deprecated alias) reads the state and the old journal, and writes nothing', async () => {
  const bucket = demo.world.aws.account.s3?.buckets[demo.world.env.JOURNAL_BUCKET as string] ?? {};
  const before = Object.keys(bucket).sort();
  const { code } = await ecrRetention('plan', '--journal', `s3://${demo.world.env.JOURNAL_BUCKET}/${demo.world.env.JOURNAL_KEY}`);
  expect(code).toBe(0);
  expect(Object.keys(bucket).sort()).toEqual(before);
});

test('a --journal that is no s3:// URI is a usage error: exit 2, nothing read', async () => {
  const { code, stdout, stderr } = await ecrRetention('plan', '--journal', 'my-bucket/journal.json');
  expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
  expect(stderr).toBe('error: --journal must be s3://<bucket>/<key>, not "my-bucket/journal.json"\n');
});

test('an unreachable endpoint is a runtime failure: exit 1 and one error line, no stack trace', async () => {
  const { code, stdout, stderr } = await demo.cli.run(['--endpoint-url', 'http://127.0.0.1:9', 'plan'], { ...demo.world.env, AWS_MAX_ATTEMPTS: '1' });
  expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
  expect(stderr).toBe('error: config: could not read SSM parameters under /ecr-retention/ (Error: connect ECONNREFUSED 127.0.0.1:9)\n');
});
