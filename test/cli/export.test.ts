/**
 * `ecr-retention export`, in process against emulated Kubernetes API servers reached through a kubeconfig file, and
 * an emulated S3: the live-set export of two contexts, on stdout or in the exchange bucket; a context that answers
 * 403 to one list; and the usage errors that stop it before any cluster is read.
 */
import { parseExport } from '../../lambda/adapters/s3/exchange-store';
import type { LiveSetExport } from '../../lambda/core/collected';
import { liveSetExportSchema } from '../../lambda/exchange/export-schema';
import { CLEANER, REGION } from '../../emulator/k8s/eks-world';
import { IMAGES } from '../../emulator/k8s/sample-clusters';
import { NOW } from '../support/core-builders';
import { cliInProcess, Workspace } from './cli-fixture';
import { BUCKET, NGINX, ROLLOUT_IMAGE, startExportWorld, type ExportWorld } from './export-fixture';

const ID = '111122223333-onprem';
const ECR_OR_DIGEST = /^(\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/|sha256:[0-9a-f]{64}$)/;
const credentials = { accessKeyId: CLEANER.accessKeyId, secretAccessKey: CLEANER.secretAccessKey };

let workspace: Workspace;
let world: ExportWorld;
const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

beforeAll(async () => {
  workspace = new Workspace();
  world = await startExportWorld(workspace);
  // The CLI takes credentials from the standard chain, as in a CronJob with an IAM role's environment.
  process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
});
afterAll(async () => {
  await world.close();
  workspace.dispose();
  restore('AWS_ACCESS_KEY_ID', saved.id);
  restore('AWS_SECRET_ACCESS_KEY', saved.secret);
});
beforeEach(() => {
  world.k8s.resetCounters();
  world.aws.account.s3 = { buckets: { [BUCKET]: {} } };
});

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

const exportCli = (...args: string[]) => cliInProcess(['export', '--kubeconfig', world.kubeconfig, ...args]);
const toS3 = (id: string, ...args: string[]) => exportCli('--id', id, '--to', `s3://${BUCKET}/live/${id}.json`, '--region', REGION, '--endpoint-url', world.aws.url, ...args);
const stored = (id: string) => world.aws.account.s3?.buckets[BUCKET]?.[`live/${id}.json`];
const imagesAt = (document: LiveSetExport, location: string) => document.references.filter((r) => r.location === location).map((r) => r.image);

