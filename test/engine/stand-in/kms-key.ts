/**
 * `aws:kms/key:Key`, after terraform-provider-aws internal/service/kms/key.go:
 * - ForceNew: `customerMasterKeySpec` (default SYMMETRIC_DEFAULT), `keyUsage` (default ENCRYPT_DECRYPT),
 *   `multiRegion`, `customKeyStoreId`, `xksKeyId`, and the per-resource `region`;
 * - updatable: `description` and `policy` (both Optional+Computed; the policy compared as a policy),
 *   `isEnabled` (default true), `enableKeyRotation` (default false), `rotationPeriodInDays`, `tags`;
 * - delete schedules the key's deletion (`deletionWindowInDays`); a key pending deletion reads as gone.
 * The id and the import ID are the key id.
 */
import {
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateKeyDescriptionCommand,
} from "@aws-sdk/client-kms";
import type { KMSClient, KeySpec, KeyUsageType } from "@aws-sdk/client-kms";
import { isNotFound, providerError } from "./aws-clients";
import type { Properties } from "./properties";
import { policiesAreEquivalent } from "./policy-equivalence";
import { optionalText, regionOf, tagsOf } from "./resource-type";
import type { Context, ResourceType } from "./resource-type";

const KIND = "KMS Key";
/** moto (like KMS's API reference) needs the policy name; "default" is the only one. */
const POLICY_NAME = "default";

export const kmsKey: ResourceType = {
  token: "aws:kms/key:Key",
  inputs: [
    { name: "customerMasterKeySpec", replaces: true, default: "SYMMETRIC_DEFAULT" },
    { name: "keyUsage", replaces: true, default: "ENCRYPT_DECRYPT" },
    { name: "multiRegion", replaces: true, computed: true },
    { name: "customKeyStoreId", replaces: true },
    { name: "xksKeyId", replaces: true },
    { name: "region", replaces: true, computed: true },
    { name: "description", computed: true },
    { name: "policy", compare: "policy", computed: true },
    { name: "isEnabled", default: true },
    { name: "enableKeyRotation", default: false },
    { name: "rotationPeriodInDays", computed: true },
    { name: "bypassPolicyLockoutSafetyCheck", default: false },
    { name: "deletionWindowInDays" },
    { name: "tags", compare: "collection" },
  ],

  async create(context, news) {
    const kms = context.aws.kms(regionOf(context, news));
    const tags = tagsOf(news);
    let keyId: string;
    try {
      const created = await kms.send(
        new CreateKeyCommand({
          Description: optionalText(news, "description"),
          Policy: optionalText(news, "policy"),
          KeySpec: news.customerMasterKeySpec as KeySpec,
          KeyUsage: news.keyUsage as KeyUsageType,
          BypassPolicyLockoutSafetyCheck: news.bypassPolicyLockoutSafetyCheck === true,
          Tags: Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
        }),
      );
      keyId = created.KeyMetadata?.KeyId ?? "";
      if (news.enableKeyRotation === true) await kms.send(new EnableKeyRotationCommand({ KeyId: keyId }));
      if (news.isEnabled === false) await kms.send(new DisableKeyCommand({ KeyId: keyId }));
    } catch (error) {
      throw providerError("creating", KIND, String(news.description ?? ""), error);
    }
    return { id: keyId, outs: await readExisting(context, keyId, news) };
  },

  async read(context, id, olds) {
    const outs = await find(context, id, olds);
    if (outs === undefined) return { id: "", outs: {}, inputs: {} };
    const inputs: Properties = {};
    for (const key of ["customerMasterKeySpec", "keyUsage", "description", "policy", "isEnabled", "enableKeyRotation", "region", "multiRegion"]) {
      inputs[key] = outs[key];
    }
    if (Object.keys(tagsOf(outs)).length > 0) inputs.tags = outs.tags;
    return { id, outs, inputs };
  },

  async update(context, id, olds, news) {
    const kms = context.aws.kms(regionOf(context, olds));
    try {
      if (news.isEnabled === true && olds.isEnabled !== true) await kms.send(new EnableKeyCommand({ KeyId: id }));
      if (news.enableKeyRotation !== olds.enableKeyRotation) {
        if (news.enableKeyRotation === true) await kms.send(new EnableKeyRotationCommand({ KeyId: id }));
        else await kms.send(new DisableKeyRotationCommand({ KeyId: id }));
      }
      const description = optionalText(news, "description");
      if (description !== undefined && description !== olds.description) {
        await kms.send(new UpdateKeyDescriptionCommand({ KeyId: id, Description: description }));
      }
      const policy = optionalText(news, "policy");
      if (policy !== undefined && !policiesAreEquivalent(String(olds.policy ?? ""), policy)) {
        await kms.send(
          new PutKeyPolicyCommand({ KeyId: id, PolicyName: POLICY_NAME, Policy: policy, BypassPolicyLockoutSafetyCheck: news.bypassPolicyLockoutSafetyCheck === true }),
        );
      }
      await updateTags(kms, id, tagsOf(olds), tagsOf(news));
      if (news.isEnabled === false && olds.isEnabled !== false) await kms.send(new DisableKeyCommand({ KeyId: id }));
    } catch (error) {
      throw providerError("updating", KIND, id, error);
    }
    return readExisting(context, id, news);
  },

  async delete(context, id, olds) {
    try {
      const days = olds.deletionWindowInDays;
      await context.aws
        .kms(regionOf(context, olds))
        .send(new ScheduleKeyDeletionCommand({ KeyId: id, ...(typeof days === "number" && { PendingWindowInDays: days }) }));
    } catch (error) {
      if (isNotFound(error)) return;
      throw providerError("deleting", KIND, id, error);
    }
  },
};

