/**
 * What `export` reads: the kubeconfig contexts it is given, and which lists beyond the workloads each one gets
 * (`--pod-templates`, and `settings.live.eks` of `--config` documents: podTemplates, customResources). Every problem
 * found before a request — an unreadable kubeconfig, an unknown context, an invalid config — is a usage error.
 */
import { parseConfig } from '../lambda/config/parse';
import type { ClusterListSettings } from '../lambda/adapters/eks/cluster-lists';
import type { KubeContext } from '../lambda/adapters/kube/context-reader';
import { contextConnection, contextProblem, loadKubeconfig } from '../lambda/adapters/kube/kubeconfig';
import { readConfigFiles, reasonOf } from './config-documents';
import { InvalidConfigError, UsageError } from './errors';

export interface ContextOptions {
  readonly kubeContext: readonly string[];
  readonly kubeconfig?: string;
  readonly podTemplates?: boolean;
  readonly config?: readonly string[];
}

export function openContexts(options: ContextOptions): KubeContext[] {
  const where = options.kubeconfig !== undefined ? `kubeconfig ${options.kubeconfig}` : 'the default kubeconfig';
  let base;
  try {
    base = loadKubeconfig(options.kubeconfig);
  } catch (error) {
    throw new UsageError(`cannot read ${where}: ${reasonOf(error)}`, { cause: error });
  }
  const names = [...new Set(options.kubeContext)];
  for (const name of names) {
    const problem = contextProblem(base, name);
    if (problem) throw new UsageError(`--kube-context ${name}: ${problem} in ${where}`);
  }
  return names.map((name) => ({ name, connection: contextConnection(base, name) }));
}

/** `--pod-templates` adds PodTemplates to what the config asks; the config alone may also ask for custom resources. */
export async function listSettings(options: ContextOptions): Promise<ClusterListSettings> {
  const eks = options.config?.length ? await configuredEks(options.config) : undefined;
  return {
    podTemplates: options.podTemplates === true || eks?.podTemplates === true,
    ...(eks?.customResources ? { customResources: eks.customResources } : {}),
  };
}

/** `settings.live.eks` of the config documents, checked as the Lambda checks them; absent when EKS is off. */
async function configuredEks(files: readonly string[]): Promise<ClusterListSettings | undefined> {
  const parsed = parseConfig(await readConfigFiles(files));
  if (!parsed.ok) throw new InvalidConfigError(parsed.errors);
  return parsed.config.settings.live.eks;
}

/** `--id`'s default when printing: the first context's name, made a valid export id. */
export function idOfContext(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 128) || 'kubernetes';
}
