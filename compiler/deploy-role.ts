/**
 * `deploy_role` in accounts.yaml (an extension of DIALECT.md 1.5, documented in docs/credentials.md): the role
 * that iam-syncr assumes in an account before it reads or changes anything there, so that one central identity
 * (a CI role, say) can deploy every account.
 *
 * A value is either a role name, which means the role of that name in the account itself
 * (`ops/deployer` in account 012345678901 is `arn:aws:iam::012345678901:role/ops/deployer`), or the role's ARN,
 * which must be a role of the same account: credentials of another account's role would make every provider
 * act there (the account guard would then refuse them, but only once the run has started).
 */
import type { Diagnostics, Site } from "./diagnostics";
import { Messages } from "./messages";
import { hasMisplacedSlash, leafOf, pathOf, roleLeafProblem, rolePathProblem } from "./names";
import { describeValue, quote } from "./values";

/** What `deploy_role` says before it is applied to an account: a role name, or a role ARN of one account. */
export type DeployRole =
  | { readonly kind: "name"; readonly name: string }
  | { readonly kind: "arn"; readonly arn: string; readonly accountId: string }
  /** `deploy_role: null` in an account's entry: no role, even when `_defaults` gives one. */
  | { readonly kind: "none" };

/** The partition is always `aws` (DIALECT.md 0.3); the rest is a role's path and name. */
const ROLE_ARN = /^arn:aws:iam::([0-9]{12}):role\/(.+)$/;

const SHAPE = "give a role name (such as iam-syncr-deployer or ops/deployer) or a role ARN (arn:aws:iam::<account id>:role/<name>)";

/**
 * Reads a written `deploy_role` (of an account entry or of `_defaults`); undefined after an error. Null means
 * "none" (the caller decides whether that is allowed).
 */
export function readDeployRole(written: unknown, site: Site, diagnostics: Diagnostics): DeployRole | undefined {
  if (written === null) return { kind: "none" };
  if (typeof written !== "string") {
    diagnostics.report(Messages.wrongType, { expected: "a role name or a role ARN", found: describeValue(written) }, site);
    return undefined;
  }
  const problem = (text: string) => {
    diagnostics.report(Messages.deployRoleInvalid, { value: quote(written), problem: text }, site);
    return undefined;
  };
  if (written === "") return problem(`is empty; ${SHAPE}`);
  if (written.startsWith("arn:")) {
    const match = ROLE_ARN.exec(written);
    if (match === null) return problem("is not a role ARN: a role ARN is arn:aws:iam::<12-digit account id>:role/<name>");
    const nameProblem = roleNameProblem(match[2]);
    if (nameProblem !== undefined) return problem(nameProblem);
    return { kind: "arn", arn: written, accountId: match[1] };
  }
  const nameProblem = roleNameProblem(written);
  if (nameProblem !== undefined) return problem(`${nameProblem}; ${SHAPE}`);
  return { kind: "name", name: written };
}

/**
 * The role's ARN in the account: null when there is none; undefined after an error (reported at `site`): an ARN
 * of another account, whose credentials would act in that other account.
 */
export function deployRoleArnFor(role: DeployRole, account: { name: string; id: string }, site: Site, diagnostics: Diagnostics): string | null | undefined {
  switch (role.kind) {
    case "none":
      return null;
    case "name":
      return `arn:aws:iam::${account.id}:role/${role.name}`;
    case "arn":
      if (role.accountId === account.id) return role.arn;
      diagnostics.report(Messages.deployRoleOtherAccount, { arn: role.arn, other: role.accountId, name: account.name, id: account.id }, site);
      return undefined;
  }
}

/**
 * A role written as in the dialect's role names (DIALECT.md 4.2): an optional path, then the IAM RoleName
 * (`ops/deployer` is the role `deployer` with path `/ops/`).
 */
function roleNameProblem(fullName: string): string | undefined {
  if (hasMisplacedSlash(fullName)) return 'must not start or end with "/" or contain "//"';
  const leaf = leafOf(fullName);
  const leafProblem = roleLeafProblem(leaf);
  if (leafProblem !== undefined) {
    return `has the role name "${leaf}", which ${leafProblem}: IAM role names are 1 to 64 characters of A-Z a-z 0-9 + = , . @ _ -`;
  }
  const pathProblem = rolePathProblem(pathOf(fullName));
  if (pathProblem !== undefined) return `has the path "${pathOf(fullName)}", which ${pathProblem}`;
  return undefined;
}
