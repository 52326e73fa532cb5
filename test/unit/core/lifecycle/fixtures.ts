/** Builders for the lifecycle evaluator's tests: policies as ECR holds them (JSON text), and images. */
import { evaluateLifecyclePolicy } from '../../../../lambda/core/lifecycle/evaluate';
import type { EvaluatedImage } from '../../../../lambda/core/lifecycle/outcome';
import { parseLifecyclePolicy } from '../../../../lambda/core/lifecycle/parse';
import type { LifecycleImage, LifecyclePolicy } from '../../../../lambda/core/lifecycle/policy';
import { DAY, digestOf, image, NOW } from '../../../support/core-builders';

export { DAY, NOW };

export interface RuleSpec {
  priority: number;
  description?: string;
  selection: Record<string, unknown>;
  action?: Record<string, unknown>;
}

export function policyText(...rules: RuleSpec[]): string {
  return JSON.stringify({
    rules: rules.map((rule) => ({
      rulePriority: rule.priority,
      ...(rule.description ? { description: rule.description } : {}),
      selection: rule.selection,
      action: rule.action ?? { type: 'expire' },
    })),
  });
}

export function policyOf(text: string): LifecyclePolicy {
  const parsed = parseLifecyclePolicy(text);
  if (!parsed.ok) throw new Error(`invalid test policy: ${JSON.stringify(parsed.issues)}`);
  return parsed.policy;
}

/** An image named `name`, pushed `daysAgo` days before NOW. */
export function img(name: string, tags: string[], daysAgo: number, extra: Partial<LifecycleImage> = {}): LifecycleImage {
  return { ...image({ digest: digestOf(name), tags, pushedAt: NOW - daysAgo * DAY }), ...extra };
}

/** name → `expire@<priority>`, `transition@<priority>`, `none` (`none@<priority>` when a rule took it and kept it). */
export function outcomes(text: string, images: readonly LifecycleImage[], names: readonly string[], now = NOW): Record<string, string> {
  const evaluated = evaluateLifecyclePolicy(policyOf(text), images, now);
  return Object.fromEntries(evaluated.map((entry, i) => [names[i] as string, label(entry)]));
}

export function label({ outcome }: EvaluatedImage): string {
  if (outcome.kind === 'none') return outcome.heldBy ? `none@${outcome.heldBy.rulePriority}${outcome.undetermined ? '?' : ''}` : 'none';
  return `${outcome.kind}@${outcome.rule.rulePriority}${outcome.kind === 'expire' && outcome.subject ? '+subject' : ''}`;
}

/** The three seed stories' policies, exactly as their posts give them (shared/seeds 000, 001, 002). */
export const SEED_000 = policyText({ priority: 1, selection: { tagStatus: 'untagged', countType: 'imageCountMoreThan', countNumber: 10 } });
export const SEED_001 = JSON.stringify({
  rules: [{
    rulePriority: 1,
    description: 'Keep only one untagged image, expire all others',
    selection: { tagStatus: 'untagged', countType: 'imageCountMoreThan', countNumber: 1 },
    action: { type: 'expire' },
  }],
});
export const SEED_002 = JSON.stringify({
  rules: [
    {
      action: { type: 'expire' },
      selection: { countType: 'imageCountMoreThan', countNumber: 5, tagStatus: 'tagged', tagPrefixList: ['tag'] },
      description: 'Keep last 5 production images',
      rulePriority: 1,
    },
    {
      rulePriority: 5,
      description: 'Expire images older than 14 days',
      selection: { tagStatus: 'any', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 },
      action: { type: 'expire' },
    },
  ],
});
