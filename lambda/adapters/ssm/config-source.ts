/**
 * The configuration as SSM parameters: every parameter under one path (recursively) is one YAML or JSON document.
 * Documents come back in parameter-name order, because `policies` concatenate in that order and SSM promises none.
 */
import { paginateGetParametersByPath, type SSMClient } from '@aws-sdk/client-ssm';
import type { ConfigDocument, ConfigSource } from '../../ports';
import { ConfigSourceError } from '../common/errors';

/** GetParametersByPath accepts MaxResults 1..10. */
const PAGE_SIZE = 10;

export interface SsmConfigSourceOptions {
  readonly client: SSMClient;
  /** The parameter hierarchy, e.g. `/ecr-retention/`. */
  readonly path: string;
}

export class SsmConfigSource implements ConfigSource {
  constructor(private readonly options: SsmConfigSourceOptions) {}

  /** Every document under the path; [] when there is none (the config layer reports that). */
  async load(): Promise<readonly ConfigDocument[]> {
    const documents: ConfigDocument[] = [];
    try {
      const pages = paginateGetParametersByPath(
        { client: this.options.client, pageSize: PAGE_SIZE },
        // WithDecryption: a SecureString document would otherwise arrive as ciphertext and fail to parse.
        { Path: this.options.path, Recursive: true, WithDecryption: true },
      );
      for await (const page of pages) {
        for (const parameter of page.Parameters ?? []) {
          if (parameter.Name !== undefined) documents.push({ name: parameter.Name, text: parameter.Value ?? '' });
        }
      }
    } catch (error) {
      throw new ConfigSourceError(`SSM parameters under ${this.options.path}`, { cause: error });
    }
    // Code-unit order, not locale order: the same on every machine and runtime.
    return documents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}
