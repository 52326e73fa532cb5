import { Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';

/**
 * Validation of the construct's inputs at synth time, so that a typo fails `cdk synth` with a message that says
 * what to write, instead of a CloudFormation rollback or a Lambda that can never read its config.
 */

/** Thrown for an invalid construct prop or context value; the message is one line and says how to fix it. */
export class EcrRetentionConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EcrRetentionConfigError';
  }
}

const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;.]{2,}$/;
/** SSM parameter names: letters, digits, `.`, `-`, `_` and `/` separators. `aws`/`ssm` prefixes are reserved. */
const SSM_PATH = /^\/(?:[A-Za-z0-9_.-]+\/)+$/;
const RATE = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/;
const CRON = /^cron\(\s*\S+(?:\s+\S+){5}\s*\)$/;
const EKS_CLUSTER = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;

export function isEmailAddress(text: string): boolean {
  return EMAIL.test(text);
}

export function validateEmail(email: string): string {
  if (!Token.isUnresolved(email) && !isEmailAddress(email)) {
    throw new EcrRetentionConfigError(`notifyEmail "${email}" is not an email address (expected e.g. ops@example.com).`);
  }
  return email;
}

/** The config path must start and end with `/`: the Lambda reads every parameter below it. */
export function validateConfigPath(configPath: string): string {
  if (!SSM_PATH.test(configPath)) {
    throw new EcrRetentionConfigError(
      `configPath "${configPath}" must start and end with "/" and use only letters, digits, ".", "-", "_" (e.g. /ecr-retention/).`);
  }
  if (/^\/(aws|ssm)/i.test(configPath)) {
    throw new EcrRetentionConfigError(`configPath "${configPath}" must not start with "aws" or "ssm" (reserved by SSM).`);
  }
  return configPath;
}

/** Accepts an events.Schedule, or a `rate(...)` / `cron(...)` expression string checked for shape. */
export function toSchedule(schedule: events.Schedule | string): events.Schedule {
  if (typeof schedule !== 'string') return schedule;
  const expression = schedule.trim();
  const rate = RATE.exec(expression);
  if (rate) {
    const [, amount, unit] = rate;
    if (Number(amount) < 1) throw new EcrRetentionConfigError(`schedule "${schedule}" must run at least every 1 ${unit}.`);
    if ((Number(amount) === 1) !== !unit!.endsWith('s')) {
      throw new EcrRetentionConfigError(`schedule "${schedule}": EventBridge wants "rate(1 day)" (singular) and "rate(6 hours)" (plural).`);
    }
    return events.Schedule.expression(expression);
  }
  if (CRON.test(expression)) return events.Schedule.expression(expression);
  throw new EcrRetentionConfigError(
    `schedule "${schedule}" is neither rate(...) nor a 6-field cron(...) expression (e.g. "rate(1 day)", "cron(0 3 * * ? *)").`);
}

export function validateEksClusterNames(names: readonly string[]): readonly string[] {
  const invalid = names.filter((name) => !EKS_CLUSTER.test(name));
  if (invalid.length > 0) {
    throw new EcrRetentionConfigError(`eksClusters: ${invalid.map((n) => `"${n}"`).join(', ')} not a valid EKS cluster name.`);
  }
  if (new Set(names).size !== names.length) {
    throw new EcrRetentionConfigError(`eksClusters lists a cluster twice: ${names.join(', ')}.`);
  }
  return names;
}

/** The initial document lives in a STANDARD parameter: it must fit in 4 KB. */
export function validateInitialConfig(document: string, maxBytes: number): string {
  const bytes = Buffer.byteLength(document, 'utf8');
  if (!Token.isUnresolved(document) && bytes > maxBytes) {
    throw new EcrRetentionConfigError(
      `initialConfig is ${bytes} bytes; a standard SSM parameter holds ${maxBytes}. Split it into several parameters under the config path.`);
  }
  if (!Token.isUnresolved(document) && document.trim() === '') {
    throw new EcrRetentionConfigError('initialConfig is empty: SSM rejects empty parameter values.');
  }
  return document;
}

/** Lambda takes 0 (the function is stopped: never runs) up to the account's quota; 0 would silently stop every run. */
export function validateReservedConcurrency(value: number): number {
  if (!Token.isUnresolved(value) && (!Number.isInteger(value) || value < 1)) {
    throw new EcrRetentionConfigError(`reservedConcurrency ${value} must be a whole number of at least 1 (or left out: the run lease keeps runs apart).`);
  }
  return value;
}

/** `vpcSubnets` and `securityGroups` place the function's network interfaces in `vpc`: without it they mean nothing. */
export function validateVpcPlacement(props: { readonly vpc?: unknown; readonly vpcSubnets?: unknown; readonly securityGroups?: readonly unknown[] }): void {
  if (props.vpc !== undefined) {
    if (props.securityGroups !== undefined && props.securityGroups.length === 0) {
      throw new EcrRetentionConfigError('securityGroups is empty: give at least one security group, or leave it out for a new one.');
    }
    return;
  }
  const without = [props.vpcSubnets !== undefined ? 'vpcSubnets' : '', props.securityGroups !== undefined ? 'securityGroups' : ''].filter(Boolean);
  if (without.length > 0) {
    throw new EcrRetentionConfigError(`${without.join(' and ')} given without vpc: set vpc to the VPC the function runs in (the one that reaches the EKS clusters' private endpoints).`);
  }
}
