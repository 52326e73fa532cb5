/**
 * The lifecycle policies of a registry, read with the same client settings as every other command (--profile,
 * --region, --endpoint-url, AWS_MAX_ATTEMPTS): one ECR client per region. The Lambda never reads them; only the
 * `lifecycle` commands do, so they are not part of the shared wiring.
 */
import { ECRClient } from '@aws-sdk/client-ecr';
import { commonClientConfig } from '../lambda/adapters/common/clients';
import { EcrLifecyclePolicies, type RepositoryLifecyclePolicy } from '../lambda/adapters/ecr/lifecycle-policies';
import { clientSettings, type GlobalOptions } from './global-options';
import type { CliIo } from './io';

export function lifecyclePoliciesIn(region: string | undefined, options: GlobalOptions, io: CliIo): EcrLifecyclePolicies {
  const settings = clientSettings(options, io.env);
  return new EcrLifecyclePolicies(new ECRClient(commonClientConfig({ ...settings, ...(region ? { region } : {}) })));
}

/** The region the client resolves (--region, the profile, AWS_REGION): where `lifecycle import` reads. */
export async function resolvedRegion(options: GlobalOptions, io: CliIo): Promise<string> {
  return new ECRClient(commonClientConfig(clientSettings(options, io.env))).config.region();
}

export type { RepositoryLifecyclePolicy };
