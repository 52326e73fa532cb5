import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EcrRetentionStack } from '../../lib/ecr-retention-stack';
import { EcrRetentionConfigError } from '../../lib/props-validation';

/**
 * Infra test helpers. NodejsFunction runs esbuild on every synth, so only the tests that look at the bundle
 * bundle; the others disable it with the CLI's own switch (an empty list of stacks to bundle).
 */

export const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] as string[] };

export interface SynthesizedStack {
  readonly app: App;
  readonly stack: EcrRetentionStack;
  readonly template: Template;
}

/** The stack as bin/app.ts builds it: context from `-c`, AwsSolutions checks registered (they fail the synth). */
export function synthStack(context: Record<string, unknown>, options: { bundle: boolean }): SynthesizedStack {
  const app = new App({ context: options.bundle ? context : { ...context, ...NO_BUNDLING } });
  const stack = new EcrRetentionStack(app, 'EcrRetention');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack, template: Template.fromStack(stack) };
}

/** A policy statement as it appears in the template, with Fn::Join-built ARNs flattened to text. */
export interface FlatStatement {
  readonly sid?: string;
  readonly effect: string;
  readonly actions: string[];
  readonly resources: string[];
  /** Only when the statement has a Condition (toEqual ignores an absent one). */
  readonly conditions?: Record<string, unknown>;
}

/** Every statement of every IAM policy of the template (inline role policies included). */
export function allPolicyStatements(template: Template): FlatStatement[] {
  const documents = [
    ...Object.values(template.findResources('AWS::IAM::Policy')).map((policy) => policy.Properties.PolicyDocument),
    ...Object.values(template.findResources('AWS::IAM::Role')).flatMap((role) =>
      (role.Properties.Policies ?? []).map((policy: { PolicyDocument: unknown }) => policy.PolicyDocument)),
  ];
  return documents.flatMap((document) => document.Statement.map((statement: Record<string, unknown>) => ({
    sid: statement.Sid as string | undefined,
    effect: statement.Effect as string,
    actions: asArray(statement.Action).map(String),
    resources: asArray(statement.Resource).map(flattenArn),
    ...(statement.Condition === undefined ? {} : { conditions: statement.Condition as Record<string, unknown> }),
  })));
}

/** `{Fn::Join: ['', ['arn:', {Ref: 'AWS::Partition'}, …]]}` → `arn:<AWS::Partition>:…`; GetAtt → `<Id.Attr>`. */
export function flattenArn(value: unknown): string {
  if (typeof value === 'string') return value;
  const node = value as Record<string, unknown>;
  if (Array.isArray(node['Fn::Join'])) {
    const [delimiter, items] = node['Fn::Join'] as [string, unknown[]];
    return items.map(flattenArn).join(delimiter);
  }
  if (typeof node.Ref === 'string') return `<${node.Ref}>`;
  if (Array.isArray(node['Fn::GetAtt'])) return `<${(node['Fn::GetAtt'] as string[]).join('.')}>`;
  return JSON.stringify(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** The logical id of the only resource of a type (found, never hard-coded: logical ids carry a hash). */
export function onlyLogicalId(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return ids[0]!;
}

/**
 * A template value as CloudFormation would resolve it: Fn::Join joined, `{Ref: X}` and `{Fn::GetAtt: [X, A]}` replaced
 * by `names[X]` and `names['X.A']`. A reference the test did not name fails it, rather than reaching the evaluator.
 */
export function resolveCfn(value: unknown, names: Readonly<Record<string, string>>): unknown {
  const name = (key: string) => {
    if (!Object.hasOwn(names, key)) throw new Error(`the test cannot resolve ${key}`);
    return names[key]!;
  };
  if (Array.isArray(value)) return value.map((item) => resolveCfn(item, names));
  if (typeof value !== 'object' || value === null) return value;
  const node = value as Record<string, unknown>;
  if (Array.isArray(node['Fn::Join'])) {
    const [delimiter, items] = node['Fn::Join'] as [string, unknown[]];
    return items.map((item) => resolveCfn(item, names)).join(delimiter);
  }
  if (typeof node.Ref === 'string') return name(node.Ref);
  if (Array.isArray(node['Fn::GetAtt'])) return name((node['Fn::GetAtt'] as string[]).join('.'));
  return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, resolveCfn(item, names)]));
}

/** What the construct says of props it refuses: an EcrRetentionConfigError at synth, whose message says why. */
export function expectConfigError(synth: () => unknown, message: RegExp): void {
  let thrown: unknown;
  try {
    synth();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(EcrRetentionConfigError);
  expect((thrown as Error).message).toMatch(message);
}
