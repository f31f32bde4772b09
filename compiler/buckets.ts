/**
 * Buckets (DIALECT.md §7): a bucket's location, tags and bucket policy. The bucket itself is only ever
 * created or adopted, never deleted (7.4).
 */
import type { AccountContext, DocumentContext } from "./documents/context";
import { assembleDocument } from "./documents/document";
import { checkDocumentSize, LIMITS } from "./limits";
import { withoutKeys, type Located } from "./located";
import type { BucketPlan } from "./plan";
import { buildPermissionStatements } from "./documents/statements";
import { sortedRecord } from "./values";

/** As in the original: buckets without a location are in Sydney. */
export const DEFAULT_BUCKET_LOCATION = "ap-southeast-2";

/** Returns the bucket's plan, or undefined after reporting its errors; `broken` keys failed validation. */
export function buildBucket(name: string, written: Located, broken: ReadonlySet<string>, account: AccountContext): BucketPlan | undefined {
  const { diagnostics } = account;
  const before = diagnostics.errors;
  const definition = withoutKeys(written, broken);

  const context: DocumentContext = { kind: "bucket", ...account, bucket: name };
  const built = buildPermissionStatements(definition, broken, context);
  let policy = null;
  if (built !== undefined && built.length > 0) {
    const document = assembleDocument(built, context);
    if (document !== undefined && checkDocumentSize(document, built, LIMITS.bucketPolicy, definition.site("key"), diagnostics)) {
      policy = document;
      context.records?.documents.push({ owner: definition, role: "bucket", document, statements: built });
    }
  }
  if (diagnostics.errors > before) return undefined;
  return {
    location: (definition.get("location")?.value as string | undefined) ?? DEFAULT_BUCKET_LOCATION,
    policy,
    tags: sortedRecord(definition.get("tags")?.value as Record<string, string> | undefined),
  };
}
