/**
 * `validate FILE…`: the config documents as the Lambda would read them: every error at once, or `valid`. A valid
 * config may still hold a policy that can never govern anything (an earlier policy matches all its repositories
 * first): that is a warning on stderr, not an error, since the config does what it says.
 */
import { formatConfigIssues, parseConfig } from '../lambda/config/parse';
import { shadowedPolicies, type ShadowedPolicy } from '../lambda/config/shadowing';
import type { Policy } from '../lambda/core/policy';
import { readConfigFiles } from './config-documents';
import { EXIT, type CliIo, type ExitCode } from './io';

export async function validateCommand(files: readonly string[], io: CliIo): Promise<ExitCode> {
  const documents = await readConfigFiles(files);
  const parsed = parseConfig(documents);
  if (!parsed.ok) {
    io.out(formatConfigIssues(parsed.errors));
    io.err(`error: the configuration is invalid (${parsed.errors.length} error${parsed.errors.length === 1 ? '' : 's'})`);
    return EXIT.usage;
  }
  const { settings, policies } = parsed.config;
  for (const shadowed of shadowedPolicies(policies)) io.err(shadowingWarning(shadowed));
  const names = policies.map((policy) => policy.name).join(', ') || 'none';
  io.out(`valid: ${documents.length} document${documents.length === 1 ? '' : 's'}, ${policies.length} polic${policies.length === 1 ? 'y' : 'ies'} (${names}), mode ${settings.mode}`);
  return EXIT.ok;
}

/** `warning: policy "team-a" (10-team-a) is shadowed by policy "all" (00-defaults), which …: it governs nothing`. */
function shadowingWarning({ policy, coveredBy }: ShadowedPolicy<Policy>): string {
  const named = (p: Policy) => `"${p.name}" (${p.document})`;
  const by = coveredBy.length === 1
    ? `policy ${named(coveredBy[0] as Policy)}, which comes first and matches every repository it names`
    : `policies ${coveredBy.map(named).join(', ')}, which come first and match every repository it names`;
  return `warning: policy ${named(policy)} is shadowed by ${by}: it governs nothing`;
}
