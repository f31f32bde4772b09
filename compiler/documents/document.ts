/**
 * A whole document (DIALECT.md 13.1): statements in order under `{"Version": "2012-10-17", "Statement": [...]}`,
 * with the rules that span statements: Sids unique within the document, and letters and digits only in
 * role documents (5.1.4).
 */
import type { Located } from "../located";
import { Messages } from "../messages";
import type { PolicyDocument } from "../plan";
import type { Mapping } from "../values";
import type { DocumentContext } from "./context";

/** A statement as built, with the YAML statement it came from (for diagnostics about the document). */
export interface BuiltStatement {
  statement: Mapping;
  source: Located;
}

export function assembleDocument(built: readonly BuiltStatement[], context: DocumentContext): PolicyDocument | undefined {
  let ok = true;
  const sids = new Map<string, Located>();
  for (const { statement, source } of built) {
    const sid = statement.Sid;
    if (typeof sid !== "string" && typeof sid !== "number") continue;
    const text = String(sid);
    const at = source.asMapping() && Object.prototype.hasOwnProperty.call(source.value, "Sid") ? source.child("Sid") : source;
    if (context.kind === "role" && !/^[A-Za-z0-9]*$/.test(text)) {
      context.diagnostics.report(Messages.sidCharset, { sid: text }, at.site());
      ok = false;
    }
    if (text === "") continue;
    if (sids.has(text)) {
      context.diagnostics.report(Messages.sidDuplicated, { sid: text }, at.site());
      ok = false;
    }
    sids.set(text, at);
  }
  return ok ? { Version: "2012-10-17", Statement: built.map((b) => b.statement) } : undefined;
}
