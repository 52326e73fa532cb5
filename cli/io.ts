/**
 * What a command may touch of the outside world: two output streams, whether stderr is a terminal, the environment
 * and the clock. bin/cli.ts passes the process's; in-process tests pass fakes.
 */
export interface CliIo {
  /** One line (or block) of the command's result, on stdout. */
  readonly out: (text: string) => void;
  /** Diagnostics, progress and errors, on stderr. */
  readonly err: (text: string) => void;
  readonly stderrIsTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: () => number;
}

/** 0 success, 1 runtime failure, 2 invalid usage or config, 3 plan blocked by a guard. */
export const EXIT = { ok: 0, failure: 1, usage: 2, blocked: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export function processIo(): CliIo {
  return {
    out: (text) => void process.stdout.write(`${text}\n`),
    err: (text) => void process.stderr.write(`${text}\n`),
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
    now: Date.now,
  };
}
