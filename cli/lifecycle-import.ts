/**
 * `lifecycle import [--repository GLOB] [--out FILE]`: reads the lifecycle policy of every repository of the region
 * (no config needed: this is how a config starts), and writes one YAML config document with one policy per distinct
 * lifecycle policy, its repositories listed, and a comment wherever the meaning changes or a rule does not translate
 * (core/lifecycle/translate*.ts). The document is validated as the Lambda would read it (parseConfig) before it is
 * written: an invalid one is exit 2 with every error, and nothing is written.
 */
import { writeText } from './config-documents';
import { compileGlob } from '../lambda/config/glob';
import { parseConfig } from '../lambda/config/parse';
import { formatLifecycleIssues, parseLifecyclePolicy } from '../lambda/core/lifecycle/parse';
import type { LifecyclePolicy } from '../lambda/core/lifecycle/policy';
import { groupByPolicy, policyNames, translatePolicy } from '../lambda/core/lifecycle/translate';
import { InvalidConfigError } from './errors';
import type { GlobalOptions } from './global-options';
import { EXIT, type CliIo, type ExitCode } from './io';
import { lifecyclePoliciesIn, resolvedRegion } from './lifecycle-source';
import { renderImportYaml } from './lifecycle-yaml';

export interface LifecycleImportOptions extends GlobalOptions {
  readonly repository?: string;
  readonly out?: string;
}

export async function lifecycleImportCommand(options: LifecycleImportOptions, io: CliIo): Promise<ExitCode> {
  const region = await resolvedRegion(options, io);
  const reader = lifecyclePoliciesIn(region, options, io);
  const shown = options.repository !== undefined ? compileGlob(options.repository) : () => true;
  const found = (await reader.read((await reader.repositoryNames()).filter(shown))).flatMap(({ repository, text }) => (text === undefined ? [] : [{ repository, text }]));
  const readable: { repository: string; text: string; policy: LifecyclePolicy }[] = [];
  const skipped: { repository: string; error: string }[] = [];
  for (const { repository, text } of found) {
    const parsed = parseLifecyclePolicy(text);
    if (parsed.ok) readable.push({ repository, text, policy: parsed.policy });
    else skipped.push({ repository, error: formatLifecycleIssues(parsed.issues) });
  }
  for (const { repository, error } of skipped) io.err(`warning: ${repository}: its lifecycle policy could not be read, not imported: ${error}`);
  if (readable.length === 0) {
    io.err(`no repository${options.repository ? ` matching ${options.repository}` : ''} in ${region} has a lifecycle policy that can be imported: nothing written`);
    return EXIT.ok;
  }
  const groups = groupByPolicy(readable);
  const names = policyNames(groups);
  const drafts = groups.map((group, i) => translatePolicy(group.policy, group.repositories, names[i] as string));
  const text = renderImportYaml(drafts, { region, importedAt: io.now(), skipped });
  const checked = parseConfig([{ name: options.out ?? 'lifecycle-import.yaml', text }]);
  if (!checked.ok) throw new InvalidConfigError(checked.errors);
  await write(options.out, text, io);
  const untranslated = drafts.reduce((sum, draft) => sum + draft.untranslated.length, 0);
  io.err(`imported ${groups.length} lifecycle polic${groups.length === 1 ? 'y' : 'ies'} of ${readable.length} repositor${readable.length === 1 ? 'y' : 'ies'} in ${region}${options.out ? ` to ${options.out}` : ''}: ${drafts.length} config polic${drafts.length === 1 ? 'y' : 'ies'}, valid; ${untranslated} rule${untranslated === 1 ? '' : 's'} not translated (see the comments)`);
  return EXIT.ok;
}

async function write(out: string | undefined, text: string, io: CliIo): Promise<void> {
  if (out === undefined) {
    io.out(text.trimEnd());
    return;
  }
  await writeText(out, text);
}
