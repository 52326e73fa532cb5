/**
 * The Lambda live source: every container-image function can run its $LATEST code and every published version
 * an alias routes to (the alias's version and its weighted additional versions). Both the image URI as configured
 * and the digest Lambda resolved it to at deployment (ResolvedImageUri) are live: the tag may have moved since.
 */
import {
  GetFunctionCommand,
  type LambdaClient,
  paginateListAliases,
  paginateListFunctions,
} from '@aws-sdk/client-lambda';
import type { LiveReference } from '../../core/model';
import type { LiveSource } from '../../ports';
import { mapWithConcurrency } from '../common/concurrency';
import { LiveSourceError } from '../common/errors';

const LATEST = '$LATEST';
/** Lambda answers at most 50 entries per list page whatever MaxItems asks. */
const LIST_PAGE_SIZE = 50;

export interface LambdaLiveSourceOptions {
  readonly client: LambdaClient;
  /**
   * Calls in flight at once (ListAliases, then GetFunction). Default 10: the list APIs allow 15 calls per second
   * and GetFunction 100, so a higher fan-out only buys throttles.
   */
  readonly concurrency?: number;
}

/** One version of one function that something can invoke, and the aliases that route to it. */
interface InvocableVersion {
  readonly functionName: string;
  readonly qualifier: string;
  readonly aliases: readonly string[];
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

  /** $LATEST, plus each version an alias routes to (primary or weighted), each once. */
  private async invocableVersions(functionName: string): Promise<InvocableVersion[]> {
    const aliasesByVersion = new Map<string, string[]>([[LATEST, []]]);
    const routeTo = (version: string, alias: string) => aliasesByVersion.set(version, [...(aliasesByVersion.get(version) ?? []), alias]);
    try {
      const pages = paginateListAliases({ client: this.options.client, pageSize: LIST_PAGE_SIZE }, { FunctionName: functionName });
      for await (const page of pages) {
        for (const alias of page.Aliases ?? []) {
          const name = alias.Name ?? '?';
          if (alias.FunctionVersion) routeTo(alias.FunctionVersion, name);
          for (const weighted of Object.keys(alias.RoutingConfig?.AdditionalVersionWeights ?? {})) routeTo(weighted, name);
        }
      }
    } catch (error) {
      throw new LiveSourceError('lambda', `ListAliases of function ${functionName}`, { cause: error });
    }
    return [...aliasesByVersion].map(([qualifier, aliases]) => ({ functionName, qualifier, aliases: [...new Set(aliases)] }));
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
  const aliases = version.aliases.length > 0 ? ` alias/${version.aliases.join(',')}` : '';
  return `lambda function/${version.functionName}:${version.qualifier}${aliases}`;
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