async function updateTags(kms: KMSClient, KeyId: string, olds: Record<string, string>, news: Record<string, string>): Promise<void> {
  const removed = Object.keys(olds).filter((key) => !(key in news));
  if (removed.length > 0) await kms.send(new UntagResourceCommand({ KeyId, TagKeys: removed }));
  const changed = Object.entries(news).filter(([key, value]) => olds[key] !== value);
  if (changed.length > 0) await kms.send(new TagResourceCommand({ KeyId, Tags: changed.map(([TagKey, TagValue]) => ({ TagKey, TagValue })) }));
}

async function readExisting(context: Context, keyId: string, news: Properties): Promise<Properties> {
  const outs = await find(context, keyId, news);
  if (outs === undefined) throw new Error(`reading ${KIND} (${keyId}): it does not exist right after it was written`);
  return outs;
}

async function find(context: Context, KeyId: string, previous: Properties): Promise<Properties | undefined> {
  const region = regionOf(context, previous);
  const kms = context.aws.kms(region);
  try {
    const metadata = (await kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata;
    if (metadata === undefined || metadata.KeyState === "PendingDeletion") return undefined;
    const policy = (await kms.send(new GetKeyPolicyCommand({ KeyId, PolicyName: POLICY_NAME }))).Policy ?? "";
    const rotation = await kms.send(new GetKeyRotationStatusCommand({ KeyId }));
    const tagList = (await kms.send(new ListResourceTagsCommand({ KeyId }))).Tags ?? [];
    const tags = Object.fromEntries(tagList.map((t) => [t.TagKey ?? "", t.TagValue ?? ""]));
    const kept = typeof previous.policy === "string" && policiesAreEquivalent(previous.policy, policy);
    return {
      arn: metadata.Arn,
      bypassPolicyLockoutSafetyCheck: previous.bypassPolicyLockoutSafetyCheck ?? false,
      customerMasterKeySpec: metadata.KeySpec ?? metadata.CustomerMasterKeySpec,
      ...(typeof previous.deletionWindowInDays === "number" && { deletionWindowInDays: previous.deletionWindowInDays }),
      description: metadata.Description ?? "",
      enableKeyRotation: rotation.KeyRotationEnabled === true,
      isEnabled: metadata.Enabled === true,
      keyId: metadata.KeyId,
      // KMS always returns KeyUsage (ENCRYPT_DECRYPT unless the key was created for another use); moto leaves it
      // out for a key created without one.
      keyUsage: metadata.KeyUsage ?? "ENCRYPT_DECRYPT",
      multiRegion: metadata.MultiRegion === true,
      policy: kept ? previous.policy : policy,
      region,
      ...(rotation.RotationPeriodInDays !== undefined && { rotationPeriodInDays: rotation.RotationPeriodInDays }),
      tags,
      tagsAll: tags,
    };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw providerError("reading", KIND, KeyId, error);
  }
}
