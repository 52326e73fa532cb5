/**
 * The bench's configuration, as SSM parameters: the settings (every live source on, ECS keeping the default 5
 * newest revisions per family) and one policy document per group of teams, as a platform team would split them.
 * Teams 8 and 9 are governed by no policy (never touched). The cap is sized for a first clean-up of this account, so
 * the plan runs through rather than being blocked (a blocked plan makes the same calls).
 */
export const BENCH_CONFIG_PATH = '/ecr-retention/';

const STANDARD_LINEAGES = `
    lineages:
      - name: releases
        tags: 'tag-(?<major>\\d+)-(?<minor>\\d+)-(?<patch>\\d+)'
        orderBy: version
        keep: { newest: 10 }
      - name: mainline
        tags: "git-[0-9a-f]{8,40}"
        keep: { newest: 20, pushedWithin: 14d }
      - name: pull-requests
        tags: "pr-(?<branch>[a-z0-9-]+)-[0-9a-f]{7,40}"
        groupBy: branch
        keep: { newest: 2 }
      - name: nightly
        tags: 'nightly-(?<date>\\d{8})'
        orderBy: version
        keep: { newest: 7, pulledWithin: 30d }`;

export const BENCH_DOCUMENTS: Readonly<Record<string, string>> = {
  '/ecr-retention/00-settings': `
settings:
  mode: plan
  gracePeriod: 2d
  maxDeletionsPerRun: 1000000
  live:
    ecs: { clusters: ["*"], keepTaskDefinitionRevisions: 5 }
    eks: { clusters: ["*"] }
    lambda: true
    batch: true
  notify: { email: changes }
`,
  '/ecr-retention/10-web': `
policies:
  - name: web
    repositories: ["team-0/*", "team-1/*", "team-2/*"]
    protect: ["prd", "latest", 'v\\d+\\.\\d+\\.\\d+']
${STANDARD_LINEAGES}
    untagged: { keep: { pushedWithin: 1d } }
    unmatched: keep
`,
  '/ecr-retention/20-data': `
policies:
  - name: data
    repositories: ["team-3/*", "team-4/*"]
    protect: ["prd", "latest"]
${STANDARD_LINEAGES}
    untagged: expire
    unmatched: keep
`,
  '/ecr-retention/30-mobile': `
policies:
  - name: mobile
    repositories: ["team-5/**", "team-6/**", "team-7/**"]
    protect: ["prd", "latest"]
    lineages:
      - name: releases
        tags: 'tag-(?<major>\\d+)-(?<minor>\\d+)-(?<patch>\\d+)'
        orderBy: version
        keep: { newest: 30 }
      - name: mainline
        tags: "git-[0-9a-f]{8,40}"
        keep: { newest: 50 }
    untagged: { keep: { newest: 3 } }
    unmatched: expire
`,
  '/ecr-retention/40-platform': `
policies:
  - name: platform
    repositories: ["platform/**"]
    protect: ['v\\d+\\.\\d+\\.\\d+', "latest"]
    untagged: { keep: { newest: 5 } }
`,
};
