/** Where a command writes; the tests pass their own to capture both streams. */
export interface CommandIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  /** Whether text written to stderr (diagnostics, summaries) may carry colour; see colour.ts. Default: no. */
  stderrColour?: boolean;
  /** Whether standard input is a terminal, so that a command may ask a question. Default: no. */
  stdinIsTTY?: boolean;
  /** Asks a question on the terminal and resolves to the answer (only when stdinIsTTY). */
  ask?(question: string): Promise<string>;
}

/** A wrong command line found after parsing: exit 2 with the usage, as for what commander rejects. */
export class UsageError extends Error {}
