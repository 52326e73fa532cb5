/** `validate FILE…`: the config documents as the Lambda would read them: every error at once, or `valid`. */
import { formatConfigIssues, parseConfig } from '../lambda/config/parse';
import { readConfigFiles } from './config-documents';
import { EXIT, type CliIo, type ExitCode } from './io';

export async function validateCommand(files: readonly string[], io: CliIo): Promise<ExitCode> {
  const documents = await readConfigFiles(files);
  const parsed = parseConfig(documents);
  if (!parsed.ok) {
    io.out(formatConfigIssues(parsed.errors));
    io.err(`error: the configuration is invalid (${parsed.errors.length} error${parsed.errors.length === 1 ? '' : 's'})`);
    return EXIT.usage;
  }
  const { settings, policies } = parsed.config;
  const names = policies.map((policy) => policy.name).join(', ') || 'none';
  io.out(`valid: ${documents.length} document${documents.length === 1 ? '' : 's'}, ${policies.length} polic${policies.length === 1 ? 'y' : 'ies'} (${names}), mode ${settings.mode}`);
  return EXIT.ok;
}
