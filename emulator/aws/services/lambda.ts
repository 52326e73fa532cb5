/**
 * Lambda (REST-JSON, signing name `lambda`): the read APIs that tell which images a function can still run.
 * Pages hold at most 50 entries whatever MaxItems asks (ListFunctions, ListVersionsByFunction, ListAliases);
 * throttles answer 429 TooManyRequestsException as Lambda does.
 */
import type { AccountModel, EmuLambdaFunction } from '../account';
import type { Quota } from '../limits';
import { AwsEmulatorError, type OperationContext, paginate, type ServiceDefinition } from '../service';

const LATEST = '$LATEST';
const LAMBDA_MAX_PAGE = 50;

/** Lambda's control-plane quotas: 15 requests/s per API, GetFunction 100/s (Lambda quotas page). */
export const LAMBDA_QUOTAS: Readonly<Record<string, Quota>> = {
  'lambda:list-functions': { burst: 15, perSecond: 15 },
  'lambda:list-versions-by-function': { burst: 15, perSecond: 15 },
  'lambda:list-aliases': { burst: 15, perSecond: 15 },
  'lambda:get-function': { burst: 100, perSecond: 100 },
};

type CodeVersion = { imageUri?: string; resolvedImageUri?: string };

function functionArn(account: AccountModel, name: string, qualifier?: string): string {
  const base = `arn:aws:lambda:${account.region}:${account.accountId}:function:${name}`;
  return qualifier ? `${base}:${qualifier}` : base;
}

/** `name`, `name:qualifier`, a full ARN or a partial ARN (`<account>:function:<name>[:qualifier]`). */
function parseFunctionName(raw: string): { name: string; qualifier?: string } {
  const parts = raw.split(':');
  const at = parts.indexOf('function');
  const rest = at >= 0 ? parts.slice(at + 1) : parts;
  const [name = '', qualifier] = rest;
  return qualifier ? { name, qualifier } : { name };
}

function findFunction(account: AccountModel, raw: string): { fn: EmuLambdaFunction; qualifier?: string } {
  const { name, qualifier } = parseFunctionName(raw);
  const fn = account.lambda.functions.find((candidate) => candidate.name === name);
  if (!fn) {
    throw new AwsEmulatorError('ResourceNotFoundException', `Function not found: ${functionArn(account, name)}`, 404);
  }
  return qualifier ? { fn, qualifier } : { fn };
}

/** The version a qualifier designates: `$LATEST`, a published version, or an alias's primary version. */
function resolveQualifier(account: AccountModel, fn: EmuLambdaFunction, qualifier: string): string {
  if (qualifier === LATEST || fn.versions.some((v) => v.version === qualifier)) return qualifier;
  const alias = fn.aliases.find((a) => a.name === qualifier);
  if (alias) return alias.functionVersion;
  throw new AwsEmulatorError('ResourceNotFoundException', `Function not found: ${functionArn(account, fn.name, qualifier)}`, 404);
}

function codeOf(fn: EmuLambdaFunction, version: string): CodeVersion {
  return version === LATEST ? fn.latest : (fn.versions.find((v) => v.version === version) ?? {});
}

function configuration(account: AccountModel, fn: EmuLambdaFunction, version: string, qualifiedArn: boolean) {
  return {
    FunctionName: fn.name,
    FunctionArn: functionArn(account, fn.name, qualifiedArn || version !== LATEST ? version : undefined),
    Version: version,
    PackageType: fn.packageType,
    State: 'Active',
    LastModified: '2025-01-01T00:00:00.000+0000',
    ...(fn.packageType === 'Zip' ? { Runtime: 'nodejs22.x', Handler: 'index.handler' } : {}),
  };
}

function codeLocation(fn: EmuLambdaFunction, version: string) {
  if (fn.packageType === 'Zip') {
    return { RepositoryType: 'S3', Location: `https://awslambda-emulator.s3.amazonaws.com/snapshots/${fn.name}-${version}` };
  }
  const code = codeOf(fn, version);
  return { RepositoryType: 'ECR', ImageUri: code.imageUri, ResolvedImageUri: code.resolvedImageUri };
}

/** MaxItems arrives as a query string; Lambda accepts 1..10000 and still answers at most 50 per page. */
function maxItems(ctx: OperationContext): number {
  const raw = ctx.query.MaxItems;
  if (raw === undefined) return LAMBDA_MAX_PAGE;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 10_000) {
    throw new AwsEmulatorError('InvalidParameterValueException', `MaxItems must be between 1 and 10000: ${raw}`);
  }
  return Math.min(value, LAMBDA_MAX_PAGE);
}

