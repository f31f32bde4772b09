import type { Accounts } from "../accounts";
import type { CompilationRecords } from "../compilation";
import type { SharedStatements } from "./shared-statements";
import type { Diagnostics } from "../diagnostics";

/** The three kinds of document, which differ in what `__self__` means and which statement keys they allow. */
export type DocumentKind = "role" | "bucket" | "key";

/** What every stage that builds documents needs to know about the account being compiled. */
export interface AccountContext {
  readonly diagnostics: Diagnostics;
  readonly accounts: Accounts;
  /** A: the id of the account being compiled. */
  readonly account: string;
  /** R: the stack's default region, if set. */
  readonly region: string | undefined;
  /** Documents and references, for the checks that need their sources (`iam-syncr check`); absent otherwise. */
  readonly records: CompilationRecords | undefined;
  /** Statements written in templates, built once for all the roles that inherit them. */
  readonly shared: SharedStatements | undefined;
  /** The account's trust policy size quota, when accounts.yaml declares it (2,048 to 4,096). */
  readonly trustPolicyQuota: number | undefined;
}

/** What expanding a document needs to know about the thing it belongs to ("self"). */
export interface DocumentContext extends AccountContext {
  readonly kind: DocumentKind;
  /** Role documents: the role's own ARN, for `{iam: __self__}`. */
  readonly roleArn?: string;
  /** Bucket documents: the bucket's name, for `{s3: __self__}`. */
  readonly bucket?: string;
  /** Key documents: the key's alias name and location, for `{kms: __self__}` and as the default location. */
  readonly key?: { readonly alias: string; readonly location: string | undefined };
}

export const SELF = "__self__";

/** "a role document" etc., for messages about what is allowed where. */
export function describeDocument(kind: DocumentKind): string {
  return kind === "role" ? "a role's documents" : kind === "bucket" ? "a bucket policy" : "a key policy";
}
