/**
 * Where a statement was written, as diagnostics name it (DIALECT.md 11.1 and 3.7): the file where the value
 * was written (a template's file for a statement a role got through `use`), its line, and the YAML path of
 * what it is for. Positions are recovered once per file, on first use (see source/positions.ts).
 */
import type { Located } from "../located";
import type { SourceRef } from "./model";

/** `point: "key"` gives the line of the key (`web:` for a role definition) rather than of its value. */
export function sourceRefOf(at: Located, point: "key" | "value" = "value"): SourceRef {
  const origin = at.origin;
  const file = origin?.file;
  const segments = origin?.segments() ?? at.path.segments();
  const positions = file?.positions();
  const position = point === "key" ? positions?.locateKey(segments) : positions?.locateValue(segments);
  const template = origin?.template();
  return {
    file: file?.displayPath ?? "",
    line: position?.line ?? null,
    column: position?.column ?? null,
    path: at.path.toString(),
    template: template !== undefined && at.path.first() !== "templates" ? template : null,
  };
}

/** `stacks/example/roles.yaml:88`, or the file alone when the line is unknown. */
export function formatSourceRef(source: SourceRef): string {
  return source.line === null ? source.file : `${source.file}:${source.line}`;
}
