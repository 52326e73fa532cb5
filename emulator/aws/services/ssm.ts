/**
 * SSM Parameter Store (JSON 1.1 `AmazonSSM`, signing name `ssm`): where the retention config lives.
 * GetParametersByPath answers in the account's own order (SSM promises none), at most 10 per page.
 */
import type { AccountModel, EmuParameter } from '../account';
import type { Quota } from '../limits';
import { AwsEmulatorError, type OperationContext, paginate, type ServiceDefinition } from '../service';

/** Parameter Store's default throughput: 40 TPS shared by the Get* APIs, 3 TPS for PutParameter. */
export const SSM_QUOTAS: Readonly<Record<string, Quota>> = {
  'ssm:get-parameters': { burst: 40, perSecond: 40 },
  'ssm:put-parameter': { burst: 3, perSecond: 3 },
};

const VALUE_LIMIT = { Standard: 4096, Advanced: 8192 } as const;

interface GetParametersByPathInput {
  Path?: string;
  Recursive?: boolean;
  WithDecryption?: boolean;
  MaxResults?: number;
  NextToken?: string;
}

interface PutParameterInput {
  Name?: string;
  Value?: string;
  Type?: EmuParameter['type'];
  Overwrite?: boolean;
  Tier?: 'Standard' | 'Advanced' | 'Intelligent-Tiering';
}

function parameterArn(account: AccountModel, name: string): string {
  return `arn:aws:ssm:${account.region}:${account.accountId}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
}

/** A SecureString read without decryption comes back as ciphertext, never as the value. */
function describe(account: AccountModel, parameter: EmuParameter, withDecryption: boolean) {
  const encrypted = parameter.type === 'SecureString' && !withDecryption;
  return {
    Name: parameter.name,
    Type: parameter.type,
    Value: encrypted ? `AQICAHemulator${Buffer.from(parameter.value).toString('base64')}` : parameter.value,
    Version: parameter.version ?? 1,
    LastModifiedDate: (parameter.lastModifiedAt ?? 0) / 1000,
    ARN: parameterArn(account, parameter.name),
    DataType: 'text',
  };
}

function underPath(name: string, path: string, recursive: boolean): boolean {
  const prefix = path.endsWith('/') ? path : `${path}/`;
  if (!name.startsWith(prefix) || name.length === prefix.length) return false;
  return recursive || !name.slice(prefix.length).includes('/');
}

function getParametersByPath(input: GetParametersByPathInput, ctx: OperationContext) {
  const path = input.Path ?? '';
  if (!path.startsWith('/')) throw new AwsEmulatorError('ValidationException', `The parameter path must begin with /: ${path}`);
  if (input.MaxResults !== undefined && (input.MaxResults < 1 || input.MaxResults > 10)) {
    throw new AwsEmulatorError('ValidationException',
      `1 validation error detected: Value '${input.MaxResults}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10`);
  }
  const matching = ctx.account.ssm.parameters.filter((p) => underPath(p.name, path, input.Recursive === true));
  let result;
  try {
    result = paginate(matching, input.NextToken, input.MaxResults, ctx, 10);
  } catch {
    throw new AwsEmulatorError('InvalidNextToken', 'The specified token is not valid.');
  }
  const Parameters = result.page.map((p) => describe(ctx.account, p, input.WithDecryption === true));
  return { Parameters, ...(result.nextToken ? { NextToken: result.nextToken } : {}) };
}

function getParameter(input: { Name?: string; WithDecryption?: boolean }, ctx: OperationContext) {
  const parameter = ctx.account.ssm.parameters.find((p) => p.name === input.Name);
  if (!parameter) throw new AwsEmulatorError('ParameterNotFound', `Parameter ${input.Name} not found.`);
  return { Parameter: describe(ctx.account, parameter, input.WithDecryption === true) };
}

function validatePut(input: PutParameterInput, existing: EmuParameter | undefined): 'Standard' | 'Advanced' {
  const name = input.Name ?? '';
  if (!name || (name.includes('/') && !name.startsWith('/')) || name.split('/').length - 1 > 15) {
    throw new AwsEmulatorError('ValidationException', `Parameter name is not valid: ${name}`);
  }
  if (existing && !input.Overwrite) {
    throw new AwsEmulatorError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
  }
  if (!existing && !input.Type) throw new AwsEmulatorError('ValidationException', 'A parameter type is required when you create a parameter.');
  const length = (input.Value ?? '').length;
  const tier = input.Tier === 'Advanced' || (input.Tier === 'Intelligent-Tiering' && length > VALUE_LIMIT.Standard)
    || existing?.tier === 'Advanced' ? 'Advanced' : 'Standard';
  if (length === 0 || length > VALUE_LIMIT[tier]) {
    throw new AwsEmulatorError('ValidationException',
      `${tier} tier parameters support a maximum parameter value of ${VALUE_LIMIT[tier]} characters.`);
  }
  return tier;
}

function putParameter(input: PutParameterInput, ctx: OperationContext) {
  const parameters = ctx.account.ssm.parameters;
  const existing = parameters.find((p) => p.name === input.Name);
  const tier = validatePut(input, existing);
  const version = (existing?.version ?? 0) + 1;
  const next: EmuParameter = {
    name: input.Name ?? '',
    value: input.Value ?? '',
    type: input.Type ?? existing?.type ?? 'String',
    version,
    tier,
    lastModifiedAt: Date.now(),
  };
  if (existing) parameters.splice(parameters.indexOf(existing), 1, next);
  else parameters.push(next);
  return { Version: version, Tier: tier };
}

export const ssm: ServiceDefinition = {
  signingName: 'ssm',
  protocol: 'json1.1',
  targetPrefix: 'AmazonSSM',
  operations: {
    GetParametersByPath: getParametersByPath,
    GetParameter: getParameter,
    PutParameter: putParameter,
  },
  quotaBuckets: {
    GetParametersByPath: 'get-parameters',
    GetParameter: 'get-parameters',
    PutParameter: 'put-parameter',
  },
};
