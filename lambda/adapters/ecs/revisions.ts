/**
 * Service deployments and service revisions. A revision records the digest ECS resolved for each container when the
 * deployment started (version consistency): new tasks of that revision pull that digest even after the tag moved, so
 * it is live while the revision is current, the target of a deployment, or a deployment's source (what a circuit
 * breaker or alarm rollback redeploys). All ARNs of the run are described together, 20 per call (the API's maximum).
 */
import { DescribeServiceDeploymentsCommand, DescribeServiceRevisionsCommand, type ECSClient } from '@aws-sdk/client-ecs';
import type { LiveReference } from '../../core/model';
import type { NoteSink } from '../../ports';
import { mapWithConcurrency } from '../common/concurrency';
import { chunk, containerReferences, FAN_OUT, lastSegment, read, requireComplete, type RevisionUse } from './common';

const BATCH = 20;

/** The revisions each deployment involves: its target, its sources, and the one a rollback redeployed. */
export async function deploymentRevisions(ecs: ECSClient, deploymentArns: readonly string[]): Promise<RevisionUse[]> {
  const batches = chunk([...new Set(deploymentArns)], BATCH);
  const answers = await mapWithConcurrency(batches, FAN_OUT, async (batch) => {
    const what = `DescribeServiceDeployments ${batch.map(lastSegment).join(', ')}`;
    const answer = await read(what, () => ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: batch })));
    requireComplete(what, batch.length, answer.serviceDeployments?.length ?? 0, answer.failures);
    return answer.serviceDeployments ?? [];
  });
  const uses: RevisionUse[] = [];
  for (const deployment of answers.flat()) {
    const id = `deployment/${lastSegment(deployment.serviceDeploymentArn ?? '?')}`;
    const target = deployment.targetServiceRevision?.arn;
    if (target) uses.push({ arn: target, role: `target of ${id}` });
    for (const source of deployment.sourceServiceRevisions ?? []) {
      if (source.arn) uses.push({ arn: source.arn, role: `rollback source of ${id}` });
    }
    const rollback = deployment.rollback?.serviceRevisionArn;
    if (rollback) uses.push({ arn: rollback, role: `rolled back to by ${id}` });
  }
  return uses;
}

/**
 * One reference per container of each distinct revision; its location lists every reason the revision is live.
 * "You can't describe a service revision that was created before October 25, 2024" (DescribeServiceRevisions API
 * reference): a revision ECS reports MISSING is accepted only when its service was created before that date (one of
 * `olderServices`, `cluster/service`); its service's deployments and task sets (DescribeServices) stand for it, and a
 * note says so. Any other failure is an incomplete read.
 */
export async function revisionReferences(
  ecs: ECSClient, uses: readonly RevisionUse[], olderServices: ReadonlySet<string>, note: NoteSink,
): Promise<LiveReference[]> {
  const roles = new Map<string, string[]>();
  for (const use of uses) roles.set(use.arn, [...(roles.get(use.arn) ?? []), use.role]);
  const batches = chunk([...roles.keys()], BATCH);
  const answers = await mapWithConcurrency(batches, FAN_OUT, async (batch) => {
    const what = `DescribeServiceRevisions ${batch.map(lastSegment).join(', ')}`;
    const answer = await read(what, () => ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: batch })));
    const [tooOld, failures] = partition(answer.failures ?? [], (failure) =>
      failure.reason === 'MISSING' && olderServices.has(serviceOf(failure.arn ?? '')));
    requireComplete(what, batch.length - tooOld.length, answer.serviceRevisions?.length ?? 0, failures);
    for (const failure of tooOld) {
      note({ source: 'ecs', message: `${revisionLocation(failure.arn ?? '?')} cannot be described (created before `
        + '2024-10-25, its service is older); its deployments and task sets from DescribeServices are read instead' });
    }
    return answer.serviceRevisions ?? [];
  });
  return answers.flat().flatMap((revision) => {
    const arn = revision.serviceRevisionArn ?? '';
    const why = [...new Set(roles.get(arn) ?? [])].join('; ');
    const images = (revision.containerImages ?? []).map((image) => ({
      name: image.containerName, image: image.image, digest: image.imageDigest,
    }));
    return containerReferences(images, (container) => `${revisionLocation(arn)} container/${container} (${why})`);
  });
}

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}

/** `arn:…:service-revision/<cluster>/<service>/<id>` ⇒ `<cluster>/<service>`. */
function serviceOf(arn: string): string {
  return arn.slice(arn.indexOf(':service-revision/') + 18).split('/').slice(0, 2).join('/');
}

/** `arn:…:service-revision/<cluster>/<service>/<id>` ⇒ `ecs cluster/<cluster> service/<service> revision/<id>`. */
function revisionLocation(arn: string): string {
  const [cluster = '?', service = '?', id = '?'] = arn.slice(arn.indexOf(':service-revision/') + 18).split('/');
  return `ecs cluster/${cluster} service/${service} revision/${id}`;
}
