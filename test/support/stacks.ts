/**
 * Test helpers: write a stacks root (accounts.yaml and account folders) into a temporary folder and
 * compile one account of it, as `iam-syncr compile` would.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compileAccount, type CompileOptions, type CompileResult, type Diagnostic, type Plan } from "../../compiler";

export const DEFAULT_ACCOUNTS = `sandbox: "012345678901"
live: "210987654321"
shared: 98765432101
`;

export interface StacksSpec {
  /** The text of accounts.yaml; default DEFAULT_ACCOUNTS. `null` writes no accounts.yaml. */
  accounts?: string | null;
  /** Files by path relative to the stacks root, e.g. `{"sandbox/roles.yaml": "roles: …"}`. */
  files: Record<string, string | Buffer>;
}

/** Creates a stacks root in a new temporary folder and returns its path. Removed when the process exits. */
export function writeStacks(spec: StacksSpec): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "iam-syncr-test-"));
  cleanup.push(root);
  if (spec.accounts !== null) fs.writeFileSync(path.join(root, "accounts.yaml"), spec.accounts ?? DEFAULT_ACCOUNTS);
  for (const [relative, content] of Object.entries(spec.files)) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return root;
}

/**
 * Compiles `<root>/<account>` with the root as the current directory, so diagnostics name files as
 * `<account>/<file>`.
 */
export function compileIn(root: string, account = "sandbox", options: Partial<CompileOptions> = {}): CompileResult {
  return compileAccount({ accountFolder: path.join(root, account), cwd: root, ...options });
}

/** Compiles a single file `sandbox/roles.yaml` with the default accounts. */
export function compileYaml(yaml: string, options: Partial<CompileOptions> = {}): CompileResult {
  return compileIn(writeStacks({ files: { "sandbox/roles.yaml": yaml } }), "sandbox", options);
}

/** The plan of a compilation that must succeed; fails with the diagnostics otherwise. */
export function planOf(result: CompileResult): Plan {
  if (!result.ok) throw new Error(`expected success, got:\n${result.diagnostics.map(oneLine).join("\n")}`);
  return result.plan;
}

/** The diagnostics of a compilation that must fail. */
export function errorsOf(result: CompileResult): Diagnostic[] {
  if (result.ok) throw new Error("expected the compilation to fail, but it succeeded");
  return result.diagnostics;
}

export function oneLine(d: Diagnostic): string {
  return `${d.file ?? ""}:${d.line ?? ""}:${d.column ?? ""}: ${d.severity}: ${d.path ?? ""}: ${d.message} [${d.code}]`;
}

const cleanup: string[] = [];
process.on("exit", () => {
  for (const root of cleanup) fs.rmSync(root, { recursive: true, force: true });
});
