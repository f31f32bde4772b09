/**
 * How every AWS SDK client of iam-syncr connects, waits and retries: the one place that says it, used by the
 * client factory of the commands (adopt/aws-clients.ts) and by the `remove_roles` provider (pulumi/role-removal.ts).
 *
 * - a connection must be established within 5 s, and an answer must start within 20 s (and never pause longer
 *   while it arrives): AWS's control planes answer these calls in well under a second, so a silent endpoint is
 *   reported within seconds instead of blocking a command or a `pulumi up` forever;
 * - the SDK's "standard" retry mode, at most 5 attempts per call: it retries throttling, HTTP 500/502/503/504,
 *   timeouts and dropped connections with exponential backoff and jitter, and its retry quota stops retrying
 *   when most calls fail. Five attempts (the SDK's default is 3) give IAM's throttling (import-plan runs 8
 *   lookups at once) up to 15 s of backoff, and bound a dead endpoint to about 5 × 20 s.
 *
 * The timeouts are the options of the SDK's own NodeHttpHandler, which the SDK builds from `requestHandler`.
 * Settings from the environment (docs/robustness.md; the tests use them to stay fast):
 * `IAM_SYNCR_AWS_CONNECTION_TIMEOUT_MS`, `IAM_SYNCR_AWS_REQUEST_TIMEOUT_MS` and the SDK's own `AWS_MAX_ATTEMPTS`.
 *
 * This module is serialized into the stack state with the RemovedRole provider (pulumi-notes §2): it holds
 * only functions and plain constants, reads the environment when asked, and requires nothing.
 */

export interface AwsClientSettings {
  /** Milliseconds to establish a connection. */
  readonly connectionTimeoutMs: number;
  /** Milliseconds until an answer starts, and the longest pause while it arrives. */
  readonly requestTimeoutMs: number;
  /** Attempts per call, the first included. */
  readonly maxAttempts: number;
}

export const DEFAULT_AWS_CLIENT_SETTINGS: AwsClientSettings = { connectionTimeoutMs: 5_000, requestTimeoutMs: 20_000, maxAttempts: 5 };

/** A setting in the environment that cannot be used; the message names the variable and what it accepts. */
export class AwsSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AwsSettingsError";
  }
}

type Environment = Readonly<Record<string, string | undefined>>;

/** The settings, with the environment's overrides; an invalid override is an AwsSettingsError. */
export function readAwsClientSettings(environment: Environment = process.env): AwsClientSettings {
  const defaults = DEFAULT_AWS_CLIENT_SETTINGS;
  return {
    connectionTimeoutMs: wholeNumber(environment, "IAM_SYNCR_AWS_CONNECTION_TIMEOUT_MS", defaults.connectionTimeoutMs, 1, 600_000),
    requestTimeoutMs: wholeNumber(environment, "IAM_SYNCR_AWS_REQUEST_TIMEOUT_MS", defaults.requestTimeoutMs, 1, 600_000),
    maxAttempts: wholeNumber(environment, "AWS_MAX_ATTEMPTS", defaults.maxAttempts, 1, 10),
  };
}

/**
 * The part of an SDK client's configuration that these settings make: spread it into every client's
 * configuration (`new IAMClient({ region, ...awsClientConfig(settings) })`).
 */
export function awsClientConfig(settings: AwsClientSettings) {
  return {
    maxAttempts: settings.maxAttempts,
    retryMode: "standard",
    requestHandler: {
      connectionTimeout: settings.connectionTimeoutMs,
      requestTimeout: settings.requestTimeoutMs,
      // Without it the SDK only logs a warning when requestTimeout passes, and keeps waiting.
      throwOnRequestTimeout: true,
      socketTimeout: settings.requestTimeoutMs,
    },
  } as const;
}

function wholeNumber(environment: Environment, name: string, fallback: number, min: number, max: number): number {
  const text = environment[name];
  if (text === undefined || text.trim() === "") return fallback;
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new AwsSettingsError(`${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text)}`);
  }
  return value;
}
