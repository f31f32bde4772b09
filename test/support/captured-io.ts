/** The output of a command run in this process (cli/run.ts main), kept for the test to read. */
import type { CommandIO } from "../../cli/io";

export interface Captured {
  io: CommandIO;
  stdout: () => string;
  stderr: () => string;
}

export function captured(cwd: string): Captured {
  let stdout = "";
  let stderr = "";
  return {
    io: { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), cwd },
    stdout: () => stdout,
    stderr: () => stderr,
  };
}
