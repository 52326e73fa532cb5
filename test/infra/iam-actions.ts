/**
 * The IAM actions that authorize the AWS calls the cleaner makes, per the Service Authorization Reference
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html,
 * one page per service prefix: ecr, ecs, events, scheduler, lambda, batch, eks, ssm, sns, s3, sts, account).
 *
 * Spelled out call by call instead of derived by a `<prefix>:<Operation>` rule: the rule is wrong exactly where it
 * matters (S3's HeadObject is authorized by s3:GetObject and ListObjectsV2 by s3:ListBucket; GetCallerIdentity by
 * nothing), so a call that is not listed here fails the test until someone has looked it up.
 */

/** Keyed `<signing name>.<Operation>`, as the AWS emulator counts calls. */
const CALL_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  'ecr.DescribeRepositories': ['ecr:DescribeRepositories'],
  'ecr.DescribeImages': ['ecr:DescribeImages'],
  'ecr.BatchGetImage': ['ecr:BatchGetImage'],
  'ecr.BatchDeleteImage': ['ecr:BatchDeleteImage'],
  'ecr.DescribeRegistry': ['ecr:DescribeRegistry'],
  'ecr.GetLifecyclePolicy': ['ecr:GetLifecyclePolicy'],
  'ecr.DescribeRepositoryCreationTemplates': ['ecr:DescribeRepositoryCreationTemplates'],
  // The enabled regions, for settings.regions "*" (AWS Account Management, service prefix "account").
  'account.ListRegions': ['account:ListRegions'],
  'ecs.ListClusters': ['ecs:ListClusters'],
  'ecs.DescribeClusters': ['ecs:DescribeClusters'],
  'ecs.ListServices': ['ecs:ListServices'],
  'ecs.DescribeServices': ['ecs:DescribeServices'],
  'ecs.ListServiceDeployments': ['ecs:ListServiceDeployments'],
  'ecs.DescribeServiceDeployments': ['ecs:DescribeServiceDeployments'],
  'ecs.DescribeServiceRevisions': ['ecs:DescribeServiceRevisions'],
  'ecs.ListTasks': ['ecs:ListTasks'],
  'ecs.DescribeTasks': ['ecs:DescribeTasks'],
  'ecs.ListTaskDefinitionFamilies': ['ecs:ListTaskDefinitionFamilies'],
  'ecs.ListTaskDefinitions': ['ecs:ListTaskDefinitions'],
  'ecs.DescribeTaskDefinition': ['ecs:DescribeTaskDefinition'],
  'ecs.ListDaemons': ['ecs:ListDaemons'],
  'ecs.DescribeDaemon': ['ecs:DescribeDaemon'],
  'ecs.DescribeDaemonRevisions': ['ecs:DescribeDaemonRevisions'],
  'ecs.DescribeDaemonTaskDefinition': ['ecs:DescribeDaemonTaskDefinition'],
  'events.ListEventBuses': ['events:ListEventBuses'],
  'events.ListRules': ['events:ListRules'],
  'events.ListTargetsByRule': ['events:ListTargetsByRule'],
  'scheduler.ListSchedules': ['scheduler:ListSchedules'],
  'scheduler.GetSchedule': ['scheduler:GetSchedule'],
  'lambda.ListFunctions': ['lambda:ListFunctions'],
  'lambda.ListVersionsByFunction': ['lambda:ListVersionsByFunction'],
  'lambda.GetFunction': ['lambda:GetFunction'],
  'batch.DescribeJobDefinitions': ['batch:DescribeJobDefinitions'],
  'batch.DescribeJobQueues': ['batch:DescribeJobQueues'],
  'batch.ListJobs': ['batch:ListJobs'],
  'batch.DescribeJobs': ['batch:DescribeJobs'],
  'eks.ListClusters': ['eks:ListClusters'],
  'eks.DescribeCluster': ['eks:DescribeCluster'],
  'ssm.GetParametersByPath': ['ssm:GetParametersByPath'],
  'sns.Publish': ['sns:Publish'],
  's3.GetObject': ['s3:GetObject'],
  's3.PutObject': ['s3:PutObject'],
  // The run lease's release is a DeleteObject conditional on an ETag, which "requires both s3:DeleteObject and
  // s3:GetObject permissions" (S3 User Guide, "How to perform conditional deletes").
  's3.DeleteObject': ['s3:DeleteObject', 's3:GetObject'],
  // "No permissions are required to perform this operation", and an explicit deny does not stop it:
  // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
  'sts.GetCallerIdentity': [],
};

/**
 * Error answers the code relies on, and what else the caller needs to get them rather than AccessDenied. Keyed
 * `<signing name>.<Operation> <ErrorCode>`, as the AWS emulator counts them.
 */
const ERROR_ANSWER_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  // The journal store reads NoSuchKey as "no journal yet" (every first run). S3 answers a missing object with 404
  // only to a caller allowed s3:ListBucket on the bucket, and with 403 AccessDenied to anyone else:
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html ("Permissions").
  's3.GetObject NoSuchKey': ['s3:ListBucket'],
  // "No policy is set to the repository" (ECR API reference, GetLifecyclePolicy errors): the answer to a caller allowed
  // ecr:GetLifecyclePolicy, which needs nothing more.
  'ecr.GetLifecyclePolicy LifecyclePolicyNotFoundException': [],
};

export interface ObservedCalls {
  /** `<signing name>.<Operation>` of every call made. */
  readonly operations: ReadonlySet<string>;
  /** `<signing name>.<Operation> <ErrorCode>` of every call answered with an error. */
  readonly errorAnswers: ReadonlySet<string>;
}

/** Every action the observed calls need; throws on a call or an error answer that has no entry above. */
export function requiredActions(observed: ObservedCalls): Set<string> {
  const unmapped = [
    ...[...observed.operations].filter((operation) => !Object.hasOwn(CALL_ACTIONS, operation)),
    ...[...observed.errorAnswers].filter((answer) => !Object.hasOwn(ERROR_ANSWER_ACTIONS, answer)),
  ];
  if (unmapped.length > 0) {
    throw new Error(`no IAM action is known for ${unmapped.join(', ')}: look it up in the Service Authorization Reference and add it to test/infra/iam-actions.ts`);
  }
  return new Set([
    ...[...observed.operations].flatMap((operation) => CALL_ACTIONS[operation] ?? []),
    ...[...observed.errorAnswers].flatMap((answer) => ERROR_ANSWER_ACTIONS[answer] ?? []),
  ]);
}

/** The actions of one call (`<signing name>.<Operation>`) or error answer (`… <ErrorCode>`); throws if nobody looked it up. */
export function actionsOf(key: string): readonly string[] {
  const actions = Object.hasOwn(CALL_ACTIONS, key) ? CALL_ACTIONS[key] : Object.hasOwn(ERROR_ANSWER_ACTIONS, key) ? ERROR_ANSWER_ACTIONS[key] : undefined;
  if (!actions) throw new Error(`no IAM action is known for ${key}: add it to test/infra/iam-actions.ts`);
  return actions;
}
