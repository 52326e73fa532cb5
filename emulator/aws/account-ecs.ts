/** The ECS section of the account model (account.ts): clusters, services, tasks, task definitions, daemons. */

export interface EmuContainerDefinition {
  name: string;
  image: string;
  versionConsistency?: 'enabled' | 'disabled';
}

export interface EmuTaskDefinition {
  family: string;
  revision: number;
  status: 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS';
  containerDefinitions: EmuContainerDefinition[];
}

export interface EmuServiceRevision {
  arn: string;
  /** Epoch ms; absent: recent. DescribeServiceRevisions cannot describe one created before 2024-10-25. */
  createdAt?: number;
  taskDefinition: string;
  containerImages: { containerName: string; image: string; imageDigest?: string }[];
}

export interface EmuServiceDeployment {
  arn: string;
  status: string;
  targetServiceRevisionArn: string;
  sourceServiceRevisionArns: string[];
  /** The revision a rollback (circuit breaker, alarm) redeploys, when one happened. */
  rollbackServiceRevisionArn?: string;
  createdAt: number;
}

export interface EmuService {
  name: string;
  /** Epoch ms; absent: recent. */
  createdAt?: number;
  /** DescribeServices `deploymentController.type`; absent: ECS (the API's default). */
  deploymentController?: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL';
  deployments: { id: string; status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE'; taskDefinition: string }[];
  taskSets?: { id: string; taskDefinition: string; status: string }[];
  currentServiceRevisionArns?: string[];
  serviceDeployments?: EmuServiceDeployment[];
}

export interface EmuTask {
  taskArn: string;
  taskDefinitionArn: string;
  lastStatus: string;
  containers: { name: string; image: string; imageDigest?: string }[];
}

/** An ECS Managed Daemon (SDK model: DaemonDetail, DaemonRevision); `current` revisions are DescribeDaemon's currentRevisions. */
export interface EmuDaemon {
  name: string;
  status: 'ACTIVE' | 'DELETE_IN_PROGRESS';
  revisions: {
    id: string;
    current: boolean;
    /** `family:revision` of a daemon task definition. */
    daemonTaskDefinition: string;
    containerImages: { containerName: string; image: string; imageDigest?: string }[];
  }[];
}

/** A daemon task definition (SDK model: DaemonTaskDefinition), distinct from task definitions. */
export interface EmuDaemonTaskDefinition {
  family: string;
  revision: number;
  status: 'ACTIVE' | 'DELETE_IN_PROGRESS';
  containerDefinitions: { name: string; image: string }[];
}

export interface EmuCluster {
  name: string;
  daemons?: EmuDaemon[];
  services: EmuService[];
  serviceRevisions?: EmuServiceRevision[];
  tasks: EmuTask[];
}
