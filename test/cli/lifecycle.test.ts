/**
 * `lifecycle compare` and `lifecycle import` end to end: the bundled CLI against the demo account, its repositories
 * carrying the lifecycle policies users arrive with (demo/lifecycle-policies.ts). The tests run in order: the last one
 * removes the lifecycle policies, the migration's final step.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { digest } from '../../demo/sample-account';
import { shortDigest } from '../../lambda/core/reasons';
import { row, useDemoCli } from './demo-cli';
import { putLifecyclePolicies, removeLifecyclePolicies, TWO_WEEKS } from '../../demo/lifecycle-policies';

interface ComparisonJson {
  atRisk: boolean;
  totals: Record<string, number>;
  repositories: { repository: string; error: string | null; actedOn: { digest: string; verdict: string; rulePriority: number; details: string[] }[] }[];
  withoutLifecyclePolicy: { repository: string }[];
}

const API_LIVE = digest('api-5'); // run by the ECS service api, 23 days old: "older than 14 days"
const BASE_INDEX = digest('base-index'); // the multi-arch image an EKS pod runs
const ROLLBACK = digest('web-rollback'); // seed 002's rollback target: tag-1-252-0, tag-1-253-0, the oldest push

const demo = useDemoCli('cli-lifecycle-', putLifecyclePolicies);
const ecrRetention = demo.run;
const compareJson = async (...args: string[]) => {
  const result = await ecrRetention('lifecycle', 'compare', '--json', ...args);
  return { code: result.code, json: JSON.parse(result.stdout) as ComparisonJson };
};

test('compare finds the live images seed-like policies would expire, with their workloads, and exits 3', async () => {
  const { code, stdout, stderr } = await ecrRetention('lifecycle', 'compare');
  expect({ code, stderr }).toEqual({ code: 3, stderr: '' });
  expect(stdout).toMatch(/^Lifecycle policies against the plan for account 123456789012, region us-east-1, as of /);
  expect(row(stdout, API_LIVE)).toMatch(/^LIVE\s+48435d2f0186\s+git-48435d2f\s+23d\s+expire \(rule 1\)\s+live: ecs cluster\/prod service\/api deployment\/ecs-svc\/1 /);
  // Seed 001: keeping one untagged image expires a platform manifest of the multi-arch image the pod runs.
  expect(stdout).toMatch(new RegExp(`LIVE\\s+[0-9a-f]{12}\\s+<untagged>\\s+30d\\s+expire \\(rule 1\\)\\s+live: member of live index ${shortDigest(BASE_INDEX)}: eks cluster/shop-prod namespace/infra pod/base-probe container/probe`));
  // Seed 002: the rollback target is expired by "Keep last 5 production images"; the config's releases lineage keeps it.
  expect(row(stdout, ROLLBACK)).toMatch(/^KEPT\s+640a2a5059d7\s+.*\s+60d\s+expire \(rule 1\)\s+lineage releases: kept by newest \(rank 4 of 7\)/);
  // `latest` on an old build, expired by "older than 14 days", is protected by the config.
  expect(row(stdout, digest('worker-old'))).toMatch(/^PROTECTED\s+.*expire \(rule 1\)\s+protected: tag latest matches latest$/);
  expect(stdout).toContain('shop/web: its lifecycle policy (2 rules) would expire 2 of 7 images: 1 kept by ecr-retention, 1 deleted by ecr-retention too');
  expect(stdout).toContain('No lifecycle policy: batch/report');
  expect(stdout).toContain('At risk: 2 live images would be expired or archived by a lifecycle policy, and fail to pull (exit 3). ecr-retention, with this config, deletes none of them.');
});

test('compare --json --repository gives scripts every image the policies act on, with its verdict', async () => {
  const { code, json } = await compareJson('--repository', 'shop/*');
  expect(code).toBe(3);
  expect(json.atRisk).toBe(true);
  expect(json.repositories.map((r) => r.repository)).toEqual(['shop/api', 'shop/frontend', 'shop/web', 'shop/worker']);
  const api = json.repositories.find((r) => r.repository === 'shop/api');
  expect(api?.actedOn.find((entry) => entry.digest === API_LIVE)).toMatchObject({ verdict: 'live', rulePriority: 1 });
  expect(json.totals).toMatchObject({ live: 1, protected: 1, liveDeletedByTool: 0, unevaluated: 0 });
});

test('import writes one valid config document, one policy per distinct lifecycle policy, commented where meaning changes', async () => {
  const out = join(demo.scratch, 'imported.yaml');
  const { code, stdout, stderr } = await ecrRetention('lifecycle', 'import', '--out', out);
  expect({ code, stdout }).toEqual({ code: 0, stdout: '' });
  expect(stderr).toBe('imported 5 lifecycle policies of 6 repositories in us-east-1 to ' + out + ': 5 config policies, valid; 2 rules not translated (see the comments)\n');
  const text = readFileSync(out, 'utf8');
  expect(text).toContain('  - name: "lifecycle-shop-api"\n    repositories: ["shop/api", "shop/worker"]\n');
  expect(text).toContain('      - name: "rule-1"\n        tags: "tag.*"\n        keep: { newest: 5 }\n');
  expect(text).toContain('        tags: "pr-.*"\n');
  expect(text).toContain('    untagged: { keep: { newest: 1 } }\n');
  expect(text).toContain('# any tagged digest that matches no lineage is kept: unmatched: keep');
  expect(text).toMatch(/# NOT TRANSLATED: rule 5 \(Expire images older than 14 days\): any, sinceImagePushed 14 days: /);
  expect(text).toContain('# meaning changes: index members and referrers are not counted or expired here');
  const validated = await ecrRetention('validate', out);
  expect(validated).toMatchObject({ code: 0, stdout: `valid: 1 document, 5 policies (lifecycle-platform-base, lifecycle-sandbox-experiments, lifecycle-shop-api, lifecycle-shop-frontend, lifecycle-shop-web), mode plan\n` });
});

test('import → compare: under the imported config ecr-retention deletes no live image the lifecycle policies would expire', async () => {
  const imported = join(demo.scratch, 'imported.yaml');
  const { json } = await compareJson('--config', imported);
  const live = json.repositories.flatMap((r) => r.actedOn.filter((entry) => entry.verdict === 'live'));
  expect(live.map((entry) => entry.digest)).toContain(API_LIVE);
  expect(json.totals.liveDeletedByTool).toBe(0);
  const plan = JSON.parse((await ecrRetention('plan', '--config', imported, '--json')).stdout) as { deletions: { digest: string }[]; decisions: { digest: string; action: string; reasons: { code: string }[] }[] };
  const deleted = new Set(plan.deletions.map((d) => d.digest));
  for (const entry of live) expect(deleted.has(entry.digest)).toBe(false);
  expect(plan.decisions.filter((d) => d.reasons.some((r) => r.code === 'live')).every((d) => d.action === 'keep')).toBe(true);
});

test('a policy that cannot be read is named: compare says it was not evaluated (exit 3), import leaves it out with a warning', async () => {
  const report = demo.world.aws.account.ecr.repositories.find((r) => r.name === 'batch/report');
  if (!report) throw new Error('no batch/report');
  report.lifecyclePolicy = TWO_WEEKS.replace('"countUnit":"days"', '"countUnit":"hours"');
  try {
    const { code, json } = await compareJson('--repository', 'batch/*');
    expect(code).toBe(3);
    expect(json.repositories[0]?.error).toBe('rules[0].selection.countUnit: must be "days", not "hours"');
    const imported = await ecrRetention('lifecycle', 'import', '--repository', 'batch/*');
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain('warning: batch/report: its lifecycle policy could not be read, not imported: rules[0].selection.countUnit');
  } finally {
    delete report.lifecyclePolicy;
  }
});

test('plan says once which governed repositories still have a lifecycle policy, in its note, its JSON and its report page', async () => {
  const page = join(demo.scratch, 'report.html');
  const { code, stderr } = await ecrRetention('plan', '--html', page);
  expect(code).toBe(0);
  const notes = stderr.split('\n').filter((line) => line.includes('lifecycle policy'));
  expect(notes).toEqual([expect.stringMatching(/^note: 5 of 6 governed repositories still have an ECR lifecycle policy: ECR applies it whatever this tool decides, and it can expire live images\. .*\(platform\/base, shop\/api, shop\/frontend, shop\/web, shop\/worker\) Checked this run: 6 repositories\.$/)]);
  expect(readFileSync(page, 'utf8')).toContain('<h2>ECR lifecycle policies still in place (5)</h2>');
  const json = JSON.parse((await ecrRetention('plan', '--json')).stdout) as { lifecyclePolicies: { withPolicy: { repository: string }[] }[] };
  expect(json.lifecyclePolicies[0]?.withPolicy.map((found) => found.repository)).toEqual(['platform/base', 'shop/api', 'shop/frontend', 'shop/web', 'shop/worker']);
});

test('once the lifecycle policies are removed, compare finds no live image at risk and exits 0', async () => {
  await removeLifecyclePolicies(demo.world);
  const { code, stdout } = await ecrRetention('lifecycle', 'compare', '--config', join(demo.scratch, 'imported.yaml'));
  expect(code).toBe(0);
  expect(stdout).toContain('No repository shown has a lifecycle policy.');
  expect(stdout).toContain('No live image is at risk from the lifecycle policies.');
  const plan = await ecrRetention('plan');
  expect(plan.stderr).not.toContain('lifecycle policy');
});
