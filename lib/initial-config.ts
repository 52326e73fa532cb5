/**
 * The SSM document the stack installs on first deploy. It is deliberately harmless: `mode: plan` deletes nothing,
 * and with no policy no repository is governed, so the first runs only report what they see.
 */

/** SSM standard-tier parameters hold at most 4 KB; the construct creates a STANDARD parameter. */
export const STANDARD_PARAMETER_MAX_BYTES = 4096;

const EXAMPLE_POLICY = `# No policy yet: a repository that no policy governs is never touched. An example to adapt:
# policies:
#   - name: web
#     repositories: ["team-a/*", "shared/base"]    # globs: * stays in one path segment, ** crosses them
#     protect: ["^prd$", "^latest$", "^v\\\\d+\\\\.\\\\d+\\\\.\\\\d+$"]
#     lineages:
#       - name: mainline
#         tags: "^git-[0-9a-f]{8,40}$"
#         keep: { newest: 20, pushedWithin: 14d }
#     untagged: { keep: { pushedWithin: 1d } }
#     unmatched: keep`;

/**
 * The default initial config: plan mode, every live source on (the safe default: a source left out could hide a
 * running image).
 *
 * The text depends on nothing but the path on purpose. CloudFormation rewrites the parameter whenever the
 * template's value changes, which would silently replace a config edited in SSM; a default that varied with, say,
 * the EKS clusters granted would do that on the next deploy that adds a cluster.
 */
export function defaultInitialConfig(configPath: string): string {
  return [
    `# ecr-retention config. Every parameter under ${configPath} is read (in name order) at the start of each run.`,
    '# mode: plan reports what would be deleted and deletes nothing. Switch to `mode: delete` once the plan email',
    '# looks right.',
    'settings:',
    '  mode: plan',
    '  gracePeriod: 2d',
    '  maxDeletionsPerRun: 1000',
    '  live:',
    '    ecs: { clusters: ["*"], keepTaskDefinitionRevisions: 5 }',
    '    # Every EKS cluster in the region is read: grant the role access (-c eksClusters=a,b creates the access',
    '    # entries) or name the clusters to read. A cluster the role cannot read blocks deletions, never the reverse.',
    '    eks: { clusters: ["*"] }',
    '    lambda: true',
    '    batch: true',
    '  notify: { email: changes }',
    EXAMPLE_POLICY,
    'policies: []',
    '',
  ].join('\n');
}
