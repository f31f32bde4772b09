/**
 * `aws:s3/bucketPolicy:BucketPolicy`, after terraform-provider-aws internal/service/s3/bucket_policy.go:
 * `bucket` is ForceNew (and the per-resource `region`); `policy` is updatable (PutBucketPolicy replaces the
 * whole policy) and compared as a policy; delete is DeleteBucketPolicy. The id and import ID are the bucket name.
 */
import { DeleteBucketPolicyCommand, GetBucketPolicyCommand, PutBucketPolicyCommand } from "@aws-sdk/client-s3";
import { isNotFound, providerError } from "./aws-clients";
import type { Properties } from "./properties";
import { policiesAreEquivalent } from "./policy-equivalence";
import { regionOf, text } from "./resource-type";
import type { Context, ResourceType } from "./resource-type";

const KIND = "S3 Bucket Policy";

export const s3BucketPolicy: ResourceType = {
  token: "aws:s3/bucketPolicy:BucketPolicy",
  inputs: [
    { name: "bucket", replaces: true },
    { name: "region", replaces: true, computed: true },
    { name: "policy", compare: "policy" },
  ],

  async create(context, news) {
    const bucket = text(news, "bucket");
    await put(context, bucket, news);
    return { id: bucket, outs: { bucket, policy: news.policy, region: regionOf(context, news) } };
  },

  async read(context, id, olds) {
    const region = regionOf(context, olds);
    let policy: string;
    try {
      policy = (await context.aws.s3(region).send(new GetBucketPolicyCommand({ Bucket: id }))).Policy ?? "";
    } catch (error) {
      if (isNotFound(error)) return { id: "", outs: {}, inputs: {} };
      throw providerError("reading", KIND, id, error);
    }
    const kept = typeof olds.policy === "string" && policiesAreEquivalent(olds.policy, policy);
    const outs: Properties = { bucket: id, policy: kept ? olds.policy : policy, region };
    return { id, outs, inputs: outs };
  },

  async update(context, id, olds, news) {
    await put(context, id, { ...news, region: regionOf(context, olds) });
    return { bucket: id, policy: news.policy, region: regionOf(context, olds) };
  },

  async delete(context, id, olds) {
    try {
      await context.aws.s3(regionOf(context, olds)).send(new DeleteBucketPolicyCommand({ Bucket: id }));
    } catch (error) {
      if (isNotFound(error)) return;
      throw providerError("deleting", KIND, id, error);
    }
  },
};

async function put(context: Context, Bucket: string, news: Properties): Promise<void> {
  try {
    await context.aws.s3(regionOf(context, news)).send(new PutBucketPolicyCommand({ Bucket, Policy: text(news, "policy") }));
  } catch (error) {
    throw providerError("putting", KIND, Bucket, error);
  }
}
