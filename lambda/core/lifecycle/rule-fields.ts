/**
 * One rule of a lifecycle policy, field by field, as lifecycle_policy_parameters.html documents each property. Every
 * problem is reported (path and message), not just the first. Unknown keys are errors: a field this code does not know
 * could change what the rule selects, and a comparison built on a guess would be wrong in silence.
 */
import type { CountType, LifecycleAction, LifecycleRule, LifecycleSelection, StorageClass, TagStatus } from './policy';

export type Report = (path: string, message: string) => void;

const RULE_KEYS = ['rulePriority', 'description', 'selection', 'action'];
const SELECTION_KEYS = ['tagStatus', 'tagPrefixList', 'tagPatternList', 'storageClass', 'countType', 'countUnit', 'countNumber'];
const ACTION_KEYS = ['type', 'targetStorageClass'];
const TAG_STATUSES: readonly TagStatus[] = ['tagged', 'untagged', 'any'];
const COUNT_TYPES: readonly CountType[] = ['imageCountMoreThan', 'sinceImagePushed', 'sinceImagePulled', 'sinceImageTransitioned'];
const STORAGE_CLASSES: readonly StorageClass[] = ['standard', 'archive'];
/** "There is a maximum limit of four wildcards (*) per string" (lifecycle_policy_parameters.html, tagPatternList). */
const MAX_WILDCARDS = 4;

export function readRule(value: unknown, path: string, report: Report): LifecycleRule | undefined {
  const rule = objectAt(value, path, RULE_KEYS, report);
  if (!rule) return undefined;
  const rulePriority = positiveInteger(rule.rulePriority, `${path}.rulePriority`, report);
  if (rule.description !== undefined && typeof rule.description !== 'string') report(`${path}.description`, 'must be a string');
  const selection = readSelection(rule.selection, `${path}.selection`, report);
  const action = readAction(rule.action, `${path}.action`, report);
  if (rulePriority === undefined || !selection || !action) return undefined;
  const description = typeof rule.description === 'string' && rule.description !== '' ? { description: rule.description } : {};
  return { rulePriority, ...description, selection, action };
}

function readSelection(value: unknown, path: string, report: Report): LifecycleSelection | undefined {
  const selection = objectAt(value, path, SELECTION_KEYS, report);
  if (!selection) return undefined;
  const tagStatus = oneOf(selection.tagStatus, TAG_STATUSES, `${path}.tagStatus`, report);
  const countType = oneOf(selection.countType, COUNT_TYPES, `${path}.countType`, report);
  const storageClass = selection.storageClass === undefined ? 'standard' : oneOf(selection.storageClass, STORAGE_CLASSES, `${path}.storageClass`, report);
  const countNumber = positiveInteger(selection.countNumber, `${path}.countNumber`, report);
  const lists = readTagLists(selection, tagStatus, path, report);
  const countUnit = readCountUnit(selection.countUnit, countType, `${path}.countUnit`, report);
  if (!tagStatus || !countType || !storageClass || countNumber === undefined || !lists || countUnit === null) return undefined;
  return { tagStatus, ...lists, storageClass, countType, ...(countUnit ? { countUnit } : {}), countNumber };
}

/** `tagged` needs a prefix or a pattern list; `untagged` and `any` take neither (tagStatus, tagPrefixList, tagPatternList). */
function readTagLists(selection: Record<string, unknown>, tagStatus: TagStatus | undefined, path: string, report: Report): Pick<LifecycleSelection, 'tagPrefixList' | 'tagPatternList'> | undefined {
  const prefixes = selection.tagPrefixList === undefined ? undefined : stringList(selection.tagPrefixList, `${path}.tagPrefixList`, report);
  const patterns = selection.tagPatternList === undefined ? undefined : stringList(selection.tagPatternList, `${path}.tagPatternList`, report);
  patterns?.forEach((pattern, i) => {
    const wildcards = pattern.split('*').length - 1;
    if (wildcards > MAX_WILDCARDS) report(`${path}.tagPatternList[${i}]`, `has ${wildcards} wildcards (*); at most ${MAX_WILDCARDS} are allowed`);
  });
  if (tagStatus === 'tagged' && selection.tagPrefixList === undefined && selection.tagPatternList === undefined) {
    report(`${path}.tagStatus`, 'tagged needs a tagPrefixList or a tagPatternList');
    return undefined;
  }
  if (tagStatus !== undefined && tagStatus !== 'tagged' && (selection.tagPrefixList !== undefined || selection.tagPatternList !== undefined)) {
    report(`${path}.tagStatus`, `${tagStatus} takes no tagPrefixList or tagPatternList (they select tagged images only)`);
    return undefined;
  }
  if ((selection.tagPrefixList !== undefined && !prefixes) || (selection.tagPatternList !== undefined && !patterns)) return undefined;
  return { ...(prefixes ? { tagPrefixList: prefixes } : {}), ...(patterns ? { tagPatternList: patterns } : {}) };
}

/**
 * `days`, required by the `since…` count types; "an error will occur if you specify a count unit when countType is any
 * other value" (countUnit). Null when invalid, undefined when rightly absent.
 */
function readCountUnit(value: unknown, countType: CountType | undefined, path: string, report: Report): 'days' | undefined | null {
  const needsUnit = countType !== undefined && countType !== 'imageCountMoreThan';
  if (value === undefined) {
    if (!needsUnit) return undefined;
    report(path, `${countType} needs countUnit "days"`);
    return null;
  }
  if (value !== 'days') {
    report(path, `must be "days", not ${JSON.stringify(value)}`);
    return null;
  }
  if (countType === 'imageCountMoreThan') {
    report(path, 'imageCountMoreThan takes no countUnit');
    return null;
  }
  return 'days';
}

function readAction(value: unknown, path: string, report: Report): LifecycleAction | undefined {
  const action = objectAt(value, path, ACTION_KEYS, report);
  if (!action) return undefined;
  const type = oneOf(action.type, ['expire', 'transition'] as const, `${path}.type`, report);
  if (type === 'expire') {
    if (action.targetStorageClass === undefined) return { type };
    report(`${path}.targetStorageClass`, 'expire takes no targetStorageClass');
    return undefined;
  }
  if (type === 'transition') {
    if (action.targetStorageClass === 'archive') return { type, targetStorageClass: 'archive' };
    report(`${path}.targetStorageClass`, 'transition needs targetStorageClass "archive"');
  }
  return undefined;
}

function objectAt(value: unknown, path: string, keys: readonly string[], report: Report): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    report(path, value === undefined ? 'is required' : 'must be an object');
    return undefined;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record).filter((k) => !keys.includes(k))) report(`${path}.${key}`, `unknown field (known: ${keys.join(', ')})`);
  return record;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string, report: Report): T | undefined {
  if (allowed.includes(value as T)) return value as T;
  report(path, value === undefined ? `is required: ${allowed.join(' | ')}` : `must be one of ${allowed.join(' | ')}, not ${JSON.stringify(value)}`);
  return undefined;
}

/** "Acceptable values are positive integers (0 is not an accepted value)" (countNumber); rulePriority likewise. */
function positiveInteger(value: unknown, path: string, report: Report): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  report(path, value === undefined ? 'is required: a positive whole number' : `must be a positive whole number, not ${JSON.stringify(value)}`);
  return undefined;
}

function stringList(value: unknown, path: string, report: Report): readonly string[] | undefined {
  if (!Array.isArray(value) || value.length === 0 || value.some((entry) => typeof entry !== 'string' || entry === '')) {
    report(path, 'must be a non-empty list of non-empty strings');
    return undefined;
  }
  return value as string[];
}
