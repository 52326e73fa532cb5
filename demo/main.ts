/** `npm run demo` entry: see run-demo.ts. */
import { runDemo } from './run-demo';

// The SDK warns that releases after January 2027 need Node 22; the demo runs on the Node 20 it was given.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

runDemo().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
