/**
 * How `iam-syncr up` asks the program for the first pass over a cycle of accounts (docs/run-all.md): an
 * environment variable of that run's Pulumi processes, never a stack setting, so that nothing of a first pass
 * outlives its run (an interrupted `iam-syncr up` leaves no stack set to deploy less than its YAML).
 */

/** A JSON list of the ARNs of roles that do not exist yet; unset or empty for every other run. */
export const FIRST_PASS_VARIABLE = "IAM_SYNCR_FIRST_PASS_PENDING_ROLES";

/** The pending roles in `environment`: a list, undefined for a normal run, or a one-line error. */
export function firstPassPendingRoles(environment: NodeJS.ProcessEnv): { roles: string[] | undefined } | { error: string } {
  const text = environment[FIRST_PASS_VARIABLE];
  if (text === undefined || text === "") return { roles: undefined };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (!Array.isArray(value) || !value.every((arn) => typeof arn === "string" && /^arn:[^:]+:iam::\d{12}:role\//.test(arn))) {
    return { error: `${FIRST_PASS_VARIABLE} must be a JSON list of role ARNs (iam-syncr up sets it); found ${JSON.stringify(text)}` };
  }
  return { roles: value as string[] };
}
