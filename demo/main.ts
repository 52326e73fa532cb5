#!/usr/bin/env node
/**
 * `npm run demo`: the demo is a script of the repository, not a command of the shipped CLI, so that the emulators it
 * runs against never ship (DESIGN.md, "Architecture").
 */
import { runDemo } from './run-demo';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
runDemo().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
