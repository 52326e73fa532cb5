/** The demo's configuration, as three SSM parameters: settings, and one policy document per team. */
export const DEMO_CONFIG_PATH = '/ecr-retention/';

export const DEMO_DOCUMENTS: Readonly<Record<string, string>> = {
  '/ecr-retention/00-settings': `
settings:
  mode: plan
  gracePeriod: 2d
  maxDeletionsPerRun: 100
  live:
    ecs: { clusters: ["*"], keepTaskDefinitionRevisions: 1 }
    eks: { clusters: ["*"] }
    lambda: true
    batch: true
  notify: { email: always }
`,
  '/ecr-retention/10-shop': `
policies:
  - name: shop
    repositories: ["shop/*", "batch/*"]
    protect: ["latest", "prd"]
    lineages:
      - name: releases
        tags: "tag-(?<major>\\\\d+)-(?<minor>\\\\d+)-(?<patch>\\\\d+)"
        orderBy: version
        keep: { newest: 5 }
      - name: mainline
        tags: "git-[0-9a-f]{8,40}"
        keep: { newest: 3 }
      - name: pull-requests
        tags: "pr-(?<branch>[a-z]+-[a-z]+)-[0-9a-f]{7,40}"
        groupBy: branch
        keep: { newest: 2 }
      - name: nightly
        tags: "nightly-(?<date>\\\\d{8})"
        orderBy: version
        keep: { newest: 2 }
    untagged: expire
    unmatched: keep
`,
  '/ecr-retention/20-platform': `
policies:
  - name: platform
    repositories: ["platform/**"]
    protect: ["v\\\\d+\\\\.\\\\d+\\\\.\\\\d+"]
    untagged: { keep: { newest: 1 } }
`,
};
