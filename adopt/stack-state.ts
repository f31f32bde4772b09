/**
 * What a stack already holds, from the output of `pulumi stack export` (the stack's state, format version 3:
 * `{"version": 3, "deployment": {"resources": [{"urn": …, "type": …, "id": …}, …]}}`). import-plan leaves out of
 * the import file every resource the stack already records: `pulumi import` refuses a resource whose URN is in the
 * stack under another id (a managed-policy attachment the stack created has a generated id, never the one an
 * import would give it), and a recorded resource needs no import anyway.
 */

export class StackStateError extends Error {}

/** The URNs of the resources recorded in an exported state; `file` names it in messages. */
export function stackUrnsOf(text: string, file: string): ReadonlySet<string> {
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch (error) {
    throw new StackStateError(`${file} is not JSON (${error instanceof Error ? error.message : String(error)}); give the output of pulumi stack export`);
  }
  const resources = (state as { deployment?: { resources?: unknown } } | null)?.deployment?.resources;
  if (resources === undefined) return new Set();
  if (!Array.isArray(resources) || resources.some((r) => typeof (r as { urn?: unknown })?.urn !== "string")) {
    throw new StackStateError(`${file} is not the output of pulumi stack export: deployment.resources must be a list of resources with a urn`);
  }
  return new Set(resources.map((r) => (r as { urn: string }).urn));
}
