/**
 * Where the planted references live: each one gets its own workload in the place its spec names, shaped so that the
 * reference counts only through that place (a service runs revision 1 of a family whose newest revision names a
 * foreign image, so revision 1 is live only because the service runs it).
 */
import { taskDefinitionArn, type AccountModel } from '../../emulator/aws/account';
import { cronJob, pod, replicaSet } from '../../emulator/k8s/fixtures';
import type { K8sCluster, K8sObject } from '../../emulator/k8s/model';
import type { PlantedReference } from './account-builder';

const ECS_CLUSTER = 'prod';
const FOREIGN_IMAGE = 'public.ecr.aws/docker/library/busybox:1.36';
const NAMESPACE = 'default';

export function buildWorkloads(aws: AccountModel, cluster: K8sCluster, references: readonly PlantedReference[]): void {
  const ecs = { name: ECS_CLUSTER, services: [] as AccountModel['ecs']['clusters'][number]['services'], tasks: [] as AccountModel['ecs']['clusters'][number]['tasks'] };
  aws.ecs.clusters = [ecs];
  const definition = (family: string, revision: number, image: string) =>
    aws.ecs.taskDefinitions.push({ family, revision, status: 'ACTIVE', containerDefinitions: [{ name: 'app', image }] });
  const objects = (resource: 'pods' | 'cronjobs' | 'replicasets'): K8sObject[] => (cluster.objects[resource] ??= []);
  // Foreign workloads in every list, so that small Kubernetes pages always paginate (and 410 has tokens to expire).
  for (const n of [1, 2, 3]) {
    objects('pods').push(pod('kube-system', `coredns-${n}`, { containers: [{ name: 'dns', image: FOREIGN_IMAGE }] }));
    objects('replicasets').push(replicaSet('kube-system', `coredns-${n}`, { containers: [{ name: 'dns', image: FOREIGN_IMAGE }] }));
  }
  references.forEach((reference, i) => {
    const { image } = reference;
    const digest = reference.targets[0]?.digest;
    switch (reference.spec.placement) {
      case 'ecs-task':
        definition(`task${i}`, 1, FOREIGN_IMAGE);
        ecs.tasks.push({
          taskArn: `arn:aws:ecs:${aws.region}:${aws.accountId}:task/${ECS_CLUSTER}/t${i}`, taskDefinitionArn: taskDefinitionArn(aws, `task${i}`, 1),
          lastStatus: 'RUNNING', containers: [{ name: 'app', image, ...(digest ? { imageDigest: digest } : {}) }],
        });
        return;
      case 'ecs-service':
        definition(`svc${i}`, 1, image);
        definition(`svc${i}`, 2, FOREIGN_IMAGE);
        ecs.services.push({ name: `s${i}`, deployments: [{ id: `ecs-svc/${i}`, status: 'PRIMARY', taskDefinition: taskDefinitionArn(aws, `svc${i}`, 1) }] });
        return;
      case 'ecs-task-definition':
        definition(`td${i}`, 1, image);
        return;
      case 'eks-pod':
        objects('pods').push(pod(NAMESPACE, `p${i}`, { containers: [{ name: 'c', image }] }, {
          containerStatuses: [{ name: 'c', image, imageID: digest ? `${registryPath(reference)}@${digest}` : '' }],
        }));
        return;
      case 'eks-cronjob':
        objects('cronjobs').push(cronJob(NAMESPACE, `cj${i}`, { containers: [{ name: 'c', image }] }));
        return;
      case 'eks-replicaset':
        objects('replicasets').push(replicaSet(NAMESPACE, `rs${i}`, { containers: [{ name: 'c', image }] }));
        return;
      case 'lambda':
        aws.lambda.functions.push({
          name: `fn${i}`, packageType: 'Image', versions: [], aliases: [],
          latest: { imageUri: image, ...(digest ? { resolvedImageUri: `${registryPath(reference)}@${digest}` } : {}) },
        });
        return;
      case 'batch':
        aws.batch.jobDefinitions.push({ jobDefinitionName: `job${i}`, revision: 1, status: 'ACTIVE', type: 'container', properties: { containerProperties: { image } } });
        return;
    }
  });
}

/** `<registry>/<repository>` of a planted reference that has a target. */
function registryPath(reference: PlantedReference): string {
  const target = reference.targets[0];
  const registry = reference.image.slice(0, reference.image.indexOf('/'));
  return `${registry}/${target?.repository ?? ''}`;
}
