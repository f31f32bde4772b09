/** Small helpers shared by the spec files: YAML text, diagnostics as lines, exact comparisons. */
import { expect } from "chai";
import type { CompileResult, Diagnostic } from "../../compiler";
import { errorsOf } from "./stacks";

/** YAML text from lines. */
export function lines(...ls: string[]): string {
  return ls.map((l) => `${l}\n`).join("");
}

/** A diagnostic in the one-line form, without its code. */
export function show(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.path}: ${d.message}`;
}

/** The errors of a compilation that must fail. */
export function errors(result: CompileResult): Diagnostic[] {
  return errorsOf(result).filter((d) => d.severity === "error");
}

export function warnings(result: CompileResult): Diagnostic[] {
  return result.diagnostics.filter((d) => d.severity === "warning");
}

/** Equal, and with the same key order (DIALECT.md 13.2). */
export function expectExact(actual: unknown, expected: unknown): void {
  expect(actual).to.deep.equal(expected);
  expect(JSON.stringify(actual)).to.equal(JSON.stringify(expected));
}
