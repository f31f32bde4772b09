/**
 * What `iam-syncr generate` read from the account, as plain data: the only thing the conversion to YAML
 * (to-dialect.ts) knows about AWS. Policy documents are kept as read, parsed or not, so that a document AWS holds
 * but the conversion cannot read is reported with its item instead of failing the whole run.
 */

export interface LiveAccount {
  /** The 12-digit id of the account the credentials are for (checked against accounts.yaml first). */
  readonly id: string;
  /** Every role under the requested path prefix, service-linked and AWS-reserved ones included, by name. */
  readonly roles: readonly LiveRole[];
  /** One entry per bucket name asked for, in the order asked. */
  readonly buckets: readonly LiveBucket[];
  /** One entry per key alias asked for, in the order asked. */
  readonly keys: readonly LiveKey[];
}

/** A policy document: parsed JSON, or the reason it could not be read. */
export type LiveDocument = { readonly parsed: true; readonly document: unknown } | { readonly parsed: false; readonly problem: string };

export interface Tag {
  readonly key: string;
  readonly value: string;
}

export interface LiveRole {
  readonly name: string;
  /** Starts and ends with `/`. */
  readonly path: string;
  readonly arn: string;
  readonly description: string | null;
  /** AWS always has one; 3600 unless set. */
  readonly maxSessionDuration: number;
  readonly trustPolicy: LiveDocument;
  readonly inlinePolicies: readonly { readonly name: string; readonly document: LiveDocument }[];
  readonly attachedPolicyArns: readonly string[];
  readonly permissionsBoundary: string | null;
  readonly tags: readonly Tag[];
  /** The instance profiles that hold the role. */
  readonly instanceProfiles: readonly LiveInstanceProfile[];
}

export interface LiveInstanceProfile {
  readonly name: string;
  readonly path: string;
  readonly roleNames: readonly string[];
  readonly tags: readonly Tag[];
}

export type LiveBucket =
  | {
      readonly name: string;
      readonly status: "found";
      readonly region: string;
      /** null: the bucket has no policy. */
      readonly policy: LiveDocument | null;
      readonly tags: readonly Tag[];
    }
  | { readonly name: string; readonly status: "absent" }
  /** The name is another account's bucket (S3 names are global). */
  | { readonly name: string; readonly status: "other account" };

export type LiveKey =
  | {
      /** The alias name without `alias/`. */
      readonly alias: string;
      readonly region: string;
      readonly status: "found";
      readonly keyId: string;
      readonly arn: string;
      readonly description: string;
      readonly keyState: string;
      readonly keySpec: string;
      /** null when AWS does not say (some emulators); a SYMMETRIC_DEFAULT key is always ENCRYPT_DECRYPT. */
      readonly keyUsage: string | null;
      /** `CUSTOMER` or `AWS`. */
      readonly keyManager: string;
      /** `AWS_KMS`, `EXTERNAL`, `AWS_CLOUDHSM`, `EXTERNAL_KEY_STORE`. */
      readonly origin: string;
      readonly multiRegion: boolean;
      readonly policy: LiveDocument;
      readonly tags: readonly Tag[];
      /** Every alias of the key in its region, without `alias/`, this one included. */
      readonly aliases: readonly string[];
      readonly grants: readonly LiveGrant[];
    }
  | { readonly alias: string; readonly region: string; readonly status: "absent" };

export interface LiveGrant {
  readonly grantId: string;
  /** The grant's name, if it was created with one. */
  readonly name: string | null;
  readonly granteePrincipal: string;
  readonly retiringPrincipal: string | null;
  readonly operations: readonly string[];
  readonly encryptionContextEquals: Readonly<Record<string, string>> | null;
  readonly encryptionContextSubset: Readonly<Record<string, string>> | null;
}

/** IAM returns documents URL-encoded (some emulators return them raw); S3 and KMS return them as they are. */
export function parseDocument(text: string | undefined): LiveDocument {
  if (text === undefined || text === "") return { parsed: false, problem: "AWS returned no document" };
  let json = text;
  if (!text.trimStart().startsWith("{")) {
    try {
      json = decodeURIComponent(text);
    } catch {
      return { parsed: false, problem: "the document is neither JSON nor URL-encoded JSON" };
    }
  }
  try {
    return { parsed: true, document: JSON.parse(json) as unknown };
  } catch (error) {
    return { parsed: false, problem: `the document is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
}
