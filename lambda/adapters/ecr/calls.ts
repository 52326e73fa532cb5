/** Small helpers the ECR adapters share for their calls. */

/** ECR's batch APIs (BatchGetImage, BatchDeleteImage, DescribeImages by id) take at most 100 ids. */
export const ECR_BATCH_LIMIT = 100;

/** Splits into chunks of at most `size`, in order. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** SDK v3 service exceptions carry the modelled error code as their name. */
export function isNamed(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}
