/**
 * `aws:s3/bucket:Bucket`, after terraform-provider-aws internal/service/s3/bucket.go: `bucket` is ForceNew, and
 * so is the per-resource `region` of provider v6/pulumi-aws v7 (a bucket cannot move); `tags` are updatable;
 * `forceDestroy` (default false) only changes the state. Create is CreateBucket in the bucket's region, so a
 * bucket that already exists fails with S3's answer (BucketAlreadyOwnedByYou outside us-east-1). The id and the
 * import ID are the bucket name.
 */
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketTaggingCommand,
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  HeadBucketCommand,
  PutBucketTaggingCommand,
} from "@aws-sdk/client-s3";
import type { BucketLocationConstraint, S3Client } from "@aws-sdk/client-s3";
import { awsErrorCode, isNotFound, providerError } from "./aws-clients";
import type { Properties } from "./properties";
import { regionOf, tagList, tagsOf, text } from "./resource-type";
import type { Context, ResourceType } from "./resource-type";

const KIND = "S3 Bucket";

export const s3Bucket: ResourceType = {
  token: "aws:s3/bucket:Bucket",
  inputs: [
    { name: "bucket", replaces: true, computed: true },
    { name: "region", replaces: true, computed: true },
    { name: "tags", compare: "collection" },
    { name: "forceDestroy", default: false },
  ],

  async create(context, news) {
    const bucket = text(news, "bucket");
    const region = regionOf(context, news);
    const s3 = context.aws.s3(region);
    try {
      await s3.send(
        new CreateBucketCommand({
          Bucket: bucket,
          ...(region !== "us-east-1" && { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
        }),
      );
      await putTags(s3, bucket, tagsOf(news));
    } catch (error) {
      throw providerError("creating", KIND, bucket, error);
    }
    return { id: bucket, outs: outputs(bucket, region, tagsOf(news), news.forceDestroy === true) };
  },

  async read(context, id, olds) {
    const found = await find(context, id, olds);
    if (found === undefined) return { id: "", outs: {}, inputs: {} };
    const inputs: Properties = { bucket: id, region: found.region, forceDestroy: found.forceDestroy };
    if (Object.keys(tagsOf(found)).length > 0) inputs.tags = found.tags;
    return { id, outs: found, inputs };
  },

  async update(context, id, olds, news) {
    const region = regionOf(context, olds);
    try {
      await putTags(context.aws.s3(region), id, tagsOf(news));
    } catch (error) {
      throw providerError("updating", KIND, id, error);
    }
    return outputs(id, region, tagsOf(news), news.forceDestroy === true);
  },

  async delete(context, id, olds) {
    try {
      await context.aws.s3(regionOf(context, olds)).send(new DeleteBucketCommand({ Bucket: id }));
    } catch (error) {
      if (isNotFound(error)) return;
      throw providerError("deleting", KIND, id, error);
    }
  },
};

async function putTags(s3: S3Client, Bucket: string, tags: Record<string, string>): Promise<void> {
  if (Object.keys(tags).length === 0) {
    await s3.send(new DeleteBucketTaggingCommand({ Bucket }));
  } else {
    await s3.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: tagList(tags) } }));
  }
}

async function find(context: Context, Bucket: string, olds: Properties): Promise<Properties | undefined> {
  const s3 = context.aws.s3(regionOf(context, olds));
  try {
    await s3.send(new HeadBucketCommand({ Bucket }));
    const location = await s3.send(new GetBucketLocationCommand({ Bucket }));
    let tags: Record<string, string> = {};
    try {
      const tagging = await s3.send(new GetBucketTaggingCommand({ Bucket }));
      tags = Object.fromEntries((tagging.TagSet ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
    } catch (error) {
      if (awsErrorCode(error) !== "NoSuchTagSet") throw error;
    }
    return outputs(Bucket, location.LocationConstraint || "us-east-1", tags, olds.forceDestroy === true);
  } catch (error) {
    if (isNotFound(error) || awsErrorCode(error) === "NotFound") return undefined;
    throw providerError("reading", KIND, Bucket, error);
  }
}

function outputs(bucket: string, region: string, tags: Record<string, string>, forceDestroy: boolean): Properties {
  return {
    arn: `arn:aws:s3:::${bucket}`,
    bucket,
    bucketDomainName: `${bucket}.s3.amazonaws.com`,
    bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com`,
    forceDestroy,
    region,
    tags,
    tagsAll: tags,
  };
}
