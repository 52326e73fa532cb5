/**
 * The schema of one config document (DESIGN.md "Config"). Objects are strict: a misspelt key is an error, not a
 * silently ignored setting. Defaults are applied after merging (compile.ts), so that a key a document leaves
 * out can still be set by another one. The JSON Schema for editors is generated from this file (`npm run schema`).
 */
import { z } from 'zod';
import { DURATION_HINT, DURATION_PATTERN } from './duration';

const duration = z.string().regex(DURATION_PATTERN, DURATION_HINT).describe('A duration: 30m, 12h, 2d, 4w.');
const regex = z.string().min(1, 'must not be empty').describe('A regular expression (RE2 syntax) matched against the whole tag.');
const count = z.number().int('must be a whole number').min(1, 'must be at least 1');

const keep = z
  .object({
    newest: count.optional().describe('Keep the first N of each group in orderBy order.'),
    pushedWithin: duration.optional().describe('Keep images pushed within this duration.'),
    pulledWithin: duration.optional().describe('Keep images pulled within this duration.'),
  })
  .strict()
  .refine((k) => k.newest !== undefined || k.pushedWithin !== undefined || k.pulledWithin !== undefined, {
    message: 'needs at least one condition: newest, pushedWithin or pulledWithin',
  })
  .describe('Keep conditions, OR\'ed.');

export const lineageSchema = z
  .object({
    name: z.string().min(1, 'must not be empty'),
    tags: regex,
    orderBy: z.enum(['pushedAt', 'pulledAt', 'version', 'taggedAt']).optional()
      .describe('Ranking order, newest first: push time (default), last pull, version captures, or when the tag was first seen on the digest.'),
    groupBy: z.string().min(1).optional().describe('A named capture of `tags`: keep N per captured value.'),
    keep,
  })
  .strict();

export const policySchema = z
  .object({
    name: z.string().min(1, 'must not be empty'),
    repositories: z.array(z.string().min(1, 'must not be empty')).min(1, 'must list at least one repository glob'),
    protect: z.array(regex).optional().describe('Tags matching any of these are never deleted.'),
    lineages: z.array(lineageSchema).optional(),
    untagged: z.union([z.enum(['keep', 'expire']), z.object({ keep }).strict()]).optional().describe('Default keep.'),
    unmatched: z.enum(['keep', 'expire']).optional().describe('Tagged images in no lineage. Default keep.'),
  })
  .strict();

const clusters = z.array(z.string().min(1, 'must not be empty')).min(1, 'must list at least one cluster, or "*"');

/** `spec.template.spec`, `spec.jobTargetRef.template.spec`, `spec.templates[].spec`: keys, `[]` walks an array. */
const podSpecPath = z.string().regex(/^[A-Za-z0-9_-]+(\[\])?(\.[A-Za-z0-9_-]+(\[\])?)*$/, 'must be a dotted path such as spec.template.spec');
const customResource = z.object({
  group: z.string().regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/, 'must be an API group such as argoproj.io'),
  version: z.string().regex(/^[a-z0-9]+$/, 'must be a version such as v1alpha1'),
  resource: z.string().regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'must be the plural resource name such as rollouts'),
  podSpecs: z.array(podSpecPath).min(1, 'must name at least one path to a pod spec'),
}).strict();

const live = z
  .object({
    ecs: z.union([z.literal(false), z.object({ clusters: clusters.optional(), keepTaskDefinitionRevisions: count.optional() }).strict()]).optional(),
    eks: z.union([z.literal(false), z.object({ clusters: clusters.optional(), podTemplates: z.boolean().optional(), customResources: z.array(customResource).optional() }).strict()]).optional(),
    lambda: z.boolean().optional(),
    batch: z.boolean().optional(),
  })
  .strict();

const regionName = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be a region name such as eu-west-1');
const exportId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be an account id, or an export id such as 111111111111-onprem (letters, digits, . _ -)');

const exchange = z
  .object({
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name').optional().describe('The exchange bucket; default: the one the stack was deployed with.'),
    expect: z.array(exportId).optional().describe('Export ids (account ids) whose exports must be present, complete and fresh for anything to be deleted.'),
    maxAge: duration.optional().describe('An expected export older than this blocks deletion. Default 1d.'),
  })
  .strict();

export const settingsSchema = z
  .object({
    mode: z.enum(['plan', 'delete']).optional().describe('plan (dry run, the default) or delete.'),
    gracePeriod: duration.optional().describe('Nothing younger (push or pull) is deleted. Default 1d.'),
    deletionDelay: duration.optional().describe('A digest is deleted only once it has been a deletion candidate on every run for this long. Default 0.'),
    maxDeletionsPerRun: z.number().int('must be a whole number').min(0, 'must not be negative').optional().describe('A plan above this deletes nothing and alerts. Default 1000.'),
    live: live.optional().describe('Live sources; every source is on by default, `false` switches one off.'),
    notify: z.object({ email: z.enum(['always', 'changes', 'errors']) }).strict().optional(),
    regions: z.union([z.literal('*'), z.array(regionName).min(1, 'must list at least one region, or be "*"')]).optional()
      .describe('The regions one run covers; "*" every region enabled in the account. Default: the deployment\'s.'),
    exchange: exchange.optional().describe('The exchange of live sets between accounts (README "Central registry").'),
    lifecyclePolicyChecks: z.number().int('must be a whole number').min(0, 'must not be negative').optional()
      .describe('GetLifecyclePolicy calls per region per run, to report governed repositories that still have an ECR lifecycle policy; 0 switches the check off. Default 500.'),
  })
  .strict();

export const documentSchema = z
  .object({
    settings: settingsSchema.optional(),
    policies: z.array(policySchema).optional().describe('Policies concatenate across documents in parameter-name order.'),
  })
  .strict();

export type ConfigDocumentBody = z.infer<typeof documentSchema>;
export type SettingsBody = z.infer<typeof settingsSchema>;
export type PolicyBody = z.infer<typeof policySchema>;
export type LineageBody = z.infer<typeof lineageSchema>;
export type KeepBody = z.infer<typeof keep>;
export type LiveBody = z.infer<typeof live>;
