/**
 * The compiler's public interface: an account folder in (with `_shared` beside it), a plan or diagnostics out; or
 * every account of a stacks root at once. Nothing here knows Pulumi.
 */
export { compileAccount } from "./compile";
export type { CompileOptions, CompileResult } from "./compile";
export { compileStacksRoot } from "./stacks-root";
export type { AccountCompilation, StacksRootCompilation, StacksRootOptions } from "./stacks-root";
export type { Diagnostic, Severity } from "./diagnostics";
export { escapeControlCharacters, formatDiagnostic, summarize } from "./diagnostics";
export { canonicalJson } from "./canonical";
export * from "./plan";
