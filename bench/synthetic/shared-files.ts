/**
 * The `_shared` folder of the bench's shared shape (DIALECT.md §14): roles selected for every account (`"*"`),
 * written like the accounts' own (account-files.ts) with `{{account}}` and `{{account_id}}` where an account
 * folder writes its name and id, so that every account gets its own values; they use the templates each account
 * folder defines, across the boundary. One bucket per account, named with `{{account}}`.
 */
import { role } from "./account-files";
import type { Random } from "./random";
import { namedBlock } from "./yaml-text";

/** Roles per file, as in the account folders. */
const ROLES_PER_FILE = 50;

export function sharedFiles(roles: number, accounts: readonly string[], random: Random): Map<string, string> {
  const spec = { name: "{{account}}", id: "{{account_id}}", roles, others: accounts };
  const files = new Map<string, string>();
  for (let first = 0; first < roles; first += ROLES_PER_FILE) {
    let text = "roles:\n";
    for (let i = first; i < Math.min(roles, first + ROLES_PER_FILE); i++) {
      text += namedBlock(`shared-svc-${String(i).padStart(5, "0")}`, { accounts: "*", ...role(i, spec, random) }, 2);
    }
    files.set(`roles-${String(first / ROLES_PER_FILE).padStart(2, "0")}.yaml`, text);
  }
  files.set(
    "buckets.yaml",
    `buckets:\n${namedBlock("{{account}}-audit", { accounts: "*", allow_permission: [{ principal: { service: "cloudtrail" }, action: "s3:PutObject", resource: "arn:aws:s3:::{{account}}-audit/AWSLogs/{{account_id}}/*" }] }, 2)}`,
  );
  return files;
}
