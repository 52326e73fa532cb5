/**
 * The Lambda live source: every container-image function can run its $LATEST code and every published version,
 * aliased or not: event source mappings, API Gateway integrations, provisioned concurrency and plain Invoke calls
 * name a version by its qualified ARN, so a version no alias routes to is still invocable. Every alias routes to
 * $LATEST or a published version, so listing the versions (ListVersionsByFunction) covers them all without
 * ListAliases. Both the image URI as configured and the digest Lambda resolved it to at deployment
 * (ResolvedImageUri) are live: the tag may have moved since. The version listing's FunctionConfiguration carries
 * no image URI (only ImageConfigResponse), so each version costs one GetFunction.
 */
import {
  GetFunctionCommand,
  type LambdaClient,
  paginateListFunctions,
  paginateListVersionsByFunction,
} from '@aws-sdk/client-lambda';
import type { LiveReference } from '../../core/model';
import type { LiveSource } from '../../ports';
import { mapWithConcurrency } from '../common/concurrency';
import { allItems } from '../common/pages';
import { LiveSourceError } from '../common/errors';

const LATEST = '$LATEST';
/** Lambda answers at most 50 entries per list page whatever MaxItems asks. */
const LIST_PAGE_SIZE = 50;

export interface LambdaLiveSourceOptions {
  readonly client: LambdaClient;
  /**
   * Calls in flight at once (ListVersionsByFunction, then GetFunction). Default 10: the list APIs allow 15 calls per second
   * and GetFunction 100, so a higher fan-out only buys throttles.
   */
  readonly concurrency?: number;
}

/** One version of one function that something can invoke. */
interface InvocableVersion {
  readonly functionName: string;
  readonly qualifier: string;
}

export class LambdaLiveSource implements LiveSource<'lambda'> {
  readonly name = 'lambda' as const;
  private readonly concurrency: number;

  constructor(private readonly options: LambdaLiveSourceOptions) {
    this.concurrency = options.concurrency ?? 10;
  }

  async collect(): Promise<readonly LiveReference[]> {
    const functionNames = await this.imageFunctionNames();
    const perFunction = await this.fanOut(functionNames, (name) => this.invocableVersions(name));
    const references = await this.fanOut(perFunction.flat(), (version) => this.referencesOf(version));
    return references.flat();
  }

  /** Zip functions run no image: only PackageType Image functions are kept. */
  private async imageFunctionNames(): Promise<string[]> {
    const names: string[] = [];
    try {
      const pages = paginateListFunctions({ client: this.options.client, pageSize: LIST_PAGE_SIZE }, {});
      for await (const page of pages) {
        for (const fn of page.Functions ?? []) {
          if (fn.PackageType === 'Image' && fn.FunctionName) names.push(fn.FunctionName);
        }
      }
    } catch (error) {
      throw new LiveSourceError('lambda', 'ListFunctions', { cause: error });
    }
    return names;
  }

  /** $LATEST and every published version, each once (ListVersionsByFunction lists $LATEST too). */
  private async invocableVersions(functionName: string): Promise<InvocableVersion[]> {
    let listed;
    try {
      const pages = paginateListVersionsByFunction({ client: this.options.client, pageSize: LIST_PAGE_SIZE }, { FunctionName: functionName });
      listed = await allItems(pages, (page) => page.Versions);
    } catch (error) {
      throw new LiveSourceError('lambda', `ListVersionsByFunction of function ${functionName}`, { cause: error });
    }
    const qualifiers = new Set([LATEST, ...listed.flatMap((version) => (version.Version ? [version.Version] : []))]);
    return [...qualifiers].map((qualifier) => ({ functionName, qualifier }));
  }

  private async referencesOf(version: InvocableVersion): Promise<LiveReference[]> {
    const what = `GetFunction ${version.functionName}:${version.qualifier}`;
    let code;
    try {
      const answer = await this.options.client.send(
        new GetFunctionCommand({ FunctionName: version.functionName, Qualifier: version.qualifier }),
      );
      code = answer.Code;
    } catch (error) {
      throw new LiveSourceError('lambda', what, { cause: error });
    }
    // An image function always has an image URI: an answer without one is a read we cannot trust.
    if (!code?.ImageUri && !code?.ResolvedImageUri) throw new LiveSourceError('lambda', `${what} (no image URI in the answer)`);
    return imageReferences(locationOf(version), code.ImageUri, code.ResolvedImageUri);
  }

  private fanOut<T, R>(items: readonly T[], task: (item: T) => Promise<R>): Promise<R[]> {
    return mapWithConcurrency(items, this.concurrency, task);
  }
}

function locationOf(version: InvocableVersion): string {
  return `lambda function/${version.functionName}:${version.qualifier}`;
}

/** The configured URI as written, and the resolved `repo@sha256:…` with its digest; one reference if they coincide. */
export function imageReferences(location: string, imageUri?: string, resolvedImageUri?: string): LiveReference[] {
  const references: LiveReference[] = [];
  if (imageUri && imageUri !== resolvedImageUri) references.push({ source: 'lambda', location, image: imageUri });
  if (resolvedImageUri) {
    const digest = /@(sha256:[0-9a-f]{64})$/.exec(resolvedImageUri)?.[1];
    references.push({ source: 'lambda', location, image: resolvedImageUri, ...(digest ? { digest } : {}) });
  }
  return references;
}
