/**
 * `aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive`, after terraform-provider-aws
 * internal/service/iam/role_policy_attachments_exclusive.go (a framework resource, like the policies one):
 * `roleName` RequiresReplace, `policyArns` is a set; create and update attach what is listed and detach what is
 * not; delete does nothing; read lists the attached policies. The id is the role name, also the import ID.
 */
import { AttachRolePolicyCommand, DetachRolePolicyCommand } from "@aws-sdk/client-iam";
import type { IAMClient } from "@aws-sdk/client-iam";
import { isNotFound, providerError } from "./aws-clients";
import { attachedPolicies } from "./iam-role-policy-attachment";
import type { Properties } from "./properties";
import { strings, text } from "./resource-type";
import type { ResourceType } from "./resource-type";

const KIND = "IAM Role Policy Attachments Exclusive";

export const iamRolePolicyAttachmentsExclusive: ResourceType = {
  token: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
  inputs: [
    { name: "roleName", replaces: true },
    { name: "policyArns", compare: "set" },
  ],

  async create({ aws }, news) {
    const roleName = text(news, "roleName");
    await sync(aws.iam(), roleName, strings(news, "policyArns"), "creating");
    return { id: roleName, outs: { roleName, policyArns: strings(news, "policyArns") } };
  },

  async read({ aws }, id) {
    let policyArns: string[];
    try {
      policyArns = await attachedPolicies(aws.iam(), id);
    } catch (error) {
      if (isNotFound(error)) return { id: "", outs: {}, inputs: {} };
      throw providerError("reading", KIND, id, error);
    }
    const outs: Properties = { roleName: id, policyArns };
    return { id, outs, inputs: outs };
  },

  async update({ aws }, id, olds, news) {
    await sync(aws.iam(), id, strings(news, "policyArns"), "updating");
    return { ...olds, roleName: id, policyArns: strings(news, "policyArns") };
  },

  async delete() {
    // Deliberately nothing, as the real resource: leaving the stack never detaches a policy.
  },
};

async function sync(iam: IAMClient, RoleName: string, wanted: string[], action: string): Promise<void> {
  try {
    const present = await attachedPolicies(iam, RoleName);
    for (const PolicyArn of wanted.filter((arn) => !present.includes(arn))) {
      await iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn }));
    }
    for (const PolicyArn of present.filter((arn) => !wanted.includes(arn))) {
      await iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn }));
    }
  } catch (error) {
    throw providerError(action, KIND, RoleName, error);
  }
}
