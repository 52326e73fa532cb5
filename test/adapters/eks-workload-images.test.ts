/** Where Kubernetes objects name images: each field and template, as tables. */
import { imagesOfObject, podSpecOf, statusReference, type WorkloadResource } from '../../lambda/adapters/eks/workload-images';
import { controllerRevision, cronJob, daemonSet, deployment, job, pod, podTemplate, replicaSet, replicationController, statefulSet } from '../../emulator/k8s/fixtures';
import { digestOf } from '../../emulator/k8s/sample-clusters';

const REPO = '111122223333.dkr.ecr.eu-west-1.amazonaws.com/team-a/web';
const D = digestOf('x');
const spec = { containers: [{ name: 'app', image: `${REPO}:v1` }] };

describe('statusReference', () => {
  it.each([
    [`${REPO}@${D}`, { image: `${REPO}@${D}`, digest: D }],
    [`docker-pullable://${REPO}@${D}`, { image: `${REPO}@${D}`, digest: D }],
    [D, { image: D, digest: D }],
    [`docker://${D}`, { image: D, digest: D }],
    [`${REPO}@sha256:short`, { image: `${REPO}@sha256:short` }],
    ['', undefined],
    [undefined, undefined],
  ])('%s → %o', (imageID, expected) => {
    expect(statusReference(imageID)).toEqual(expected);
  });
});

describe('podSpecOf finds the template of every workload', () => {
  it.each<[WorkloadResource, ReturnType<typeof pod>]>([
    ['pods', pod('ns', 'p', spec)],
    ['deployments', deployment('ns', 'd', spec)],
    ['replicasets', replicaSet('ns', 'rs', spec, 0)],
    ['statefulsets', statefulSet('ns', 's', spec)],
    ['daemonsets', daemonSet('ns', 'ds', spec)],
    ['controllerrevisions', controllerRevision('ns', 'cr', 's', 1, spec)],
    ['jobs', job('ns', 'j', spec)],
    ['cronjobs', cronJob('ns', 'cj', spec)],
    ['replicationcontrollers', replicationController('ns', 'rc', spec, 0)],
    ['podtemplates', podTemplate('ns', 'pt', spec)],
  ])('%s', (resource, object) => {
    expect(podSpecOf(resource, object)?.containers).toEqual(spec.containers);
    expect(imagesOfObject('c', resource, object).map((r) => r.image)).toEqual([`${REPO}:v1`]);
  });

  it('a ControllerRevision that stores no pod template yields nothing', () => {
    expect(imagesOfObject('c', 'controllerrevisions', { metadata: { name: 'x', namespace: 'n' }, data: { spec: { replicas: 2 } } })).toEqual([]);
    expect(imagesOfObject('c', 'controllerrevisions', { metadata: { name: 'x', namespace: 'n' } })).toEqual([]);
  });

  it('a container without an image (invalid, but possible in a stored revision) is skipped, not an error', () => {
    expect(imagesOfObject('c', 'deployments', deployment('ns', 'd', { containers: [{ name: 'a', image: '' }] }))).toEqual([]);
  });

  it('names the location by cluster, namespace, kind, object and field', () => {
    const object = cronJob('batch', 'nightly', { containers: [{ name: 'report', image: `${REPO}:v3` }], initContainers: [{ name: 'fetch', image: `${REPO}:v2` }] });
    expect(imagesOfObject('prod', 'cronjobs', object).map((r) => r.location)).toEqual([
      'eks cluster/prod namespace/batch cronjob/nightly container/report',
      'eks cluster/prod namespace/batch cronjob/nightly initcontainer/fetch',
    ]);
  });
});
