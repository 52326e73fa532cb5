/** `demo`: the whole pipeline against an emulated account (see demo/run-demo.ts). */
import { runDemo } from '../demo/run-demo';
import { EXIT, type CliIo, type ExitCode } from './io';

export async function demoCommand(io: CliIo): Promise<ExitCode> {
  await runDemo(io.out);
  return EXIT.ok;
}
