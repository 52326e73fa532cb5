/**
 * The size of the generated account at a scale factor. ×1 is the default account: 2,000 repositories,
 * 200,000 images, 500 ECS services, 5,000 tasks, 20,000 pods over 4 EKS clusters. Everything grows linearly with the
 * factor (clusters too, so that a cluster's size stays that of a real one), so that a linear fit of the cost holds.
 */

export interface AccountShape {
  readonly factor: number;
  readonly repositories: number;
  readonly images: number;
  readonly ecsClusters: number;
  readonly services: number;
  readonly tasks: number;
  /** Families targeted only by EventBridge rules or Scheduler schedules (look-alikes of service families). */
  readonly scheduledFamilies: number;
  readonly eksClusters: number;
  readonly pods: number;
  /** Repositories whose images EKS workloads run (each deployed in several clusters and namespaces). */
  readonly eksApps: number;
  readonly imageFunctions: number;
  readonly zipFunctions: number;
  readonly jobDefinitions: number;
  /** Rules and schedules with a non-ECS target (a Lambda function): listed, never followed. */
  readonly otherRules: number;
}

export const PLATFORM_REPOSITORIES = ['platform/envoy', 'platform/base', 'platform/node-agent', 'platform/otel'] as const;

export function shapeOf(factor: number): AccountShape {
  const n = (base: number, min = 1) => Math.max(min, Math.round(base * factor));
  return {
    factor,
    repositories: n(2_000, PLATFORM_REPOSITORIES.length + 4),
    images: n(200_000),
    ecsClusters: n(5),
    services: n(500),
    tasks: n(5_000),
    scheduledFamilies: n(50),
    eksClusters: n(4),
    pods: n(20_000),
    eksApps: n(500),
    imageFunctions: n(20),
    zipFunctions: n(10),
    jobDefinitions: n(30),
    otherRules: n(20),
  };
}

/** The repositories each workload kind draws from, in order after the platform ones; the rest nothing references. */
export function repositoryRoles(shape: AccountShape) {
  const start = PLATFORM_REPOSITORIES.length;
  const ecs = { from: start, count: shape.services };
  const eks = { from: ecs.from + ecs.count, count: shape.eksApps };
  const lambda = { from: eks.from + eks.count, count: shape.imageFunctions };
  const batch = { from: lambda.from + lambda.count, count: shape.jobDefinitions };
  if (batch.from + batch.count > shape.repositories) throw new Error(`${shape.repositories} repositories cannot hold every workload`);
  return { ecs, eks, lambda, batch };
}
