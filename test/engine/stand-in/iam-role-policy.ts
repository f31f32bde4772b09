/**
 * `aws:iam/rolePolicy:RolePolicy`, after terraform-provider-aws internal/service/iam/role_policy.go:
 * `name` and `role` are ForceNew, `policy` is updatable (PutRolePolicy overwrites) and compared as a policy.
 * The id is `<role>:<name>`, which is also the import ID.
 */
import { DeleteRolePolicyCommand, GetRolePolicyCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import type { IAMClient } from "@aws-sdk/client-iam";
import { ignoringNotFound, isNotFound, providerError } from "./aws-clients";
import type { Properties } from "./properties";
import { policiesAreEquivalent } from "./policy-equivalence";
import { decodeDocument, text } from "./resource-type";
import type { ResourceType } from "./resource-type";

const KIND = "IAM Role Policy";

export const iamRolePolicy: ResourceType = {
  token: "aws:iam/rolePolicy:RolePolicy",
  inputs: [
    { name: "name", replaces: true, computed: true },
    { name: "role", replaces: true },
    { name: "policy", compare: "policy" },
  ],

  async create({ aws }, news) {
    const id = `${text(news, "role")}:${text(news, "name")}`;
    await put(aws.iam(), id, news);
    return { id, outs: await readExisting(aws.iam(), id, news) };
  },

  async read({ aws }, id, olds) {
    const outs = await find(aws.iam(), id, olds);
    if (outs === undefined) return { id: "", outs: {}, inputs: {} };
    return { id, outs, inputs: { name: outs.name, role: outs.role, policy: outs.policy } };
  },

  async update({ aws }, id, _olds, news) {
    await put(aws.iam(), id, news);
    return readExisting(aws.iam(), id, news);
  },

  async delete({ aws }, id) {
    const [RoleName, PolicyName] = split(id);
    try {
      await ignoringNotFound(aws.iam().send(new DeleteRolePolicyCommand({ RoleName, PolicyName })));
    } catch (error) {
      throw providerError("deleting", KIND, id, error);
    }
  },
};

async function put(iam: IAMClient, id: string, news: Properties): Promise<void> {
  try {
    await iam.send(new PutRolePolicyCommand({ RoleName: text(news, "role"), PolicyName: text(news, "name"), PolicyDocument: text(news, "policy") }));
  } catch (error) {
    throw providerError("putting", KIND, id, error);
  }
}

async function readExisting(iam: IAMClient, id: string, news: Properties): Promise<Properties> {
  const outs = await find(iam, id, news);
  if (outs === undefined) throw new Error(`reading ${KIND} (${id}): it does not exist right after it was written`);
  return outs;
}

async function find(iam: IAMClient, id: string, previous: Properties): Promise<Properties | undefined> {
  const [RoleName, PolicyName] = split(id);
  try {
    const found = await iam.send(new GetRolePolicyCommand({ RoleName, PolicyName }));
    const policy = decodeDocument(found.PolicyDocument);
    const kept = typeof previous.policy === "string" && policiesAreEquivalent(previous.policy, policy);
    return { name: PolicyName, role: RoleName, policy: kept ? previous.policy : policy };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw providerError("reading", KIND, id, error);
  }
}

function split(id: string): [string, string] {
  const separator = id.indexOf(":");
  if (separator <= 0) throw new Error(`unexpected format of ID (${id}), expected ROLE-NAME:POLICY-NAME`);
  return [id.slice(0, separator), id.slice(separator + 1)];
}
