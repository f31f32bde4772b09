/**
 * `aws:kms/alias:Alias`, after terraform-provider-aws internal/service/kms/alias.go: `name` is ForceNew (and the
 * per-resource `region`); `targetKeyId` is updatable (UpdateAlias), a key id and its ARN being the same key
 * (`suppressEquivalentKeyARNOrID`). The id and the import ID are the alias name.
 */
import { CreateAliasCommand, DeleteAliasCommand, paginateListAliases, UpdateAliasCommand } from "@aws-sdk/client-kms";
import { isNotFound, providerError } from "./aws-clients";
import type { Properties } from "./properties";
import { regionOf, text } from "./resource-type";
import type { Context, ResourceType } from "./resource-type";

const KIND = "KMS Alias";

export const kmsAlias: ResourceType = {
  token: "aws:kms/alias:Alias",
  inputs: [
    { name: "name", replaces: true, computed: true },
    { name: "region", replaces: true, computed: true },
    { name: "targetKeyId" },
  ],

  async create(context, news) {
    const name = text(news, "name");
    try {
      await context.aws.kms(regionOf(context, news)).send(new CreateAliasCommand({ AliasName: name, TargetKeyId: text(news, "targetKeyId") }));
    } catch (error) {
      throw providerError("creating", KIND, name, error);
    }
    return { id: name, outs: await readExisting(context, name, news) };
  },

  async read(context, id, olds) {
    const outs = await find(context, id, olds);
    if (outs === undefined) return { id: "", outs: {}, inputs: {} };
    return { id, outs, inputs: { name: outs.name, targetKeyId: outs.targetKeyId, region: outs.region } };
  },

  async update(context, id, olds, news) {
    try {
      await context.aws.kms(regionOf(context, olds)).send(new UpdateAliasCommand({ AliasName: id, TargetKeyId: text(news, "targetKeyId") }));
    } catch (error) {
      throw providerError("updating", KIND, id, error);
    }
    return readExisting(context, id, olds);
  },

  async delete(context, id, olds) {
    try {
      await context.aws.kms(regionOf(context, olds)).send(new DeleteAliasCommand({ AliasName: id }));
    } catch (error) {
      if (isNotFound(error)) return;
      throw providerError("deleting", KIND, id, error);
    }
  },
};

async function readExisting(context: Context, name: string, previous: Properties): Promise<Properties> {
  const outs = await find(context, name, previous);
  if (outs === undefined) throw new Error(`reading ${KIND} (${name}): it does not exist right after it was written`);
  return outs;
}

async function find(context: Context, name: string, previous: Properties): Promise<Properties | undefined> {
  const region = regionOf(context, previous);
  try {
    for await (const page of paginateListAliases({ client: context.aws.kms(region) }, {})) {
      const alias = (page.Aliases ?? []).find((a) => a.AliasName === name);
      if (alias === undefined) continue;
      const targetKeyArn = alias.AliasArn?.replace(/:alias\/.*$/, `:key/${alias.TargetKeyId}`);
      return { arn: alias.AliasArn, name, region, targetKeyArn, targetKeyId: alias.TargetKeyId };
    }
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw providerError("reading", KIND, name, error);
  }
  return undefined;
}
