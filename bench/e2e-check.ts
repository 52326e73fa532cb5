/**
 * The bench's correctness check, worked out in the world process from the generated models alone (own parsing, own
 * resolution, nothing from lambda/): every image a workload of any region references — ECS (the newest N ACTIVE
 * revisions of each family and every definition a service, task set, rule or schedule names; running tasks; the
 * service revisions of current and recent deployments), EKS (every pod template of every workload object, and the
 * digests pods report), Lambda ($LATEST and every version), Batch (ACTIVE job definitions) — resolved in the registry
 * its host names, whichever region; and what must go with it (index children, OCI referrers, cosign signatures).
 *
 * Against the run's plan: the live set the run resolved is exactly the referenced set; no planned deletion is a
 * referenced image or attached to one; every planned deletion is an image of the region it names; and, over several
 * regions, the images only other regions' workloads pull are kept — and the deletions per-region runs would add (each
 * region decided on its own references only) are all such images.
 */
import type { AccountModel, EmuImage } from '../emulator/aws/account';
import type { K8sCluster, K8sObject } from '../emulator/k8s/model';

/** What the runner hands over: `region repository@digest` keys. */
export interface PlannedSets {
  readonly deletions: readonly string[];
  /** The live set the run resolved (report.live), each image once. */
  readonly live: readonly string[];
  /** Deletions that deciding each region on its own references would add to the run's; absent with one region. */
  readonly perRegionOnly?: readonly string[];
}

export interface CheckResult {
  readonly ok: boolean;
  /** Distinct images the generated workloads reference. */
  readonly referenced: number;
  /** Those and everything attached to them: what no run may delete. */
  readonly mustKeep: number;
  /** Referenced images some workload of another region than their registry's pulls. */
  readonly crossRegionReferenced: number;
  /** Referenced images only workloads of other regions pull. */
  readonly crossRegionOnly: number;
  readonly deletions: number;
  /** Deletions per-region runs would add, and how many of them cross-region references keep (all, when correct). */
  readonly perRegionOnly?: { readonly count: number; readonly crossRegionKept: number };
  readonly problems: readonly string[];
}

const ECR_HOST = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com$/;
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const COSIGN_TAG = /^sha256-([0-9a-f]{64})\.(?:sig|att|sbom)$/;
const ECS_TARGET = /^arn:aws[a-z-]*:(ecs:|scheduler:::aws-sdk:ecs:)/;
const EXAMPLES = 3;

interface RegionIndex {
  readonly repositories: Map<string, { readonly tags: Map<string, string[]>; readonly digests: Map<string, EmuImage> }>;
  /** Subject digest ⇒ keys of its referrers and cosign artifacts, in any repository of the region. */
  readonly attached: Map<string, string[]>;
}

export function checkPlan(models: readonly AccountModel[], clusters: readonly K8sCluster[], clusterRegions: ReadonlyMap<string, string>, keep: number, planned: PlannedSets): CheckResult {
  const accountId = (models[0] as AccountModel).accountId;
  const indexes = new Map(models.map((model) => [model.region, indexRegion(model)]));
  /** `region repository@digest` ⇒ the regions whose workloads reference it. */
  const referenced = new Map<string, Set<string>>();
  const reference = (from: string, image: string | undefined, digest?: string) => {
    for (const key of resolve(indexes, accountId, image, digest)) {
      const regions = referenced.get(key);
      if (regions) regions.add(from);
      else referenced.set(key, new Set([from]));
    }
  };
  for (const model of models) {
    ecsReferences(model, keep, (image, digest) => reference(model.region, image, digest));
    lambdaAndBatchReferences(model, (image) => reference(model.region, image));
  }
  for (const cluster of clusters) {
    const region = clusterRegions.get(cluster.name) ?? (models[0] as AccountModel).region;
    kubernetesReferences(cluster, (image) => reference(region, image));
  }
  const mustKeep = closure(indexes, referenced.keys());
  const regionOf = (key: string) => key.slice(0, key.indexOf(' '));
  const crossOnlyKeys = [...referenced].filter(([key, from]) => !from.has(regionOf(key))).map(([key]) => key);
  const crossKept = closure(indexes, crossOnlyKeys);
  const problems: string[] = [];
  const report = (what: string, keys: readonly string[]) => {
    if (keys.length > 0) problems.push(`${keys.length} ${what}: ${keys.slice(0, EXAMPLES).join(', ')}${keys.length > EXAMPLES ? ', …' : ''}`);
  };
  const live = new Set(planned.live);
  report('referenced images missing from the run\'s live set', [...referenced.keys()].filter((key) => !live.has(key)));
  report('images in the run\'s live set that no workload references', planned.live.filter((key) => !referenced.has(key)));
  report('planned deletions of images only other regions\' workloads pull (or attached to one)', planned.deletions.filter((key) => crossKept.has(key)));
  report('planned deletions of referenced images (or attached to one)', planned.deletions.filter((key) => mustKeep.has(key) && !crossKept.has(key)));
  report('planned deletions of images the region does not hold', planned.deletions.filter((key) => !holds(indexes, key)));
  const deleted = new Set(planned.deletions);
  if (deleted.size !== planned.deletions.length) problems.push(`${planned.deletions.length - deleted.size} digests planned twice`);
  let perRegionOnly: CheckResult['perRegionOnly'];
  if (planned.perRegionOnly) {
    report('deletions per-region runs would add that no other region\'s workload explains', planned.perRegionOnly.filter((key) => !crossKept.has(key)));
    perRegionOnly = { count: planned.perRegionOnly.length, crossRegionKept: planned.perRegionOnly.filter((key) => crossKept.has(key)).length };
  }
  return {
    ok: problems.length === 0,
    referenced: referenced.size,
    mustKeep: mustKeep.size,
    crossRegionReferenced: [...referenced].filter(([key, from]) => [...from].some((region) => region !== regionOf(key))).length,
    crossRegionOnly: crossOnlyKeys.length,
    deletions: planned.deletions.length,
    ...(perRegionOnly ? { perRegionOnly } : {}),
    problems,
  };
}

