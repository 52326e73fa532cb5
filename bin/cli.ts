#!/usr/bin/env node
/**
 * The `ecr-retention` command line: the Lambda's pipeline for a person at a terminal. This file only assembles the
 * commander program; every command lives in cli/. Exit codes: 0 success, 1 runtime failure (for `export`: also an
 * incomplete export, after writing it), 2 invalid usage or config, 3 plan blocked by a guard.
 */
import { Command, Option } from 'commander';
import type { AccountOptions } from '../cli/account-source';
import type { ApplyOptions } from '../cli/apply';
import { reportFailure } from '../cli/errors';
import type { ExportOptions } from '../cli/export';
import { EXPORT_HELP } from '../cli/export-help';
import { selectProfile } from '../cli/global-options';
import { EXIT, processIo, type CliIo, type ExitCode } from '../cli/io';
import type { LifecycleCompareOptions } from '../cli/lifecycle-compare';
import type { LifecycleImportOptions } from '../cli/lifecycle-import';
import type { PlanOptions } from '../cli/plan';
import type { SnapshotOptions } from '../cli/snapshot';
import { version } from '../package.json';

export function createProgram(io: CliIo, exitWith: (code: ExitCode) => void): Command {
  const program = new Command('ecr-retention')
    .description('Deletes Amazon ECR images nothing can still pull: plan, explain and apply the retention policies.')
    .version(version)
    .option('--profile <name>', 'AWS profile for credentials and region')
    .option('--region <region>', 'AWS region (default: the standard chain, e.g. AWS_REGION)')
    .option('--endpoint-url <url>', 'send every AWS call to this endpoint (AWS_ENDPOINT_URL works too)')
    .option('--verbose', 'log what the pipeline does, and the cause chain of an error')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: (text) => io.err(text.trimEnd()) })
    .hook('preAction', (command) => selectProfile(command.opts<{ profile?: string }>().profile));
  // Every action gets its command's options merged with the global ones (a subcommand's with its parents'); its exit code is kept. Commands load on
  // demand: `validate` need not load every AWS SDK client.
  const run = <O>(handler: (options: O, command: Command) => Promise<ExitCode>) => async (...args: unknown[]) => {
    const command = args.at(-1) as Command;
    exitWith(await handler(command.optsWithGlobals() as O, command));
  };

  withConfig(program.command('plan').description('collect and plan; never deletes, never emails'))
    .option('--repository <glob>', 'show only the repositories this glob matches (config glob syntax), image by image')
    .option('--details', 'the per-image table of every repository, with every reason (default: one row per repository)')
    .option('--json', 'print the plan as JSON, for scripts')
    .option('--html <file>', 'also write the plan as one self-contained HTML page (chart, tables, reasons) to this file')
    .option('--from <snapshot>', 'plan a snapshot file offline, as of its collection time')
    .action(run<PlanOptions>(async (options) => (await import('../cli/plan')).planCommand(options, io)));

  withConfig(program.command('explain').description('every reason an image is kept or deleted, and what pulls it'))
    .argument('<image>', '<repository>@<digest|tag>; a digest may be shortened to a unique prefix')
    .option('--from <snapshot>', 'explain from a snapshot file instead of the live account')
    .action(run<AccountOptions>(async (options, command) => (await import('../cli/explain')).explainCommand(command.processedArgs[0] as string, options, io)));

  withConfig(program.command('apply').description('plan, then delete with every guard of the Lambda'))
    .option('--yes', 'really delete; without it, apply shows what it would delete and refuses')
    .action(run<ApplyOptions>(async (options) => (await import('../cli/apply')).applyCommand(options, io)));

  withConfig(program.command('snapshot').description('write the collected account (config, inventory, live references) as JSON'))
    .option('--out <file>', 'write to this file instead of stdout')
    .action(run<SnapshotOptions>(async (options) => (await import('../cli/snapshot')).snapshotCommand(options, io)));

  program.command('export').description('write the live-set export of Kubernetes clusters reached through kubeconfig contexts')
    .requiredOption('--kube-context <names...>', 'the kubeconfig contexts to read')
    .option('--kubeconfig <file>', 'the kubeconfig (default: $KUBECONFIG, ~/.kube/config, or the pod\'s service account)')
    .option('--id <id>', 'the export id, <account id>-<name>; required with --to (default on stdout: the first context\'s name)')
    .option('--to <s3-uri>', 'write to the exchange bucket, s3://<bucket>/live/<id>.json, instead of stdout')
    .option('--pod-templates', 'also list PodTemplates (needs RBAC beyond the view ClusterRole)')
    .option('--config <files...>', 'take podTemplates and customResources from settings.live.eks of these config documents')
    .addHelpText('after', EXPORT_HELP)
    .action(run<ExportOptions>(async (options) => (await import('../cli/export')).exportCommand(options, io)));

  const lifecycle = program.command('lifecycle').description('set the ECR lifecycle policies against the plan, and import them as config');
  withConfig(lifecycle.command('compare').description('what each lifecycle policy would expire that is live, protected or kept; exit 3 if a live image is at risk'))
    .option('--repository <glob>', 'only the repositories this glob matches (config glob syntax)')
    .option('--json', 'print the comparison as JSON, for scripts')
    .action(run<LifecycleCompareOptions>(async (options) => (await import('../cli/lifecycle-compare')).lifecycleCompareCommand(options, io)));
  lifecycle.command('import').description('write one config document equivalent to the lifecycle policies of the region, validated')
    .option('--repository <glob>', 'only the repositories this glob matches (config glob syntax)')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(run<LifecycleImportOptions>(async (options) => (await import('../cli/lifecycle-import')).lifecycleImportCommand(options, io)));

  program.command('validate').description('check config documents; print every error, or "valid"')
    .argument('<files...>', 'YAML or JSON config documents (or directories of them)')
    .action(run(async (_options, command) => (await import('../cli/validate')).validateCommand(command.processedArgs[0] as string[], io)));
  return program;
}

function withConfig(command: Command): Command {
  return command
    .addOption(new Option('--config <files...>', 'local config documents (YAML/JSON files or directories) instead of SSM').conflicts('ssmPath'))
    .option('--ssm-path <path>', 'SSM parameter path of the config documents (default /ecr-retention/)')
    .option('--state <s3-uri>', 'each region\'s state (s3://bucket/prefix/), e.g. the stack\'s s3://<journal bucket>/state/: read by every command, written by apply --yes')
    .option('--journal <s3-uri>', 'deprecated alias of --state: the stack\'s old journal (s3://bucket/key), read until there is a state')
    .option('--regions <list>', 'regions covered when the config names none, comma-separated or "*" (the stack\'s REGIONS; default: --region)')
    .option('--exchange-bucket <name>', 'the exchange bucket when the config names none (the stack\'s EXCHANGE_BUCKET): read, never written');
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT.ok;
  const program = createProgram(io, (code) => (exitCode = code));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportFailure(error, io, program.opts<{ verbose?: boolean }>().verbose === true);
  }
}

if (require.main === module) {
  // The SDK warns that its releases after January 2027 need Node 22; the CLI supports the Node 20 it runs on.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  void runCli(process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}
