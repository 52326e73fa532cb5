/**
 * The kubeconfig side of the shared Kubernetes reader: a context's problems found before any request, and what a
 * context whose credentials are refused yields (every list a problem, each asked once: a static token has nothing
 * fresher to retry with). The export command's own tests are in test/cli/export.test.ts.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLEANER, REGION } from '../../emulator/k8s/eks-world';
import { smallCluster } from '../../emulator/k8s/sample-clusters';
import { startK8sEmulator, type K8sEmulator } from '../../emulator/k8s/server';
import { createEksToken } from '../../lambda/adapters/eks/token';
import { readContexts } from '../../lambda/adapters/kube/context-reader';
import { contextConnection, contextProblem, loadKubeconfig } from '../../lambda/adapters/kube/kubeconfig';

let k8s: K8sEmulator;
let directory: string;
let file: string;

beforeAll(async () => {
  k8s = await startK8sEmulator({ clusters: [smallCluster('edge')], principals: [CLEANER], pageSize: 2 });
  directory = mkdtempSync(join(tmpdir(), 'kube-contexts-'));
  // Signed for another cluster: the emulator, like EKS, refuses it with 401.
  const wrongToken = await createEksToken({ cluster: 'elsewhere', region: REGION, credentials: CLEANER, now: Date.now() });
  file = join(directory, 'config');
  writeFileSync(file, JSON.stringify({
    clusters: [{ name: 'edge', cluster: { server: k8s.endpointOf('edge'), 'certificate-authority-data': k8s.caData } }],
    users: [{ name: 'stale', user: { token: wrongToken } }],
    contexts: [
      { name: 'edge', context: { cluster: 'edge', user: 'stale' } },
      { name: 'no-cluster', context: { cluster: 'gone', user: 'stale' } },
      { name: 'no-user', context: { cluster: 'edge', user: 'nobody' } },
    ],
  }));
});
afterAll(async () => {
  await k8s.close();
  rmSync(directory, { recursive: true, force: true });
});

test('a context that is absent, or names an absent cluster or user, is a problem before any request', () => {
  const config = loadKubeconfig(file);
  expect(contextProblem(config, 'edge')).toBeUndefined();
  expect(contextProblem(config, 'prod')).toBe('no context "prod" (the kubeconfig has edge, no-cluster, no-user)');
  expect(contextProblem(config, 'no-cluster')).toBe('context no-cluster names cluster "gone", which the kubeconfig does not define');
  expect(contextProblem(config, 'no-user')).toBe('context no-user names user "nobody", which the kubeconfig does not define');
});

// In a pod, client-node finds the pod's service account: that is the context it must then use.
const inPod = existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token');

test('without a file, it looks where kubectl looks; finding nothing is an error, not the made-up localhost context', () => {
  const saved = { home: process.env.HOME, kubeconfig: process.env.KUBECONFIG };
  process.env.HOME = directory; // it has no .kube/config
  delete process.env.KUBECONFIG;
  try {
    if (inPod) expect(loadKubeconfig(undefined).getCurrentContext()).toBe('inClusterContext');
    else expect(() => loadKubeconfig(undefined)).toThrow("none found at $KUBECONFIG, ~/.kube/config or a pod's service account");
    process.env.KUBECONFIG = file;
    expect(loadKubeconfig(undefined).getContexts().map((c) => c.name)).toEqual(['edge', 'no-cluster', 'no-user']);
  } finally {
    for (const [name, value] of [['HOME', saved.home], ['KUBECONFIG', saved.kubeconfig]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
});

test('refused credentials make every list a problem, asked once each, and yield no reference', async () => {
  const connection = contextConnection(loadKubeconfig(file), 'edge');
  const reading = await readContexts([{ name: 'edge', connection }], {}, { retryDelayMs: 1 });
  expect(reading.references).toEqual([]);
  expect(reading.problems).toHaveLength(9);
  expect(reading.problems[0]).toBe("context edge: list pods: HTTP 401 Unauthorized: the API server refused the context's credentials (expired token or certificate?)");
  expect(k8s.statuses.get('edge 401')).toBe(9);
});
