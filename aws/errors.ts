/**
 * A failed AWS SDK call in one line a user can act on: the AWS error and its message, a timeout with the time
 * waited, an answer that could not be read, and how many attempts the retry policy made (aws/client-settings.ts).
 *
 * Serialized into the stack state with the RemovedRole provider (pulumi-notes §2): functions only, nothing
 * captured, regular expressions written inside the functions.
 */

/** The status code of the HTTP answer an SDK error came with, if any. */
export function httpStatusOf(error: unknown): number | undefined {
  const metadata = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata;
  return metadata?.httpStatusCode;
}

/** How many attempts the SDK made before it gave up (its retry middleware records it on the error). */
export function attemptsOf(error: unknown): number | undefined {
  const metadata = (error as { $metadata?: { attempts?: number } } | null)?.$metadata;
  return metadata?.attempts;
}

/** `AccessDenied: User … is not authorized …`, on one line; then `, tried 5 times` when the SDK retried. */
export function describeAwsError(error: unknown): string {
  const attempts = attemptsOf(error);
  const tried = attempts !== undefined && attempts > 1 ? `, tried ${attempts} times` : "";
  return `${describeOnce(error)}${tried}`;
}

function describeOnce(error: unknown): string {
  if (!(error instanceof Error)) return oneLine(String(error));
  if (error.name === "CredentialsProviderError") {
    return `no AWS credentials found (${oneLine(error.message)}); set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`;
  }
  const code = (error as { code?: unknown }).code;
  const message = oneLine(error.message);
  if (error.name === "TimeoutError" && (code === "ECONNRESET" || code === "EPIPE")) {
    // The SDK files a dropped connection under TimeoutError; nothing waited out a time.
    return `the connection was closed without an answer (${message})`;
  }
  if (error.name === "TimeoutError") {
    const ms = /(\d+) ms/.exec(message);
    if (ms !== null) {
      const waited = Number(ms[1]) >= 1000 && Number(ms[1]) % 1000 === 0 ? `${Number(ms[1]) / 1000} s` : `${ms[1]} ms`;
      return /establish a connection/.test(message) ? `no connection within ${waited}` : `no answer within ${waited}`;
    }
  }
  // The SDK could not read the answer (a body that is not the service's XML or JSON); its message then
  // points developers at a hidden field, which says nothing to a user.
  const unreadable = /^(.*?)\s*Deserialization error: to see the raw response/.exec(message);
  if (unreadable !== null) {
    const status = httpStatusOf(error);
    const reason = unreadable[1].replace(/^@aws-sdk /, "").replace(/\.$/, "");
    return `AWS's answer could not be read (${status === undefined ? "" : `HTTP ${status}, `}${reason})`;
  }
  // Answers without a body (HeadBucket's) carry only a name such as "Forbidden", and a status.
  if (message === "" || message === "UnknownError") {
    const status = httpStatusOf(error);
    return status === undefined ? error.name : `${error.name} (HTTP ${status})`;
  }
  const generic = error.name === "Error" || error.name === "" || message.startsWith(error.name);
  return generic ? message : `${error.name}: ${message}`;
}

/** On one line, and with no control character left that a terminal would act on (an answer can hold any text). */
function oneLine(text: string): string {
  return text
    .replace(/\s*\n\s*/g, " ")
    .trim()
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
