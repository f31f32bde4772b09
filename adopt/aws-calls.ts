/**
 * One AWS call of a lookup, with its failures made readable: the service's own "no such thing" error becomes
 * `null`, any other failure an `AwsLookupError` whose message is one sentence naming what was looked up and the
 * AWS operation (the command prints it as it is, never a stack trace). An answer that lacks what the API always
 * sends (an empty 200, say) is a failure too, never "no such thing": readers check it with `answered`.
 */
import { DEPLOY_ROLE_ERROR } from "../aws/assume-role";
import { describeAwsError } from "../aws/errors";

export { describeAwsError, httpStatusOf } from "../aws/errors";

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

/**
 * `value`, a field of an answer that every answer of the operation has; without it the answer is broken (an
 * empty or cut-off body) and the lookup fails, naming the field. Use it inside `send`, so the message names
 * the call.
 */
export function answered<T>(field: string, value: T | undefined | null): T {
  if (value === undefined || value === null) throw new Error(`the answer lacks ${field}, which AWS always sends`);
  return value;
}

export function lookupError(call: Pick<Call<unknown>, "what" | "operation">, error: unknown): AwsLookupError {
  if (error instanceof AwsLookupError) return error;
  // The deploy role could not be assumed: no lookup was made, and the message names the role and STS AssumeRole.
  if (errorName(error) === DEPLOY_ROLE_ERROR) return new AwsLookupError((error as Error).message);
  return new AwsLookupError(`could not look up ${call.what} (${call.operation}): ${describeAwsError(error)}`);
}

export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : "";
}
