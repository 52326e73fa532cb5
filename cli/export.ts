/**
 * `export --kube-context NAME… [--kubeconfig FILE] [--id ID] [--to s3://BUCKET/live/<id>.json]`: the live-set export
 * the Lambda writes, for Kubernetes clusters it cannot see (self-managed, on-premises, another cloud, an EKS cluster
 * in an account that does not deploy the stack), so that a registry account's deployment can `expect` it. It runs
 * anywhere kubectl does, a CronJob in the cluster included. A context that cannot be read completely still gets its
 * export written, marked incomplete with every problem, and the command exits 1: the registries that expect the
 * export then block deletion, as they must when they cannot know what runs.
 */
import type { ClusterListSettings } from '../lambda/adapters/eks/cluster-lists';
import { readContexts, type KubeContext } from '../lambda/adapters/kube/context-reader';
import { exportOf } from '../lambda/core/exchange';
import type { LiveSetExport } from '../lambda/core/collected';
import { idOfContext, listSettings, openContexts, type ContextOptions } from './export-contexts';
import { checkedId, exportTarget, exportWriter, policyWarning, type ExportWriter } from './export-target';
import type { GlobalOptions } from './global-options';
import { EXIT, type CliIo, type ExitCode } from './io';
import { progressLine } from './progress';

export interface ExportOptions extends GlobalOptions, ContextOptions {
  readonly id?: string;
  readonly to?: string;
}

export async function exportCommand(options: ExportOptions, io: CliIo): Promise<ExitCode> {
  const target = exportTarget(options.to, options.id);
  const id = options.id !== undefined ? checkedId(options.id) : idOfContext(options.kubeContext[0] ?? '');
  const contexts = openContexts(options);
  const settings = await listSettings(options);
  const writer = target ? await exportWriter(target, options, io) : undefined;
  if (writer) {
    const warning = policyWarning(id);
    if (warning) io.err(warning);
  }
  const document = await collect(id, contexts, settings, io);
  if (writer) await writer.write(document);
  else io.out(JSON.stringify(document, null, 2));
  return report(document, writer, io);
}

async function collect(id: string, contexts: readonly KubeContext[], settings: ClusterListSettings, io: CliIo): Promise<LiveSetExport> {
  // Taken before the first list: a reference created while reading may be missed, so the export is as old as its start.
  const collectedAt = io.now();
  progressLine(io)(`reading ${contexts.length} kubeconfig context${contexts.length === 1 ? '' : 's'}…`);
  const { references, problems } = await readContexts(contexts, settings);
  // Clusters outside AWS have no region; their references carry none either.
  return exportOf({ id, regions: [], clusters: contexts.map((c) => c.name), collectedAt, references, problems });
}

/** One summary line on stderr (stdout may be the export itself); an incomplete export is exit 1, after it is written. */
function report(document: LiveSetExport, writer: ExportWriter | undefined, io: CliIo): ExitCode {
  const contexts = document.clusters ?? [];
  const where = writer?.where ?? 'stdout';
  io.err(`export ${document.id} written to ${where}: ${document.references.length} ECR references from ${contexts.length} context${contexts.length === 1 ? '' : 's'} (${contexts.join(', ')})`);
  if (document.complete) return EXIT.ok;
  for (const problem of document.problems) io.err(`  ${problem}`);
  io.err(`error: the export is incomplete (${document.problems.length} problem${document.problems.length === 1 ? '' : 's'}): registries that expect it will delete nothing until it is complete`);
  return EXIT.failure;
}
