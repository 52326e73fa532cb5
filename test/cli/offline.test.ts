/**
 * The CLI's commands that need no AWS (plan/explain from a snapshot, validate) and its usage errors, run in this
 * process through runCli with captured streams: exit codes, messages and filters over a small hand-made account.
 */
import { join } from 'node:path';
import { digestOf } from '../support/core-builders';
import { CONFIG, cliInProcess, SIBLING_A, V1, Workspace } from './cli-fixture';

let workspace: Workspace;
beforeEach(() => (workspace = new Workspace()));
afterEach(() => workspace.dispose());

describe('plan --from', () => {
  test('plans the snapshot with its own config: 4 deletions, the live and protected digests kept, exit 0', async () => {
    const { code, stdout, stderr } = await cliInProcess(['plan', '--from', workspace.snapshot(), '--json']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const plan = JSON.parse(stdout);
    expect(plan.deletions.map((d: { repository: string; expectedTags: string[] }) => `${d.repository}:${d.expectedTags.join(',') || '-'}`).sort())
      .toEqual(['team/api:-', 'team/api:-', 'team/api:v2', 'team/web:build-1']);
    expect(plan.ungovernedRepositories).toEqual(['other/tools']);
    expect(plan.plannedAt).toBe('2026-11-23T12:00:00.000Z');
  });

  test('plans with the journal the snapshot carries: a member whose index is gone follows it out', async () => {
    const gone = digestOf('gone-index');
    const path = workspace.snapshot((s) => ({ ...s, journal: [{ repository: 'team/api', digest: SIBLING_A, parent: gone }] }));
    const { code, stdout } = await cliInProcess(['plan', '--from', path, '--json']);
    expect(code).toBe(0);
    const decision = JSON.parse(stdout).decisions.find((d: { digest: string }) => d.digest === SIBLING_A);
    expect(decision.reasons.map((r: { code: string; verdict: string }) => `${r.code}:${r.verdict}`)).toEqual(['closure:expire']);
  });

  test('--repository shows only the repositories the glob matches, with their own totals', async () => {
    const { code, stdout } = await cliInProcess(['plan', '--from', workspace.snapshot(), '--repository', 'team/w*']);
    expect(code).toBe(0);
    expect(stdout).toContain('team/web (policy team): 2 images, 1 kept, 1 to delete (100 B)');
    expect(stdout).not.toContain('team/api');
    expect(stdout).toContain('Totals: 1 governed repository, 2 images: 1 kept, 1 to delete (100 B).');
  });

  test('a snapshot whose live source failed still plans, but is blocked: exit 3', async () => {
    const path = workspace.snapshot((s) => ({ ...s, regions: s.regions.map((region) => ({ ...region, failedSources: [{ source: 'ecs', message: 'ecs: could not read cluster prod' }] })) }));
    const { code, stdout, stderr } = await cliInProcess(['plan', '--from', path, '--json']);
    expect(code).toBe(3);
    expect(JSON.parse(stdout)).toMatchObject({ blocked: true, blockers: [{ code: 'incomplete-live-set', sources: ['ecs: could not read cluster prod'] }] });
    expect(stderr).toContain('blocked: live set incomplete, nothing was deleted: ecs: could not read cluster prod\n');
  });

  test('a plan over maxDeletionsPerRun is blocked: exit 3 and the cap named', async () => {
    const config = workspace.file('cap.yaml', CONFIG.replace('maxDeletionsPerRun: 10', 'maxDeletionsPerRun: 2'));
    const { code, stderr } = await cliInProcess(['plan', '--from', workspace.snapshot(), '--config', config]);
    expect(code).toBe(3);
    expect(stderr).toBe('blocked: the plan deletes 4 digests, over maxDeletionsPerRun 2: nothing was deleted\n');
  });

  test('an invalid --config is exit 2 with every issue', async () => {
    const config = workspace.file('bad.yaml', 'policies:\n  - name: x\n    repositories: ["**"]\n    unmatched: sometimes\n');
    const { code, stdout, stderr } = await cliInProcess(['plan', '--from', workspace.snapshot(), '--config', config]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(new RegExp(`^error: the configuration is invalid \\(1 error\\)\\n${config}: policies\\[0\\]\\.unmatched: `));
  });

  test.each([
    ['not JSON', '{"format":', /is not a snapshot: invalid JSON/],
    ['another shape', JSON.stringify({ format: 'ecr-retention-snapshot/1', collectedAt: '2026-11-23T12:00:00Z', accountId: '1', region: 'r', config: [], inventory: { accountId: '1', region: 'r', repositories: [], images: [{ digest: 1 }] }, references: [], failedSources: [], sources: [] }),
      /is not an ecr-retention-snapshot\/1 snapshot: inventory\.images\[0\]\.repository: .* \(and \d+ more problems\)/],
  ])('a snapshot file that is %s is a usage error (exit 2), in one line', async (_what, content, message) => {
    const { code, stderr } = await cliInProcess(['plan', '--from', workspace.file('broken.json', content)]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  test('--verbose adds the cause chain under the error line', async () => {
    const { stderr } = await cliInProcess(['--verbose', 'plan', '--from', workspace.file('broken.json', '{')]);
    expect(stderr).toMatch(/^error: .* is not a snapshot: invalid JSON .*\n {2}caused by: SyntaxError: /);
  });

  test('a snapshot without config documents needs --config', async () => {
    const { code, stderr } = await cliInProcess(['plan', '--from', workspace.snapshot((s) => ({ ...s, config: [] }))]);
    expect(code).toBe(2);
    expect(stderr).toBe('error: the snapshot holds no config documents: pass --config FILE or --ssm-path PATH\n');
  });
});

describe('explain --from', () => {
  test('a live image by tag: the live reference with its location, and the lineage rank', async () => {
    const { code, stdout } = await cliInProcess(['explain', 'team/api@v1', '--from', workspace.snapshot()]);
    expect(code).toBe(0);
    expect(stdout).toContain(`team/api@${V1}\nDecision: KEEP (policy team)`);
    expect(stdout).toContain('  keep   live: ecs cluster/prod service/api task-definition/api:3 container/api\n  expire lineage versions: expired (rank 3 of 3)');
    expect(stdout).toContain('Live references (1)\n  ecs cluster/prod service/api task-definition/api:3 container/api\n      123456789012.dkr.ecr.us-east-1.amazonaws.com/team/api:v1');
  });

  test('an image of a repository no policy governs is never touched', async () => {
    const { code, stdout } = await cliInProcess(['explain', `other/tools@${digestOf('t1')}`, '--from', workspace.snapshot()]);
    expect(code).toBe(0);
    expect(stdout).toContain('Decision: never touched: no policy governs this repository');
  });

  test('a unique digest prefix selects the image; a shared one is ambiguous (exit 2)', async () => {
    const unique = await cliInProcess(['explain', `team/api@${SIBLING_A.slice(7, 19)}`, '--from', workspace.snapshot()]);
    expect(unique.stdout).toContain(`team/api@${SIBLING_A}\nDecision: DELETE (policy team)`);
    const shared = await cliInProcess(['explain', 'team/api@abcdef', '--from', workspace.snapshot()]);
    expect(shared.code).toBe(2);
    expect(shared.stderr).toBe('error: team/api@abcdef is ambiguous: abcdef010000, abcdef020000; give more of the digest\n');
  });

  test.each([
    ['team/api@nope', 'error: no image team/api@nope: no such tag or digest in team/api'],
    ['team/none@v1', 'error: no repository team/none in account 123456789012, region us-east-1'],
    ['team/api', 'error: expected [<region>:]<repository>@<digest|tag>, e.g. shop/api@sha256:… or eu-west-1:shop/api@latest; got "team/api"'],
  ])('%s is exit 2 with one clear line', async (target, message) => {
    const { code, stdout, stderr } = await cliInProcess(['explain', target, '--from', workspace.snapshot()]);
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
  });
});

describe('validate', () => {
  test('a valid file, and a directory of documents, print `valid` and exit 0', async () => {
    const good = workspace.file('team.yaml', CONFIG);
    expect(await cliInProcess(['validate', good])).toEqual({ code: 0, stdout: 'valid: 1 document, 1 policy (team), mode plan\n', stderr: '' });
    workspace.file('settings.json', '{"settings": {"mode": "delete"}}');
    expect(await cliInProcess(['validate', workspace.directory])).toEqual({ code: 0, stdout: 'valid: 2 documents, 1 policy (team), mode delete\n', stderr: '' });
  });

  test('a settings key set by two documents is an error naming both', async () => {
    const a = workspace.file('a.yaml', 'settings:\n  mode: plan\n');
    const b = workspace.file('b.yaml', 'settings:\n  mode: delete\n');
    const { code, stdout } = await cliInProcess(['validate', a, b]);
    expect(code).toBe(2);
    expect(stdout).toBe(`${b}: settings.mode: settings.mode is already set by ${a}; set each settings key in one document only\n`);
  });

  test('a policy shadowed by an earlier one is a warning naming both policies and documents; the config stays valid (exit 0)', async () => {
    const defaults = workspace.file('00-defaults.yaml', 'policies:\n  - { name: all, repositories: ["**"] }\n');
    const team = workspace.file('10-team-a.yaml', 'policies:\n  - { name: team-a, repositories: ["team-a/*"] }\n  - { name: web, repositories: ["team-a/web"] }\n');
    expect(await cliInProcess(['validate', workspace.directory])).toEqual({
      code: 0,
      stdout: 'valid: 2 documents, 3 policies (all, team-a, web), mode plan\n',
      stderr: [
        `warning: policy "team-a" (${team}) is shadowed by policy "all" (${defaults}), which comes first and matches every repository it names: it governs nothing`,
        `warning: policy "web" (${team}) is shadowed by policy "all" (${defaults}), which comes first and matches every repository it names: it governs nothing`,
      ].join('\n') + '\n',
    });
  });

  test('globs covered by two earlier policies name both', async () => {
    const file = workspace.file('p.yaml', 'policies:\n  - { name: a, repositories: ["team-a/*"] }\n  - { name: b, repositories: ["team-b/*"] }\n  - { name: ab, repositories: ["team-a/web", "team-b/web"] }\n');
    const { code, stderr } = await cliInProcess(['validate', file]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: `warning: policy "ab" (${file}) is shadowed by policies "a" (${file}), "b" (${file}), which come first and match every repository it names: it governs nothing\n` });
  });

  test('a missing file is exit 2', async () => {
    const missing = join(workspace.directory, 'nope.yaml');
    expect(await cliInProcess(['validate', missing])).toEqual({ code: 2, stdout: '', stderr: `error: cannot read config ${missing}: no such file or directory\n` });
  });
});

describe('usage', () => {
  test.each([
    [['frobnicate'], /^error: unknown command 'frobnicate'/],
    [['plan', '--bogus'], /^error: unknown option '--bogus'/],
    [['plan', '--config', 'a.yaml', '--ssm-path', '/x/'], /^error: option '--config <files...>' cannot be used with option '--ssm-path <path>'/],
    [['explain'], /^error: missing required argument 'image'/],
    [[], /^Usage: ecr-retention \[options\] \[command\]/],
  ])('%j is exit 2', async (args, message) => {
    const { code, stderr } = await cliInProcess(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  test('--help lists every command and exits 0', async () => {
    const { code, stdout } = await cliInProcess(['--help']);
    expect(code).toBe(0);
    for (const command of ['plan', 'explain', 'apply', 'snapshot', 'validate']) expect(stdout).toMatch(new RegExp(`^ {2}${command}\\b`, 'm'));
    expect(stdout).not.toMatch(/^ {2}demo\b/m); // the demo is `npm run demo`, a script of the repository
  });
});