function indexRegion(model: AccountModel): RegionIndex {
  const repositories: RegionIndex['repositories'] = new Map();
  const attached = new Map<string, string[]>();
  const attach = (subject: string, key: string) => {
    const list = attached.get(subject);
    if (list) list.push(key);
    else attached.set(subject, [key]);
  };
  for (const repository of model.ecr.repositories) {
    const tags = new Map<string, string[]>();
    const digests = new Map<string, EmuImage>();
    for (const image of repository.images) {
      digests.set(image.digest, image);
      for (const tag of image.tags) {
        tags.set(tag, [...(tags.get(tag) ?? []), image.digest]);
        const cosign = COSIGN_TAG.exec(tag);
        if (cosign) attach(`sha256:${cosign[1]}`, `${model.region} ${repository.name}@${image.digest}`);
      }
      if (image.subjectDigest) attach(image.subjectDigest, `${model.region} ${repository.name}@${image.digest}`);
    }
    repositories.set(repository.name, { tags, digests });
  }
  return { repositories, attached };
}

/** `<host>/<repository>[:tag][@digest]` (and a digest given beside it) ⇒ the keys it means; none for another registry. */
function resolve(indexes: ReadonlyMap<string, RegionIndex>, accountId: string, image: string | undefined, digest?: string): string[] {
  if (!image) return [];
  const text = image.replace(SCHEME, '');
  const slash = text.indexOf('/');
  const host = ECR_HOST.exec(text.slice(0, slash));
  if (slash <= 0 || !host || host[1] !== accountId) return [];
  const region = host[2] as string;
  const at = text.indexOf('@', slash);
  const path = text.slice(slash + 1, at >= 0 ? at : undefined);
  const colon = path.lastIndexOf(':');
  const hasTag = colon > path.lastIndexOf('/');
  const name = hasTag ? path.slice(0, colon) : path;
  const repository = indexes.get(region)?.repositories.get(name);
  if (!repository) return [];
  const digests = new Set<string>(hasTag ? (repository.tags.get(path.slice(colon + 1)) ?? []) : []);
  for (const pinned of [at >= 0 ? text.slice(at + 1) : undefined, digest]) if (pinned && repository.digests.has(pinned)) digests.add(pinned);
  return [...digests].map((found) => `${region} ${name}@${found}`);
}

function holds(indexes: ReadonlyMap<string, RegionIndex>, key: string): boolean {
  const space = key.indexOf(' ');
  const at = key.lastIndexOf('@');
  return indexes.get(key.slice(0, space))?.repositories.get(key.slice(space + 1, at))?.digests.has(key.slice(at + 1)) ?? false;
}

/** The keys and everything attached to them: index children, then referrers and cosign artifacts, transitively. */
function closure(indexes: ReadonlyMap<string, RegionIndex>, keys: Iterable<string>): Set<string> {
  const result = new Set<string>();
  const queue = [...keys];
  while (queue.length > 0) {
    const key = queue.pop() as string;
    if (result.has(key)) continue;
    result.add(key);
    const space = key.indexOf(' ');
    const at = key.lastIndexOf('@');
    const region = key.slice(0, space);
    const name = key.slice(space + 1, at);
    const digest = key.slice(at + 1);
    const index = indexes.get(region);
    for (const child of index?.repositories.get(name)?.digests.get(digest)?.childDigests ?? []) queue.push(`${region} ${name}@${child}`);
    queue.push(...(index?.attached.get(digest) ?? []));
  }
  return result;
}

type Refer = (image: string | undefined, digest?: string) => void;

