/**
 * What a compilation knows beyond its plan, for the checks that read documents with their sources (policy
 * lint, cross-account references): every document with the YAML statement behind each of its statements,
 * and every role or user named through an iam specifier.
 */
import type { BuiltStatement } from "./documents/document";
import type { Located } from "./located";
import type { PolicyDocument } from "./plan";
import type { SourceFile } from "./source/source-file";

export type DocumentRole = "trust" | "inline" | "bucket" | "key";

export interface DocumentRecord {
  /** The role, bucket or key the document belongs to, as a YAML path: `roles.web`, `buckets.assets`. */
  owner: Located;
  role: DocumentRole;
  document: PolicyDocument;
  statements: readonly BuiltStatement[];
}

/** A name expanded by an iam specifier into `arn:aws:<iam|sts>::<account>:<name>` (6.2.2). */
export interface IamReference {
  account: string;
  /** As written: `role/ops/deployer`, `user/ci`, `root`. */
  name: string;
  arn: string;
  /** The name as written (the `iam` value, or its list entry). */
  at: Located;
}

export class CompilationRecords {
  readonly documents: DocumentRecord[] = [];
  readonly references: IamReference[] = [];
  /** The files the compilation read, for what is written in them beside the data (suppression comments). */
  readonly sources: SourceFile[] = [];
}
