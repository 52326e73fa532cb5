/**
 * The hosts of this account's and region's ECR registry. They come from what AWS returns (the host of each
 * repository's `repositoryUri`, DescribeRepositories), never from a list of partition domains, so that a partition this
 * code has never heard of (amazonaws.eu, cloud.adc-e.uk, csp.hci.ic.gov) works as soon as AWS names it.
 */

/**
 * A repositoryUri host and the other documented names of the same registry ("Making requests to Amazon ECR
 * registries", ecr-requests.html: dual-stack `<registry-id>.dkr-ecr.<aws-region>.on.aws`; the FIPS page: `dkr.ecr-fips`
 * and `dkr-ecr-fips`). The dual-stack form is documented for the aws partition (on.aws); for China the dual-stack
 * suffix follows the partition's (api.amazonwebservices.com.cn → on.amazonwebservices.com.cn; unverified). Elsewhere no
 * dual-stack name is derived: a reference using one still looks like this registry and is reported as missing.
 */
export function ecrHostForms(repositoryUriHost: string): string[] {
  const host = normalHost(repositoryUriHost);
  const parts = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.(.+)$/.exec(host);
  if (!parts) return [host];
  const [, account = '', region = '', suffix = ''] = parts;
  const forms = [host, `${account}.dkr.ecr-fips.${region}.${suffix}`];
  const dualStack = DUAL_STACK_SUFFIX[suffix];
  if (dualStack) forms.push(`${account}.dkr-ecr.${region}.${dualStack}`, `${account}.dkr-ecr-fips.${region}.${dualStack}`);
  return forms;
}

const DUAL_STACK_SUFFIX: Readonly<Record<string, string>> = {
  'amazonaws.com': 'on.aws',
  'amazonaws.com.cn': 'on.amazonwebservices.com.cn',
};

/**
 * The hosts of an inventory made before inventories carried them (old snapshots): the aws and aws-cn forms, which is
 * what this code recognised then.
 */
export function legacyHosts(accountId: string, region: string): string[] {
  return ecrHostForms(`${accountId}.dkr.ecr.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`);
}

/** Hosts compare case-insensitively; `:443` is the default port of a registry and names the same host. */
export function normalHost(host: string): string {
  return host.toLowerCase().replace(/:443$/, '');
}

/**
 * What a registry host says about whose it is. `ours`: one of the registry's hosts. `unrecognised`: it names this
 * account's ECR in this region (or a region that cannot be read from it) but is none of the known hosts, so it must be
 * reported, not ignored. `foreign`: another registry, account or region.
 */
export function classifyHost(host: string, accountId: string, region: string, hosts: ReadonlySet<string>): 'ours' | 'unrecognised' | 'foreign' {
  const normal = normalHost(host);
  if (hosts.has(normal)) return 'ours';
  const named = ecrRegistryOf(normal);
  if (!named || named.accountId !== accountId) return 'foreign';
  return named.region === undefined || named.region === region ? 'unrecognised' : 'foreign';
}

/**
 * The account and region an ECR registry host names (`<account>.dkr.ecr[-fips].<region>.…` or the dual-stack
 * `dkr-ecr` forms, whatever the partition's suffix); undefined for a host that is no ECR registry. The region is
 * absent when the host names none that can be read from it.
 */
export function ecrRegistryOf(host: string): { readonly accountId: string; readonly region?: string } | undefined {
  const named = /^(\d{12})\.(?:dkr\.ecr|dkr-ecr)(?:-fips)?(?:\.([a-z]{2,}(?:-[a-z]+)+-\d+)(?=\.|$))?/.exec(normalHost(host));
  if (!named) return undefined;
  return { accountId: named[1] as string, ...(named[2] !== undefined ? { region: named[2] } : {}) };
}
