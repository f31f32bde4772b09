import { parseArgs, type ParseArgsConfig } from "node:util";

/** Where a command writes; the tests pass their own to capture both streams. */
export interface CommandIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
}

/** A wrong command line: exit 2 with the usage. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parses options strictly; unknown options and missing values are usage errors. */
export function parseCommandLine<T extends Options>(args: string[], options: T, positionals: string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message.replace(/\. To specify a positional argument.*$/s, "") : String(e));
  }
  if (parsed.positionals.length < positionals.length) throw new UsageError(`missing argument <${positionals[parsed.positionals.length]}>`);
  if (parsed.positionals.length > positionals.length) throw new UsageError(`unexpected argument "${parsed.positionals[positionals.length]}"`);
  return parsed;
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], option: string, fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${option} must be ${allowed.join(" or ")}, not "${value}"`);
}
