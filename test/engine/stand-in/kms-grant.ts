/**
 * `aws:kms/grant:Grant`, after terraform-provider-aws internal/service/kms/grant.go:
 * - every input is ForceNew (a grant cannot be changed): `keyId`, `granteePrincipal`, `operations` (a set),
 *   `constraints`, `grantCreationTokens` (a set), `name`, `retiringPrincipal`, `retireOnDelete` (default false),
 *   and the per-resource `region`;
 * - the id is `<key id>:<grant id>`, which is also the import ID; read never sets `retireOnDelete` or
 *   `grantCreationTokens` (AWS does not keep them), so an import records neither;
 * - delete retires the grant (RetireGrant) when the state says `retireOnDelete`, and revokes it (RevokeGrant)
 *   otherwise; a grant that is already gone is success.
 */
import { CreateGrantCommand, paginateListGrants, RetireGrantCommand, RevokeGrantCommand } from "@aws-sdk/client-kms";
import type { GrantListEntry, GrantOperation } from "@aws-sdk/client-kms";
import { isNotFound, providerError } from "./aws-clients";
import type { Properties } from "./properties";
import { optionalText, regionOf, strings, text } from "./resource-type";
import type { Context, ResourceType } from "./resource-type";

const KIND = "KMS Grant";

export const kmsGrant: ResourceType = {
  token: "aws:kms/grant:Grant",
  inputs: [
    { name: "keyId", replaces: true },
    { name: "granteePrincipal", replaces: true },
    { name: "operations", replaces: true, compare: "set" },
    { name: "constraints", replaces: true, compare: "collection" },
    { name: "grantCreationTokens", replaces: true, compare: "set" },
    { name: "name", replaces: true },
    { name: "retiringPrincipal", replaces: true },
    { name: "retireOnDelete", replaces: true, default: false },
    { name: "region", replaces: true, computed: true },
  ],

  async create(context, news) {
    const keyId = text(news, "keyId");
    const constraint = (Array.isArray(news.constraints) ? news.constraints[0] : undefined) as Properties | undefined;
    let grantId: string;
    let grantToken: string | undefined;
    try {
      const created = await context.aws.kms(regionOf(context, news)).send(
        new CreateGrantCommand({
          KeyId: keyId,
          GranteePrincipal: text(news, "granteePrincipal"),
          RetiringPrincipal: optionalText(news, "retiringPrincipal"),
          Operations: strings(news, "operations") as GrantOperation[],
          Name: optionalText(news, "name"),
          GrantTokens: strings(news, "grantCreationTokens").length > 0 ? strings(news, "grantCreationTokens") : undefined,
          ...(constraint !== undefined && {
            Constraints: {
              EncryptionContextEquals: constraint.encryptionContextEquals as Record<string, string> | undefined,
              EncryptionContextSubset: constraint.encryptionContextSubset as Record<string, string> | undefined,
            },
          }),
        }),
      );
      grantId = created.GrantId ?? "";
      grantToken = created.GrantToken;
    } catch (error) {
      throw providerError("creating", KIND, `for Key ${keyId}`, error);
    }
    const id = `${keyId}:${grantId}`;
    const found = await find(context, id, news);
    if (found === undefined) throw new Error(`reading ${KIND} (${id}): it does not exist right after it was created`);
    return {
      id,
      outs: {
        ...found,
        ...(news.grantCreationTokens !== undefined && { grantCreationTokens: news.grantCreationTokens }),
        grantToken,
        retireOnDelete: news.retireOnDelete === true,
      },
    };
  },

  async read(context, id, olds) {
    const found = await find(context, id, olds);
    if (found === undefined) return { id: "", outs: {}, inputs: {} };
    const outs: Properties = {
      ...found,
      retireOnDelete: olds.retireOnDelete ?? false,
      ...(olds.grantCreationTokens !== undefined && { grantCreationTokens: olds.grantCreationTokens }),
      ...(olds.grantToken !== undefined && { grantToken: olds.grantToken }),
    };
    const inputs: Properties = {};
    for (const key of ["keyId", "granteePrincipal", "operations", "constraints", "name", "retiringPrincipal", "retireOnDelete", "region"]) {
      if (outs[key] !== undefined) inputs[key] = outs[key];
    }
    return { id, outs, inputs };
  },

  async update() {
    throw new Error(`${KIND} has no updatable input; every change replaces it`);
  },

  async delete(context, id, olds) {
    const [KeyId, GrantId] = split(id);
    const kms = context.aws.kms(regionOf(context, olds));
    try {
      if (olds.retireOnDelete === true) await kms.send(new RetireGrantCommand({ KeyId, GrantId }));
      else await kms.send(new RevokeGrantCommand({ KeyId, GrantId }));
    } catch (error) {
      if (isNotFound(error)) return;
      throw providerError("deleting", KIND, id, error);
    }
  },
};

async function find(context: Context, id: string, previous: Properties): Promise<Properties | undefined> {
  const [KeyId, GrantId] = split(id);
  const region = regionOf(context, previous);
  let grant: GrantListEntry | undefined;
  try {
    for await (const page of paginateListGrants({ client: context.aws.kms(region) }, { KeyId })) {
      grant = (page.Grants ?? []).find((g) => g.GrantId === GrantId);
      if (grant !== undefined) break;
    }
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw providerError("reading", KIND, id, error);
  }
  if (grant === undefined) return undefined;
  const constraints = grant.Constraints;
  const hasConstraints = constraints?.EncryptionContextEquals !== undefined || constraints?.EncryptionContextSubset !== undefined;
  return {
    ...(hasConstraints && {
      constraints: [
        {
          ...(constraints?.EncryptionContextEquals !== undefined && { encryptionContextEquals: constraints.EncryptionContextEquals }),
          ...(constraints?.EncryptionContextSubset !== undefined && { encryptionContextSubset: constraints.EncryptionContextSubset }),
        },
      ],
    }),
    grantId: GrantId,
    granteePrincipal: grant.GranteePrincipal,
    keyId: KeyId,
    ...(grant.Name !== undefined && grant.Name !== "" && { name: grant.Name }),
    operations: grant.Operations ?? [],
    region,
    ...(grant.RetiringPrincipal !== undefined && grant.RetiringPrincipal !== "" && { retiringPrincipal: grant.RetiringPrincipal }),
  };
}

function split(id: string): [string, string] {
  const separator = id.lastIndexOf(":");
  if (separator <= 0) throw new Error(`unexpected format of ID (${id}), expected KeyID:GrantID`);
  return [id.slice(0, separator), id.slice(separator + 1)];
}
