/**
 * The emulated ECR's own reading of a lifecycle policy text, written from the documentation alone
 * (lifecycle_policy_parameters.html; LifecyclePolicies.html "Lifecycle policy evaluation rules"; archive-image.html),
 * independently of lambda/core/lifecycle: the emulator's preview then checks the product's evaluator instead of
 * repeating it. PutLifecyclePolicy and StartLifecyclePolicyPreview refuse what this refuses.
 */
import { AwsEmulatorError } from '../service';

export interface EmuRule {
  priority: number;
  tagStatus: 'tagged' | 'untagged' | 'any';
  /** Wildcard patterns every one of which must match a tag; a prefix list becomes `prefix*` patterns. */
  patterns: string[];
  storage: 'ACTIVE' | 'ARCHIVED';
  countType: string;
  countNumber: number;
  action: 'EXPIRE' | 'TRANSITION';
}

/** PutLifecyclePolicy, lifecyclePolicyText: "Length Constraints: Minimum length of 100. Maximum length of 30720." */
const MIN_LENGTH = 100;
const MAX_LENGTH = 30720;

export function readPolicy(text: unknown): EmuRule[] {
  if (typeof text !== 'string' || text.length < MIN_LENGTH || text.length > MAX_LENGTH) {
    throw invalidPolicy(`lifecyclePolicyText must be a string of ${MIN_LENGTH} to ${MAX_LENGTH} characters`);
  }
  let document: { rules?: unknown };
  try {
    document = JSON.parse(text) as { rules?: unknown };
  } catch {
    throw invalidPolicy('the policy is not valid JSON');
  }
  if (!Array.isArray(document?.rules) || document.rules.length === 0) throw invalidPolicy('the policy needs a non-empty "rules" array');
  const rules = (document.rules as Record<string, unknown>[]).map(readRule).sort((a, b) => a.priority - b.priority);
  checkTogether(rules);
  return rules;
}

function readRule(rule: Record<string, unknown>): EmuRule {
  const selection = (rule?.selection ?? {}) as Record<string, unknown>;
  const action = (rule?.action ?? {}) as Record<string, unknown>;
  const priority = rule?.rulePriority;
  const countNumber = selection.countNumber;
  if (!Number.isInteger(priority) || (priority as number) < 1) throw invalidPolicy('rulePriority must be a positive integer');
  if (!Number.isInteger(countNumber) || (countNumber as number) < 1) throw invalidPolicy('countNumber must be a positive integer');
  const tagStatus = selection.tagStatus;
  if (tagStatus !== 'tagged' && tagStatus !== 'untagged' && tagStatus !== 'any') throw invalidPolicy('tagStatus must be tagged, untagged or any');
  const countType = String(selection.countType);
  if (!['imageCountMoreThan', 'sinceImagePushed', 'sinceImagePulled', 'sinceImageTransitioned'].includes(countType)) throw invalidPolicy(`unknown countType ${countType}`);
  if ((countType === 'imageCountMoreThan') !== (selection.countUnit === undefined) || (selection.countUnit !== undefined && selection.countUnit !== 'days')) {
    throw invalidPolicy('countUnit "days" goes with the since… count types, and only with them');
  }
  return {
    priority: priority as number,
    tagStatus,
    patterns: patternsOf(selection, tagStatus),
    storage: storageOf(selection.storageClass, countType),
    countType,
    countNumber: countNumber as number,
    action: actionOf(action, countType),
  };
}

/** tagPatternList as written (at most four `*` each); otherwise each prefix p as the pattern `p*`. */
function patternsOf(selection: Record<string, unknown>, tagStatus: string): string[] {
  const patterns = selection.tagPatternList as string[] | undefined;
  const prefixes = selection.tagPrefixList as string[] | undefined;
  if (tagStatus !== 'tagged') {
    if (patterns || prefixes) throw invalidPolicy(`tagStatus ${tagStatus} takes no tag list`);
    return [];
  }
  const list = patterns ?? prefixes?.map((prefix) => `${prefix.replace(/\*/g, '')}*`);
  if (!Array.isArray(list) || list.length === 0) throw invalidPolicy('tagStatus tagged needs tagPrefixList or tagPatternList');
  if (list.some((pattern) => typeof pattern !== 'string' || pattern.split('*').length - 1 > 4)) throw invalidPolicy('a tag pattern may hold at most four wildcards');
  return list;
}

/** standard unless said; archive only with sinceImageTransitioned, which requires it, and archived images go only after 90 days. */
function storageOf(storageClass: unknown, countType: string): 'ACTIVE' | 'ARCHIVED' {
  const archive = storageClass === 'archive';
  if (storageClass !== undefined && storageClass !== 'standard' && !archive) throw invalidPolicy('storageClass must be standard or archive');
  if (archive !== (countType === 'sinceImageTransitioned')) throw invalidPolicy('storageClass archive goes with sinceImageTransitioned, and only with it');
  return archive ? 'ARCHIVED' : 'ACTIVE';
}

function actionOf(action: Record<string, unknown>, countType: string): 'EXPIRE' | 'TRANSITION' {
  if (action.type === 'expire' && action.targetStorageClass === undefined && countType !== 'sinceImagePulled') return 'EXPIRE';
  if (action.type === 'transition' && action.targetStorageClass === 'archive' && countType !== 'sinceImageTransitioned') return 'TRANSITION';
  throw invalidPolicy(`action ${JSON.stringify(action)} does not go with countType ${countType}`);
}

function checkTogether(rules: readonly EmuRule[]): void {
  const priorities = new Set(rules.map((rule) => rule.priority));
  if (priorities.size !== rules.length) throw invalidPolicy('rulePriority values must be unique');
  const last = rules[rules.length - 1] as EmuRule;
  if (rules.some((rule) => rule.tagStatus === 'any' && rule !== last)) throw invalidPolicy('a rule with tagStatus any must have the highest rulePriority');
  for (const rule of rules) {
    if (rule.storage === 'ARCHIVED' && rule.countNumber < 90) throw invalidPolicy('archived images cannot be expired before 90 days in archive');
    const twin = rules.find((other) => other !== rule && other.storage === rule.storage && other.tagStatus === rule.tagStatus
      && rule.tagStatus !== 'any' && [...other.patterns].sort().join(',') === [...rule.patterns].sort().join(','));
    if (twin) throw invalidPolicy('each rule needs its own tag selection (only one rule may select untagged images)');
  }
}

/**
 * The API reference lists InvalidParameterException ("The specified parameter is invalid") for PutLifecyclePolicy and
 * StartLifecyclePolicyPreview; the wording of the detail is the emulator's.
 */
function invalidPolicy(detail: string): AwsEmulatorError {
  return new AwsEmulatorError('InvalidParameterException', `Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: ${detail}'`);
}
