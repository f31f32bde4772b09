/**
 * One AWS call of a lookup, with its failures made readable: an answer that means "no such thing" becomes `null`,
 * any other failure an `AwsLookupError` whose message is one sentence naming what was looked up and the AWS
 * operation (the command prints it as it is, never a stack trace).
 */

export class AwsLookupError extends Error {}

export interface Call<T> {
  /** What is looked up, for the message: `role "web"`. */
  readonly what: string;
  /** The AWS operation: `IAM GetRole`. */
  readonly operation: string;
  /** Names of the AWS errors that mean it does not exist. */
  readonly absentWhen?: readonly string[];
  readonly send: () => Promise<T>;
}

export async function lookUpIfExists<T>(call: Call<T>): Promise<T | null> {
  try {
    return await call.send();
  } catch (error) {
    if (call.absentWhen?.includes(errorName(error))) return null;
    throw lookupError(call, error);
  }
}

/** Like `lookUpIfExists`, for calls where "does not exist" is not an answer. */
export async function lookUp<T>(call: Omit<Call<T>, "absentWhen">): Promise<T> {
  try {
    return await call.send();
  } catch (error) {
    throw lookupError(call, error);
  }
}

export function lookupError(call: Pick<Call<unknown>, "what" | "operation">, error: unknown): AwsLookupError {
  if (error instanceof AwsLookupError) return error;
  return new AwsLookupError(`could not look up ${call.what} (${call.operation}): ${describeAwsError(error)}`);
}

export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : "";
}

/** The status code of the HTTP answer an SDK error came with, if any. */
export function httpStatusOf(error: unknown): number | undefined {
  const metadata = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata;
  return metadata?.httpStatusCode;
}

/** `AccessDenied: User … is not authorized …`, on one line; missing credentials get a hint. */
export function describeAwsError(error: unknown): string {
  if (!(error instanceof Error)) return oneLine(String(error));
  if (error.name === "CredentialsProviderError") {
    return `no AWS credentials found (${oneLine(error.message)}); set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`;
  }
  const message = oneLine(error.message);
  // Answers without a body (HeadBucket's) carry only a name such as "Forbidden", and a status.
  if (message === "" || message === "UnknownError") {
    const status = httpStatusOf(error);
    return status === undefined ? error.name : `${error.name} (HTTP ${status})`;
  }
  const generic = error.name === "Error" || error.name === "" || message.startsWith(error.name);
  return generic ? message : `${error.name}: ${message}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