describe('export of two contexts to stdout', () => {
  let document: LiveSetExport;
  let result: Awaited<ReturnType<typeof exportCli>>;
  let listed: string[];

  beforeAll(async () => {
    result = await exportCli('--kube-context', 'onprem', 'edge');
    listed = [...world.k8s.calls.keys()];
    document = liveSetExportSchema.parse(JSON.parse(result.stdout)) as LiveSetExport;
  });

  it('is a complete live-set export of both contexts, named after the first, collected when the command started', () => {
    expect(result.code).toBe(0);
    expect(document).toMatchObject({ id: 'onprem', regions: [], clusters: ['onprem', 'edge'], complete: true, problems: [], collectedAt: new Date(NOW).toISOString() });
    expect(document.accountId).toBeUndefined();
    expect(result.stderr).toMatch(/^export onprem written to stdout: \d+ ECR references from 2 contexts \(onprem, edge\)\n$/);
  });

  it('locates every workload reference by context, namespace, object and container, from source kubernetes', () => {
    expect(imagesAt(document, 'kubernetes context/onprem namespace/batch cronjob/nightly-report container/report')).toEqual([IMAGES.nightlyReport]);
    expect(imagesAt(document, 'kubernetes context/onprem namespace/team-a replicaset/web-5c4b container/web')).toEqual([IMAGES.webRollback]);
    expect(imagesAt(document, 'kubernetes context/onprem namespace/data controllerrevision/db-6b8f9c container/db')).toEqual([IMAGES.dbPrevious]);
    expect(imagesAt(document, 'kubernetes context/edge namespace/default deployment/app container/app')).toEqual(['111122223333.dkr.ecr.eu-west-1.amazonaws.com/edge/app:v1']);
    expect(new Set(document.references.map((r) => r.source))).toEqual(new Set(['kubernetes']));
    expect(document.references.every((r) => /^kubernetes context\/(onprem|edge) namespace\//.test(r.location) && r.region === undefined)).toBe(true);
  });

  it('keeps pod status digests, bare ones included, and leaves every non-ECR image out', () => {
    expect(document.references.find((r) => r.location.endsWith('pod/web-7d9f-a ephemeralcontainerstatus/debugger'))).toMatchObject({ image: IMAGES.debugStatus, digest: IMAGES.debugStatus });
    expect(document.references.map((r) => r.image)).not.toContain(NGINX);
    expect(document.references.map((r) => r.image)).not.toContain(IMAGES.sidecar);
    expect(document.references.filter((r) => !ECR_OR_DIGEST.test(r.image))).toEqual([]);
  });

  it('lists every workload resource of both contexts, but no PodTemplates or custom resources unless asked', () => {
    expect(listed).toContain('onprem controllerrevisions');
    expect(listed).toContain('edge replicationcontrollers');
    expect(listed.filter((key) => /podtemplates|rollouts/.test(key))).toEqual([]);
  });
});

describe('export --to the exchange bucket', () => {
  // The emulated S3 has no ListObjectsV2 yet, so the object is checked as readAll checks each one it lists.
  it('writes live/<id>.json through S3, which the exchange then reads as a usable export', async () => {
    const { code, stdout, stderr } = await toS3(ID, '--kube-context', 'onprem', 'edge');
    expect({ code, stdout }).toEqual({ code: 0, stdout: '' });
    expect(stderr).toMatch(new RegExp(`^export ${ID} written to s3://${BUCKET}/live/${ID}\\.json: \\d+ ECR references from 2 contexts`));
    expect(stored(ID)?.contentType).toBe('application/json');
    expect(parseExport(ID, 'stored', stored(ID)?.body ?? '')).toMatchObject({ id: ID, kind: 'read', document: { id: ID, complete: true, clusters: ['onprem', 'edge'] } });
  });

  it('takes custom resources from settings.live.eks of --config documents', async () => {
    const config = workspace.file('eks.yaml', 'settings:\n  live:\n    eks:\n      customResources:\n        - { group: argoproj.io, version: v1alpha1, resource: rollouts, podSpecs: ["spec.template.spec"] }\n');
    const { code } = await toS3(ID, '--kube-context', 'edge', '--config', config);
    expect(code).toBe(0);
    const document = JSON.parse(stored(ID)?.body ?? '{}') as LiveSetExport;
    expect(imagesAt(document, 'kubernetes context/edge namespace/shop rollouts.argoproj.io/checkout container/app')).toEqual([ROLLOUT_IMAGE]);
  });

  it('warns, without refusing, when the id starts with no account id the bucket policy would let write it', async () => {
    const { code, stderr } = await toS3('onprem', '--kube-context', 'edge');
    expect(code).toBe(0);
    expect(stderr.split('\n')[0]).toBe("warning: the exchange bucket's policy lets an account write only live/<its account id>.json and live/<its account id>-*; --id onprem starts with no account id");
  });
});

describe('a context whose API server answers 403 to one list', () => {
  it('is still exported, incomplete with the problem and every other reference, and the command exits 1', async () => {
    const { code, stderr } = await toS3(ID, '--kube-context', 'onprem', 'edge', '--pod-templates');
    expect(code).toBe(1);
    expect(world.k8s.statuses.get('onprem 403')).toBe(1);
    const document = liveSetExportSchema.parse(JSON.parse(stored(ID)?.body ?? '{}'));
    expect(document.complete).toBe(false);
    expect(document.problems).toEqual([
      "context onprem: list podtemplates: HTTP 403 Forbidden: the context's user needs list on it at cluster scope (a ClusterRoleBinding to the view ClusterRole grants the workloads)",
    ]);
    expect(document.references.some((r) => r.location.startsWith('kubernetes context/onprem namespace/batch cronjob/'))).toBe(true);
    expect(document.references.some((r) => r.location.startsWith('kubernetes context/edge '))).toBe(true);
    expect(stderr.trimEnd().split('\n').at(-1)).toBe('error: the export is incomplete (1 problem): registries that expect it will delete nothing until it is complete');
  });
});

describe('usage errors: one line, exit 2, no cluster read, nothing written', () => {
  const s3 = (key: string) => `s3://${BUCKET}/${key}`;
  test.each([
    ['a key outside live/', ['--id', ID, '--to', s3(`exports/${ID}.json`)], /^error: --to s3:\/\/\S+: the object key must be live\/<id>\.json, here live\/111122223333-onprem\.json: the exchange reads no other key$/],
    ['a key naming another id', ['--id', ID, '--to', s3('live/111122223333-edge.json')], /^error: --to \S+: the object key must be live\/<id>\.json, here live\/111122223333-onprem\.json/],
    ['an id with a space', ['--id', 'on prem', '--to', s3('live/on prem.json')], /^error: --id must be 1 to 128 letters, digits, '\.', '_' or '-', starting with a letter or digit \(e\.g\. <account id>-<name>\), not "on prem"$/],
    ['an id starting with a dot', ['--id', '.hidden'], /^error: --id must be 1 to 128 letters/],
    ['--to without --id', ['--to', s3(`live/${ID}.json`)], /^error: --to needs --id: the export id, which names the object live\/<id>\.json$/],
    ['--to not an S3 URI', ['--id', ID, '--to', `/tmp/live/${ID}.json`], /^error: --to must be s3:\/\/<bucket>\/live\/<id>\.json, not "\/tmp\/live\/111122223333-onprem\.json"$/],
  ])('%s', async (_case, args, message) => {
    const { code, stdout, stderr } = await exportCli('--kube-context', 'onprem', ...args);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(message)]);
    expect(world.k8s.calls.size).toBe(0);
    expect(Object.keys(world.aws.account.s3?.buckets[BUCKET] ?? {})).toEqual([]);
  });

  it('names an unknown context and the ones the kubeconfig has', async () => {
    const { code, stderr } = await exportCli('--kube-context', 'onprem', 'staging');
    expect(code).toBe(2);
    expect(stderr).toBe(`error: --kube-context staging: no context "staging" (the kubeconfig has onprem, edge) in kubeconfig ${world.kubeconfig}\n`);
    expect(world.k8s.calls.size).toBe(0);
  });

  it('names a kubeconfig it cannot read', async () => {
    const { code, stderr } = await cliInProcess(['export', '--kubeconfig', `${workspace.directory}/absent`, '--kube-context', 'onprem']);
    expect(code).toBe(2);
    expect(stderr).toBe(`error: cannot read kubeconfig ${workspace.directory}/absent: no such file or directory\n`);
  });
});
