/**
 * Where a command's config comes from: local files (`--config`, each file one document named by its path; a
 * directory contributes its .yaml/.yml/.json files) or the SSM parameters under `--ssm-path`.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConfigDocument, ConfigSource } from '../lambda/ports';
import { UsageError } from './errors';

export const DEFAULT_SSM_PATH = '/ecr-retention/';

export interface ConfigOptions {
  readonly config?: readonly string[];
  readonly ssmPath?: string;
}

const DOCUMENT_EXTENSIONS = /\.(ya?ml|json)$/i;

/** Every document of the given files and directories. An unreadable path is a usage error (exit 2). */
export async function readConfigFiles(paths: readonly string[]): Promise<ConfigDocument[]> {
  const documents: ConfigDocument[] = [];
  for (const path of paths) {
    for (const file of await expand(path)) {
      documents.push({ name: file, text: await readText(file) });
    }
  }
  return documents;
}

/** The files are read before the pipeline starts, so that a typo in a path is exit 2, not a failed run. */
export async function fileConfigSource(paths: readonly string[]): Promise<ConfigSource> {
  const documents = await readConfigFiles(paths);
  return { load: async () => documents };
}

async function expand(path: string): Promise<string[]> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    throw new UsageError(`cannot read config ${path}: ${reasonOf(error)}`, { cause: error });
  }
  if (!isDirectory) return [path];
  const files = (await readdir(path)).filter((name) => DOCUMENT_EXTENSIONS.test(name)).sort();
  if (files.length === 0) throw new UsageError(`config directory ${path} holds no .yaml, .yml or .json file`);
  return files.map((name) => join(path, name));
}

export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${reasonOf(error)}`, { cause: error });
  }
}

/** Writes a file the user named (a snapshot, a report page, an imported config); one that cannot be written is a usage error. */
export async function writeText(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${reasonOf(error)}`, { cause: error });
  }
}

/** A file error as a person reads it: `no such file or directory`, not `ENOENT: …, open '…'`. */
export function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}
