/** ECR's call limits. */

/** ECR's batch APIs (BatchGetImage, BatchDeleteImage, DescribeImages by id) take at most 100 ids. */
export const ECR_BATCH_LIMIT = 100;
