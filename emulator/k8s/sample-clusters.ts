/**
 * A realistic cluster for the EKS source's tests: each object puts an image where only that object names it, so a
 * test can tell which field or template yielded which reference. With the emulator's page size 2, every list pages.
 */
import { createHash } from 'node:crypto';
import { CLEANER, REGISTRY } from './eks-world';
import { controllerRevision, cronJob, daemonSet, deployment, job, pod, podTemplate, replicaSet, replicationController, statefulSet } from './fixtures';
import type { K8sCluster } from './model';

export function digestOf(seed: string): string {
  return `sha256:${createHash('sha256').update(seed).digest('hex')}`;
}

export const IMAGES = {
  webCurrent: `${REGISTRY}/team-a/web:v2`,
  webRollback: `${REGISTRY}/team-a/web:v1`,
  webIndex: digestOf('team-a/web:v2 index'),
  migrations: `${REGISTRY}/team-a/migrate:v2`,
  debug: `${REGISTRY}/tools/debug:latest`,
  modelVolume: `${REGISTRY}/ml/model-weights:2025-02`,
  dbCurrent: `${REGISTRY}/data/db:v5`,
  dbPrevious: `${REGISTRY}/data/db:v4`,
  agentCurrent: `${REGISTRY}/ops/agent:v9`,
  agentPrevious: `${REGISTRY}/ops/agent:v8`,
  backfill: `${REGISTRY}/data/backfill@${digestOf('backfill')}`,
  nightlyReport: `${REGISTRY}/batch/report:v3`,
  sidecar: 'public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0',
  legacyWorker: `${REGISTRY}/legacy/worker:v7`,
  legacyIdle: `${REGISTRY}/legacy/idle:v1`,
  debugTemplate: `${REGISTRY}/tools/shell:v2`,
  initStatus: digestOf('team-a/migrate:v2 manifest'),
  debugStatus: digestOf('tools/debug:latest manifest'),
} as const;

function webPod(name: string, status = true) {
  return pod('team-a', name, {
    containers: [{ name: 'web', image: IMAGES.webCurrent }, { name: 'otel', image: IMAGES.sidecar }],
    initContainers: [{ name: 'migrate', image: IMAGES.migrations }],
    ephemeralContainers: [{ name: 'debugger', image: IMAGES.debug }],
    imageVolumes: { model: IMAGES.modelVolume },
  }, status ? {
    // containerd reports the index digest of a multi-arch image; dockershim prefixes docker-pullable://.
    containerStatuses: [
      { name: 'web', image: IMAGES.webCurrent, imageID: `${REGISTRY}/team-a/web@${IMAGES.webIndex}` },
      { name: 'otel', image: IMAGES.sidecar, imageID: '' },
    ],
    initContainerStatuses: [{ name: 'migrate', image: IMAGES.migrations, imageID: `docker-pullable://${REGISTRY}/team-a/migrate@${IMAGES.initStatus}` }],
    ephemeralContainerStatuses: [{ name: 'debugger', image: IMAGES.debug, imageID: IMAGES.debugStatus }],
  } : {});
}

/**
 * 5 pods, 1 deployment, 2 replicasets, 1 statefulset, 1 daemonset, 3 controllerrevisions, 1 job, 1 cronjob,
 * 2 replicationcontrollers (one at 0 replicas), 1 podtemplate.
 */
export function prodCluster(name = 'prod'): K8sCluster {
  const web = { containers: [{ name: 'web', image: IMAGES.webCurrent }] };
  return {
    name,
    accessEntries: [CLEANER.arn],
    objects: {
      pods: [webPod('web-7d9f-a'), webPod('web-7d9f-b', false), webPod('web-7d9f-c', false),
        pod('data', 'db-0', { containers: [{ name: 'db', image: IMAGES.dbCurrent }] }),
        pod('ops', 'agent-x1', { containers: [{ name: 'agent', image: IMAGES.agentCurrent }] })],
      deployments: [deployment('team-a', 'web', web, 3)],
      replicasets: [
        replicaSet('team-a', 'web-7d9f', web, 3),
        // The previous rollout: scaled to 0 but `kubectl rollout undo` brings it back.
        replicaSet('team-a', 'web-5c4b', { containers: [{ name: 'web', image: IMAGES.webRollback }] }, 0),
      ],
      statefulsets: [statefulSet('data', 'db', { containers: [{ name: 'db', image: IMAGES.dbCurrent }] })],
      daemonsets: [daemonSet('ops', 'agent', { containers: [{ name: 'agent', image: IMAGES.agentCurrent }] })],
      controllerrevisions: [
        controllerRevision('data', 'db-6b8f9c', 'db', 1, { containers: [{ name: 'db', image: IMAGES.dbPrevious }] }),
        controllerRevision('data', 'db-7c9d0e', 'db', 2, { containers: [{ name: 'db', image: IMAGES.dbCurrent }] }),
        controllerRevision('ops', 'agent-55f', 'agent', 1, { containers: [{ name: 'agent', image: IMAGES.agentPrevious }] }),
      ],
      jobs: [job('data', 'backfill-2025-02', { containers: [{ name: 'backfill', image: IMAGES.backfill }] })],
      cronjobs: [cronJob('batch', 'nightly-report', { containers: [{ name: 'report', image: IMAGES.nightlyReport }] })],
      replicationcontrollers: [
        replicationController('legacy', 'worker', { containers: [{ name: 'worker', image: IMAGES.legacyWorker }] }, 2),
        replicationController('legacy', 'idle', { containers: [{ name: 'idle', image: IMAGES.legacyIdle }] }, 0),
      ],
      podtemplates: [podTemplate('ops', 'debug-shell', { containers: [{ name: 'shell', image: IMAGES.debugTemplate }] })],
    },
  };
}

/** A small cluster with one deployment, for tests about several clusters. */
export function smallCluster(name: string, image = `${REGISTRY}/${name}/app:v1`): K8sCluster {
  return {
    name,
    accessEntries: [CLEANER.arn],
    objects: { deployments: [deployment('default', 'app', { containers: [{ name: 'app', image }] })] },
  };
}
