/** The text `export --help` adds after the options: what the id must be, and how to run it inside a cluster. */
export const EXPORT_HELP = `
The export goes to stdout, or with --to to the exchange bucket a registry account's deployment reads; that
deployment lists the id in settings.exchange.expect, and then deletes nothing while the export is missing,
incomplete or older than maxAge.

Export id: the exchange bucket's policy lets an account write only live/<its account id>.json and
live/<its account id>-*, so the id of clusters outside AWS is <account id>-<name>, where the account is the one
whose credentials write it (e.g. 111122223333-onprem). The key of --to must be live/<id>.json. The write uses
--profile, --region (the bucket's) and --endpoint-url as every command does; the standard chain otherwise.

References: every image a pod runs or a workload can start or roll back to (Pods, Deployments, ReplicaSets,
StatefulSets, DaemonSets, ControllerRevisions, Jobs, CronJobs, ReplicationControllers; PodTemplates with
--pod-templates; the custom resources of settings.live.eks.customResources with --config), located as
"kubernetes context/<context> namespace/<ns> <kind>/<name> container/<name>". Only references to an ECR
registry, and bare digests, are exported. The context's user needs list on them at cluster scope (the view
ClusterRole grants all but PodTemplates and custom resources).

A context that cannot be read completely: the export is still written, with complete: false and the problems,
and the command exits 1. Inside a pod without a kubeconfig, the context of its service account is named
inClusterContext.

Examples:
  ecr-retention export --kube-context onprem edge
  ecr-retention export --kube-context onprem --id 111122223333-onprem \\
    --to s3://exchange-bucket/live/111122223333-onprem.json --region eu-west-1
`;