function page<T>(items: readonly T[], ctx: OperationContext) {
  try {
    return paginate(items, ctx.query.Marker, maxItems(ctx), ctx, LAMBDA_MAX_PAGE);
  } catch (error) {
    if (error instanceof AwsEmulatorError && error.code === 'InvalidParameterException') {
      throw new AwsEmulatorError('InvalidParameterValueException', 'Invalid Marker');
    }
    throw error;
  }
}

function listFunctions(_input: unknown, ctx: OperationContext) {
  const { account } = ctx;
  const all = ctx.query.FunctionVersion === 'ALL';
  if (ctx.query.FunctionVersion !== undefined && !all) {
    throw new AwsEmulatorError('InvalidParameterValueException', `FunctionVersion must be ALL: ${ctx.query.FunctionVersion}`);
  }
  const entries = account.lambda.functions.flatMap((fn) => [
    configuration(account, fn, LATEST, false),
    ...(all ? fn.versions.map((v) => configuration(account, fn, v.version, true)) : []),
  ]);
  const { page: Functions, nextToken } = page(entries, ctx);
  return { Functions, ...(nextToken ? { NextMarker: nextToken } : {}) };
}

/**
 * ListVersionsByFunction API reference: "Returns a list of versions, with the version-specific configuration of
 * each. Lambda returns up to 50 versions per call", $LATEST among them; FunctionName may be a name, an ARN or a
 * partial ARN, and an unknown function is ResourceNotFoundException. The entries are FunctionConfiguration, which
 * names no image (only ImageConfigResponse): the image URIs come from GetFunction's Code.
 */
function listVersionsByFunction(_input: unknown, ctx: OperationContext) {
  const { fn } = findFunction(ctx.account, ctx.pathParams.FunctionName ?? '');
  const entries = [LATEST, ...fn.versions.map((v) => v.version)].map((version) => configuration(ctx.account, fn, version, true));
  const { page: Versions, nextToken } = page(entries, ctx);
  return { Versions, ...(nextToken ? { NextMarker: nextToken } : {}) };
}

function listAliases(_input: unknown, ctx: OperationContext) {
  const { fn } = findFunction(ctx.account, ctx.pathParams.FunctionName ?? '');
  const wanted = ctx.query.FunctionVersion;
  const entries = fn.aliases
    .filter((alias) => wanted === undefined || alias.functionVersion === wanted)
    .map((alias) => ({
      AliasArn: functionArn(ctx.account, fn.name, alias.name),
      Name: alias.name,
      FunctionVersion: alias.functionVersion,
      ...(alias.additionalVersionWeights ? { RoutingConfig: { AdditionalVersionWeights: alias.additionalVersionWeights } } : {}),
    }));
  const { page: Aliases, nextToken } = page(entries, ctx);
  return { Aliases, ...(nextToken ? { NextMarker: nextToken } : {}) };
}

function getFunction(_input: unknown, ctx: OperationContext) {
  const found = findFunction(ctx.account, ctx.pathParams.FunctionName ?? '');
  const qualifier = ctx.query.Qualifier ?? found.qualifier;
  const version = qualifier === undefined ? LATEST : resolveQualifier(ctx.account, found.fn, qualifier);
  return {
    Configuration: configuration(ctx.account, found.fn, version, qualifier !== undefined),
    Code: codeLocation(found.fn, version),
  };
}

export const lambda: ServiceDefinition = {
  signingName: 'lambda',
  protocol: 'rest-json',
  routes: [
    { method: 'GET', path: '/2015-03-31/functions', operation: 'ListFunctions' },
    { method: 'GET', path: '/2015-03-31/functions/{FunctionName}/versions', operation: 'ListVersionsByFunction' },
    { method: 'GET', path: '/2015-03-31/functions/{FunctionName}/aliases', operation: 'ListAliases' },
    { method: 'GET', path: '/2015-03-31/functions/{FunctionName}', operation: 'GetFunction' },
  ],
  operations: {
    ListFunctions: listFunctions,
    ListVersionsByFunction: listVersionsByFunction,
    ListAliases: listAliases,
    GetFunction: getFunction,
  },
  quotaBuckets: {
    ListFunctions: 'list-functions',
    ListVersionsByFunction: 'list-versions-by-function',
    ListAliases: 'list-aliases',
    GetFunction: 'get-function',
  },
  throttleError: { code: 'TooManyRequestsException', status: 429 },
};
