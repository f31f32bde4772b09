/**
 * One live bucket back to a bucket definition (DIALECT.md §7): its location, tags and policy. A policy the dialect
 * cannot write is left out on its own, with its reasons: a bucket declared without statements leaves a policy it
 * never set alone (7.4.3), so adopting the bucket changes nothing.
 */
import { Diagnostics } from "../../compiler/diagnostics";
import { checkBucketName } from "../../compiler/names";
import { compareText, type Mapping } from "../../compiler/values";
import type { LiveBucket } from "./live";
import type { AccountDirectory } from "./specifiers";
import { convertPermissionStatements, documentStatements, notExpressible, ok, withReasons, type Converted } from "./statements";

export type FoundBucket = Extract<LiveBucket, { status: "found" }>;

export interface GeneratedBucket {
  readonly name: string;
  readonly live: FoundBucket;
  readonly body: Mapping;
  /** Whether the YAML declares the bucket's policy (false: it has none, or it is left alone). */
  readonly policyWritten: boolean;
  /** Why the policy is left alone, when it is. */
  readonly policyLeftOut: readonly string[];
  readonly notes: readonly string[];
}

export function convertBucket(bucket: LiveBucket, accounts: AccountDirectory): Converted<GeneratedBucket> {
  if (bucket.status === "absent") return notExpressible(["the account has no bucket of that name"]);
  if (bucket.status === "other account") return notExpressible(["the bucket belongs to another AWS account (bucket names are global)"]);
  const nameProblem = bucketNameProblem(bucket.name);
  if (nameProblem !== undefined) return notExpressible([nameProblem]);

  const notes: string[] = [];
  const tags = bucket.tags.filter((tag) => !tag.key.startsWith("aws:"));
  for (const tag of bucket.tags) {
    if (tag.key.startsWith("aws:")) notes.push(`its tag ${JSON.stringify(tag.key)} is AWS's own (the dialect cannot write it, and the stack leaves it alone)`);
  }
  const body: Mapping = { location: bucket.region };
  if (tags.length > 0) body.tags = Object.fromEntries([...tags].sort((a, b) => compareText(a.key, b.key)).map((t) => [t.key, t.value]));

  let policyWritten = false;
  let policyLeftOut: string[] = [];
  if (bucket.policy !== null) {
    const { statements, reasons } = documentStatements(bucket.policy, "the bucket policy");
    const self = { kind: "bucket", bucket: bucket.name } as const;
    const converted = withReasons(reasons, convertPermissionStatements(statements, "bucket", "the bucket policy", accounts, self));
    if (converted.ok) {
      if (converted.value.allow.length > 0) body.allow_permission = converted.value.allow;
      if (converted.value.deny.length > 0) body.deny_permission = converted.value.deny;
      policyWritten = true;
    } else {
      policyLeftOut = [...converted.reasons];
    }
  }
  return ok({ name: bucket.name, live: bucket, body, policyWritten, policyLeftOut, notes });
}

/** 7.2, as the compiler checks it. */
function bucketNameProblem(name: string): string | undefined {
  const diagnostics = new Diagnostics();
  if (checkBucketName(name, {}, diagnostics)) return undefined;
  return `${diagnostics.resolve()[0].message} (DIALECT.md 7.2)`;
}
