/**
 * The compiler's public interface: an account folder in, a plan or diagnostics out. Nothing here knows Pulumi.
 */
export { compileAccount } from "./compile";
export type { CompileOptions, CompileResult } from "./compile";
export type { Diagnostic, Severity } from "./diagnostics";
export { escapeControlCharacters, formatDiagnostic, summarize } from "./diagnostics";
export { canonicalJson } from "./canonical";
export * from "./plan";
