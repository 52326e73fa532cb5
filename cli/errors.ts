/**
 * Errors as a person at a terminal sees them: one `error: …` line and an exit code, never a stack trace.
 * `--verbose` adds the cause chain, one line per cause.
 */
import { CommanderError } from 'commander';
import { formatConfigIssues, type ConfigIssue } from '../lambda/config/parse';
import { EXIT, type CliIo, type ExitCode } from './io';

/** An error whose message is already fit for the user, with the exit code it means. */
export class CliError extends Error {
  override readonly name: string = 'CliError';
  constructor(message: string, readonly exitCode: ExitCode, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Invalid usage: a missing file, an unknown image, a malformed snapshot. Exit 2. */
export class UsageError extends CliError {
  override readonly name = 'UsageError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, EXIT.usage, options);
  }
}

/** The config documents were read and are invalid: every issue is printed. Exit 2. */
export class InvalidConfigError extends CliError {
  override readonly name = 'InvalidConfigError';
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(`the configuration is invalid (${issues.length} error${issues.length === 1 ? '' : 's'})`, EXIT.usage);
  }
}

/** Prints the error the way the CLI promises and returns the exit code it means. */
export function reportFailure(error: unknown, io: CliIo, verbose: boolean): ExitCode {
  // Commander has already printed its own one-line message (or the help text).
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  const classified = classify(error);
  io.err(`error: ${classified.message}`);
  if (error instanceof InvalidConfigError) io.err(formatConfigIssues(error.issues));
  if (verbose) for (const line of causeChain(error)) io.err(line);
  return classified.exitCode;
}

function classify(error: unknown): { message: string; exitCode: ExitCode } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  const message = error instanceof Error ? error.message : String(error);
  // The SDK's wording; a missing region is a usage problem, and the fix is one option away.
  if (message === 'Region is missing') return { message: 'no AWS region: pass --region, set AWS_REGION, or use a profile that has one', exitCode: EXIT.usage };
  return { message: message.split('\n')[0] ?? message, exitCode: EXIT.failure };
}

/** `caused by: <name>: <message>` for each cause below the error itself. */
export function causeChain(error: unknown): string[] {
  const lines: string[] = [];
  let cause = error instanceof Error ? error.cause : undefined;
  for (let depth = 0; cause !== undefined && depth < 10; depth++) {
    lines.push(`  caused by: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`);
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return lines;
}