/** What the ECS source reads, as bench/e2e-minimum.ts counts it: the task definitions it describes, tasks, service revisions. */
function ecsReferences(model: AccountModel, keep: number, refer: Refer): void {
  const byKey = new Map(model.ecs.taskDefinitions.map((definition) => [`${definition.family}:${definition.revision}`, definition]));
  const active = new Map<string, number[]>();
  for (const definition of model.ecs.taskDefinitions.filter((d) => d.status === 'ACTIVE')) active.set(definition.family, [...(active.get(definition.family) ?? []), definition.revision]);
  const described = new Set<string>();
  for (const [family, revisions] of active) for (const revision of revisions.sort((a, b) => b - a).slice(0, keep)) described.add(`${family}:${revision}`);
  const describe = (reference: string) => {
    const path = reference.startsWith('arn:') ? reference.slice(reference.indexOf(':task-definition/') + 17) : reference;
    const [family = '', revision] = path.split(':');
    const latest = active.get(family)?.[0];
    if (revision !== undefined) described.add(`${family}:${revision}`);
    else if (latest !== undefined) described.add(`${family}:${latest}`);
  };
  for (const cluster of model.ecs.clusters) {
    for (const service of cluster.services) {
      for (const used of [...service.deployments, ...(service.taskSets ?? [])]) describe(used.taskDefinition);
      const revisions = new Set([
        ...(service.currentServiceRevisionArns ?? []),
        ...(service.serviceDeployments ?? []).flatMap((d) => [d.targetServiceRevisionArn, ...d.sourceServiceRevisionArns, ...(d.rollbackServiceRevisionArn ? [d.rollbackServiceRevisionArn] : [])]),
      ]);
      for (const revision of cluster.serviceRevisions ?? []) {
        if (revisions.has(revision.arn)) for (const image of revision.containerImages) refer(image.image, image.imageDigest);
      }
    }
    for (const task of cluster.tasks) if (task.lastStatus === 'RUNNING') for (const container of task.containers) refer(container.image, container.imageDigest);
  }
  for (const rule of model.events.rules) for (const target of rule.targets) if (target.ecsParameters) describe(target.ecsParameters.taskDefinitionArn);
  for (const { target } of model.scheduler.schedules) {
    if (target.ecsParameters) describe(target.ecsParameters.taskDefinitionArn);
    else if (target.input && ECS_TARGET.test(target.arn)) describe(String((JSON.parse(target.input) as { TaskDefinition?: string }).TaskDefinition ?? ''));
  }
  for (const key of described) for (const container of byKey.get(key)?.containerDefinitions ?? []) refer(container.image);
}

function lambdaAndBatchReferences(model: AccountModel, refer: Refer): void {
  for (const fn of model.lambda.functions.filter((f) => f.packageType === 'Image')) {
    for (const code of [fn.latest, ...fn.versions]) {
      refer(code.imageUri);
      refer(code.resolvedImageUri);
    }
  }
  for (const definition of model.batch.jobDefinitions.filter((d) => d.status === 'ACTIVE')) {
    const properties = definition.properties as { containerProperties?: { image?: string }; nodeProperties?: { nodeRangeProperties?: { container?: { image?: string } }[] } };
    refer(properties.containerProperties?.image);
    for (const range of properties.nodeProperties?.nodeRangeProperties ?? []) refer(range.container?.image);
  }
}

interface PodSpecShape {
  readonly containers?: readonly { readonly image?: string }[];
  readonly initContainers?: readonly { readonly image?: string }[];
  readonly ephemeralContainers?: readonly { readonly image?: string }[];
  readonly volumes?: readonly { readonly image?: { readonly reference?: string } }[];
}

type Templated = { spec?: { template?: { spec?: PodSpecShape }; jobTemplate?: { spec?: { template?: { spec?: PodSpecShape } } } } };

/** Every pod template of every object (podtemplates aside: the bench's config does not read them), and pods' digests. */
function kubernetesReferences(cluster: K8sCluster, refer: Refer): void {
  const fromSpec = (spec: PodSpecShape | undefined) => {
    for (const container of [...(spec?.containers ?? []), ...(spec?.initContainers ?? []), ...(spec?.ephemeralContainers ?? [])]) refer(container.image);
    for (const volume of spec?.volumes ?? []) refer(volume.image?.reference);
  };
  for (const [resource, objects] of Object.entries(cluster.objects) as [string, K8sObject[] | undefined][]) {
    for (const object of objects ?? []) {
      if (resource === 'pods') {
        fromSpec(object.spec as PodSpecShape);
        const status = object.status as { containerStatuses?: { imageID?: string }[]; initContainerStatuses?: { imageID?: string }[] } | undefined;
        for (const container of [...(status?.containerStatuses ?? []), ...(status?.initContainerStatuses ?? [])]) refer(container.imageID);
      } else if (resource === 'cronjobs') fromSpec((object as Templated).spec?.jobTemplate?.spec?.template?.spec);
      else if (resource === 'controllerrevisions') fromSpec((object.data as Templated | undefined)?.spec?.template?.spec);
      else if (resource !== 'podtemplates') fromSpec((object as Templated).spec?.template?.spec);
    }
  }
}
