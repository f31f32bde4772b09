/**
 * `aws:iam/rolePolicyAttachment:RolePolicyAttachment`, after terraform-provider-aws
 * internal/service/iam/role_policy_attachment.go: `role` and `policyArn` are ForceNew (no update). A created
 * attachment gets the id `<role>-<unique suffix>` (`id.PrefixedUniqueId`, "legacy unstable ID"); an imported
 * one (import ID `<role>/<policy ARN>`) gets `<role>-<policy ARN>`. So the id of an attachment the stack
 * created never equals the id an import would give it.
 */
import { AttachRolePolicyCommand, DetachRolePolicyCommand, paginateListAttachedRolePolicies } from "@aws-sdk/client-iam";
import type { IAMClient } from "@aws-sdk/client-iam";
import { ignoringNotFound, isNotFound, providerError } from "./aws-clients";
import { text } from "./resource-type";
import type { ResourceType } from "./resource-type";

const KIND = "IAM Role Policy Attachment";
let counter = 0;

export const iamRolePolicyAttachment: ResourceType = {
  token: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  inputs: [
    { name: "role", replaces: true },
    { name: "policyArn", replaces: true },
  ],

  async create({ aws }, news) {
    const role = text(news, "role");
    const policyArn = text(news, "policyArn");
    try {
      await aws.iam().send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: policyArn }));
    } catch (error) {
      throw providerError("attaching policy to", "IAM Role", `${role}, policy ${policyArn}`, error);
    }
    return { id: uniqueId(`${role}-`), outs: { role, policyArn } };
  },

  async read({ aws }, id, olds) {
    let role = olds.role as string | undefined;
    let policyArn = olds.policyArn as string | undefined;
    let stateId = id;
    if (role === undefined || policyArn === undefined) {
      const separator = id.indexOf("/");
      if (separator <= 0) throw new Error(`unexpected format of ID (${id}), expected <role-name>/<policy_arn>`);
      role = id.slice(0, separator);
      policyArn = id.slice(separator + 1);
      stateId = `${role}-${policyArn}`;
    }
    let attached: boolean;
    try {
      attached = (await attachedPolicies(aws.iam(), role)).includes(policyArn);
    } catch (error) {
      if (isNotFound(error)) return { id: "", outs: {}, inputs: {} };
      throw providerError("reading", KIND, `${role}:${policyArn}`, error);
    }
    if (!attached) return { id: "", outs: {}, inputs: {} };
    return { id: stateId, outs: { role, policyArn }, inputs: { role, policyArn } };
  },

  async update() {
    throw new Error(`${KIND} has no updatable input; every change replaces it`);
  },

  async delete({ aws }, _id, olds) {
    const role = text(olds, "role");
    const policyArn = text(olds, "policyArn");
    try {
      await ignoringNotFound(aws.iam().send(new DetachRolePolicyCommand({ RoleName: role, PolicyArn: policyArn })));
    } catch (error) {
      throw providerError("removing policy from", "IAM Role", `${role}, policy ${policyArn}`, error);
    }
  },
};

export async function attachedPolicies(iam: IAMClient, RoleName: string): Promise<string[]> {
  const arns: string[] = [];
  for await (const page of paginateListAttachedRolePolicies({ client: iam }, { RoleName })) {
    for (const policy of page.AttachedPolicies ?? []) arns.push(policy.PolicyArn ?? "");
  }
  return arns;
}

/** terraform-plugin-sdk `id.PrefixedUniqueId`: the prefix, a UTC timestamp and a counter. */
function uniqueId(prefix: string): string {
  const stamp = new Date().toISOString().replace(/[-:.TZ]/g, "");
  counter += 1;
  return `${prefix}${stamp}${String(counter).padStart(8, "0")}`;
}
