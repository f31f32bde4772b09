import type { Accounts } from "../accounts";
import type { DocumentRecord } from "../compilation";
import type { Diagnostics } from "../diagnostics";
import type { ActionCatalog } from "./action-catalog";

/** What every lint rule reads and where it reports. */
export interface LintContext {
  readonly diagnostics: Diagnostics;
  readonly catalog: ActionCatalog;
  /** accounts.yaml, when it could be read: the accounts of one organization, which may trust each other. */
  readonly accounts: Accounts | undefined;
}

/** A rule over one built document (a trust policy, an inline policy, a bucket or a key policy). */
export type DocumentRule = (record: DocumentRecord, context: LintContext) => void;
