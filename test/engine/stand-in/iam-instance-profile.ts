/**
 * `aws:iam/instanceProfile:InstanceProfile`, after terraform-provider-aws internal/service/iam/instance_profile.go:
 * - `name` and `path` are ForceNew; `role` is updatable (RemoveRoleFromInstanceProfile of the old role, then
 *   AddRoleToInstanceProfile of the new one);
 * - the state's `role` is the profile's first role as IAM lists it, empty when it holds none;
 * - delete removes the role the state names, then deletes the profile.
 * The profile's role is compared by value, so a role that was deleted and created again under the same name is
 * no change to the profile: the engine does not touch it (defect 1 of issue 9).
 */
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  DeleteInstanceProfileCommand,
  GetInstanceProfileCommand,
} from "@aws-sdk/client-iam";
import type { IAMClient } from "@aws-sdk/client-iam";
import { isNotFound, providerError } from "./aws-clients";
import { removeRoleFromProfile } from "./iam-role";
import type { Properties } from "./properties";
import { optionalText, tagList, tagsOf, text } from "./resource-type";
import type { ResourceType } from "./resource-type";

const KIND = "IAM Instance Profile";

export const iamInstanceProfile: ResourceType = {
  token: "aws:iam/instanceProfile:InstanceProfile",
  inputs: [
    { name: "name", replaces: true, computed: true },
    { name: "path", replaces: true, default: "/" },
    { name: "role" },
    { name: "tags", compare: "collection" },
  ],

  async create({ aws }, news) {
    const name = text(news, "name");
    const iam = aws.iam();
    const tags = tagsOf(news);
    try {
      await iam.send(
        new CreateInstanceProfileCommand({
          InstanceProfileName: name,
          Path: text(news, "path"),
          Tags: Object.keys(tags).length > 0 ? tagList(tags) : undefined,
        }),
      );
    } catch (error) {
      throw providerError("creating", KIND, name, error);
    }
    const role = optionalText(news, "role");
    if (role !== undefined) await addRole(iam, name, role);
    return { id: name, outs: await readExisting(iam, name) };
  },

  async read({ aws }, id) {
    const outs = await findProfile(aws.iam(), id);
    if (outs === undefined) return { id: "", outs: {}, inputs: {} };
    const inputs: Properties = { name: outs.name, path: outs.path, ...(outs.role !== undefined && { role: outs.role }) };
    return { id, outs, inputs };
  },

  async update({ aws }, id, olds, news) {
    const iam = aws.iam();
    const before = optionalText(olds, "role");
    const after = optionalText(news, "role");
    if (before !== after) {
      try {
        if (before !== undefined) await removeRoleFromProfile(iam, id, before);
      } catch (error) {
        throw new Error(`removing IAM Role (${before}) from ${KIND} (${id}): ${String(error)}`);
      }
      if (after !== undefined) await addRole(iam, id, after);
    }
    return readExisting(iam, id);
  },

  async delete({ aws }, id, olds) {
    const iam = aws.iam();
    try {
      const role = optionalText(olds, "role");
      if (role !== undefined) await removeRoleFromProfile(iam, id, role);
      await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: id }));
    } catch (error) {
      if (isNotFound(error)) return;
      throw providerError("deleting", KIND, id, error);
    }
  },
};

async function addRole(iam: IAMClient, InstanceProfileName: string, RoleName: string): Promise<void> {
  try {
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName, RoleName }));
  } catch (error) {
    throw providerError("adding IAM Role to", KIND, `${InstanceProfileName}, role ${RoleName}`, error);
  }
}

async function readExisting(iam: IAMClient, name: string): Promise<Properties> {
  const outs = await findProfile(iam, name);
  if (outs === undefined) throw new Error(`reading ${KIND} (${name}): it does not exist right after it was written`);
  return outs;
}

async function findProfile(iam: IAMClient, InstanceProfileName: string): Promise<Properties | undefined> {
  let profile;
  try {
    profile = (await iam.send(new GetInstanceProfileCommand({ InstanceProfileName }))).InstanceProfile;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw providerError("reading", KIND, InstanceProfileName, error);
  }
  const tags = Object.fromEntries((profile?.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
  const role = profile?.Roles?.[0]?.RoleName;
  return {
    arn: profile?.Arn,
    createDate: profile?.CreateDate?.toISOString(),
    name: profile?.InstanceProfileName,
    path: profile?.Path,
    ...(role !== undefined && { role }),
    tags,
    tagsAll: tags,
    uniqueId: profile?.InstanceProfileId,
  };
}
