/**
 * Where an AWS Batch job definition names images: six places, depending on the definition's type (container or
 * multi-node) and orchestration (EC2/Fargate container properties, ECS task properties, EKS pod properties).
 */
import type { EcsProperties, EksProperties, JobDefinition, JobDetail } from '@aws-sdk/client-batch';

/** Every image a job definition can start, each once, in the order the definition lists them. */
export function jobDefinitionImages(definition: JobDefinition): string[] {
  const images = [
    definition.containerProperties?.image,
    ...(definition.nodeProperties?.nodeRangeProperties ?? []).flatMap((range) => [
      range.container?.image,
      ...ecsImages(range.ecsProperties),
      ...eksImages(range.eksProperties),
    ]),
    ...ecsImages(definition.ecsProperties),
    ...eksImages(definition.eksProperties),
  ];
  return [...new Set(images.filter((image): image is string => typeof image === 'string' && image.length > 0))];
}

function ecsImages(properties: EcsProperties | undefined): (string | undefined)[] {
  return (properties?.taskProperties ?? []).flatMap((task) => (task.containers ?? []).map((container) => container.image));
}

function eksImages(properties: EksProperties | undefined): (string | undefined)[] {
  const pod = properties?.podProperties;
  return [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])].map((container) => container.image);
}

/**
 * Every image a job will run, from DescribeJobs: the same places as its definition, where a job's own copy of the
 * container is `container` (ContainerDetail) rather than `containerProperties`. A job's EKS containers may override
 * the definition's image (EksContainerOverride.image), so a job is read for itself, never through its definition.
 */
export function jobImages(job: JobDetail): string[] {
  return jobDefinitionImages({
    jobDefinitionName: job.jobName, jobDefinitionArn: job.jobDefinition, revision: 0, type: 'container',
    ...(job.container ? { containerProperties: { image: job.container.image } } : {}),
    ...(job.nodeProperties ? { nodeProperties: job.nodeProperties } : {}),
    ...(job.ecsProperties ? { ecsProperties: job.ecsProperties as EcsProperties } : {}),
    ...(job.eksProperties ? { eksProperties: job.eksProperties as EksProperties } : {}),
  });
}
