/**
 * `aws:iam/rolePoliciesExclusive:RolePoliciesExclusive`, after terraform-provider-aws
 * internal/service/iam/role_policies_exclusive.go (a framework resource):
 * - `roleName` RequiresReplace; `policyNames` is a set;
 * - create and update delete every inline policy of the role that is not listed (the real one also calls
 *   PutRolePolicy without a document for a listed name the role lacks, which AWS rejects; the stand-in fails
 *   with that reason instead of sending the call);
 * - delete does nothing (`WithNoOpDelete`); read lists the role's inline policies.
 * The id is the role name, which is also the import ID.
 */
import { DeleteRolePolicyCommand, paginateListRolePolicies } from "@aws-sdk/client-iam";
import type { IAMClient } from "@aws-sdk/client-iam";
import { isNotFound, providerError } from "./aws-clients";
import type { Properties } from "./properties";
import { strings, text } from "./resource-type";
import type { ResourceType } from "./resource-type";

const KIND = "IAM Role Policies Exclusive";

export const iamRolePoliciesExclusive: ResourceType = {
  token: "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive",
  inputs: [
    { name: "roleName", replaces: true },
    { name: "policyNames", compare: "set" },
  ],

  async create({ aws }, news) {
    const roleName = text(news, "roleName");
    await sync(aws.iam(), roleName, strings(news, "policyNames"), "creating");
    return { id: roleName, outs: { roleName, policyNames: strings(news, "policyNames") } };
  },

  async read({ aws }, id) {
    let policyNames: string[];
    try {
      policyNames = await listPolicies(aws.iam(), id);
    } catch (error) {
      if (isNotFound(error)) return { id: "", outs: {}, inputs: {} };
      throw providerError("reading", KIND, id, error);
    }
    const outs: Properties = { roleName: id, policyNames };
    return { id, outs, inputs: outs };
  },

  async update({ aws }, id, olds, news) {
    await sync(aws.iam(), id, strings(news, "policyNames"), "updating");
    return { ...olds, roleName: id, policyNames: strings(news, "policyNames") };
  },

  async delete() {
    // Deliberately nothing, as the real resource: leaving the stack never deletes a policy.
  },
};

async function sync(iam: IAMClient, RoleName: string, wanted: string[], action: string): Promise<void> {
  try {
    const present = await listPolicies(iam, RoleName);
    const missing = wanted.filter((name) => !present.includes(name));
    if (missing.length > 0) {
      throw new Error(`ValidationError: PutRolePolicy of ${missing.join(", ")} without a policy document`);
    }
    for (const PolicyName of present.filter((name) => !wanted.includes(name))) {
      await iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName }));
    }
  } catch (error) {
    throw providerError(action, KIND, RoleName, error);
  }
}

async function listPolicies(iam: IAMClient, RoleName: string): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListRolePolicies({ client: iam }, { RoleName })) names.push(...(page.PolicyNames ?? []));
  return names;
}
