/**
 * Property tests: random valid configurations compile, and compile to the same bytes whatever the layout (how
 * the definitions are spread over files and named, the order of keys where the dialect says it does not matter,
 * the order of templates, the quoting of ids in accounts.yaml and the YAML style). See layout.ts for exactly
 * what is shuffled and why the rest is not.
 */
import { expect } from "chai";
import fc from "fast-check";
import { formatDiagnostic, type CompileResult, type Diagnostic, type Plan } from "../../compiler";
import { compileYaml, planOf } from "../support/stacks";
import { configurations } from "./generators";
import { canonicalFiles, compileConfiguration, shuffledFiles } from "./layout";
import { runs } from "./settings";

function planText(result: CompileResult): string {
  if (!result.ok) throw new Error(`expected the configuration to compile:\n${result.diagnostics.map(formatDiagnostic).join("\n")}`);
  // Warnings carry the file, line and column they point at, which a layout moves; they are compared apart.
  const plan: Plan = { ...result.plan, warnings: [] };
  return JSON.stringify(plan);
}

/** What a warning says, without where it was written. */
function warningsOf(result: CompileResult): string[] {
  return result.diagnostics.map((d: Diagnostic) => `${d.severity} ${d.code} ${d.path ?? ""}: ${d.message}`).sort();
}

describe("property: valid configurations", function () {
  this.timeout(60_000);

  it("compile without errors", () => {
    fc.assert(
      fc.property(configurations, (config) => {
        const result = compileConfiguration(config, canonicalFiles(config));
        if (!result.ok) throw new Error(result.diagnostics.map(formatDiagnostic).join("\n"));
        expect(result.diagnostics.filter((d) => d.severity === "error")).to.deep.equal([]);
      }),
      runs(60),
    );
  });

  it("compile to a byte-identical plan whatever the file split, file names, key order, template order and YAML style", () => {
    fc.assert(
      fc.property(configurations, fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (config, first, second) => {
        const canonical = compileConfiguration(config, canonicalFiles(config));
        const a = compileConfiguration(config, shuffledFiles(config, first));
        const b = compileConfiguration(config, shuffledFiles(config, second));
        const expected = planText(canonical);
        expect(planText(a)).to.equal(expected);
        expect(planText(b)).to.equal(expected);
        expect(warningsOf(a)).to.deep.equal(warningsOf(canonical));
        expect(warningsOf(b)).to.deep.equal(warningsOf(canonical));
      }),
      runs(100),
    );
  });

  it("compile to the same plan twice from the same files", () => {
    fc.assert(
      fc.property(configurations, fc.integer({ min: 1, max: 2 ** 31 - 1 }), (config, seed) => {
        const files = shuffledFiles(config, seed);
        const first = compileConfiguration(config, files);
        const second = compileConfiguration(config, files);
        expect(planText(second)).to.equal(planText(first));
        expect(second.diagnostics).to.deep.equal(first.diagnostics);
      }),
      runs(20),
    );
  });
});

/**
 * An encryption context is a map: KMS ignores the order of its pairs, and so does the grant's logical name
 * (pulumi/logical-names.ts). The plan used to keep the pairs as written, so two grants that differed only in that
 * order were two grants for the compiler (no E8007) but one resource for Pulumi, and declaring the stack failed
 * with a stack trace. Found by the determinism property; the layouts above now permute constraints too.
 */
describe("grant constraints and key order (regression found by the properties)", () => {
  const grant = (context: string) =>
    `{grantee: "arn:aws:iam::012345678901:role/app", operations: Decrypt, constraints: {EncryptionContextEquals: ${context}}}`;
  const key = (grants: string[]) => `keys:\n  data:\n    location: eu-west-1\n    description: d\n    grant:\n${grants.map((g) => `      - ${g}\n`).join("")}`;

  it("the plan does not depend on the order of an encryption context's pairs", () => {
    const ab = planOf(compileYaml(key([grant('{a: "1", b: "2"}')])));
    const ba = planOf(compileYaml(key([grant('{b: "2", a: "1"}')])));
    expect(JSON.stringify(ba.keys)).to.equal(JSON.stringify(ab.keys));
  });

  it("two grants that differ only in that order are the same grant (E8007)", () => {
    const result = compileYaml(key([grant('{a: "1", b: "2"}'), grant('{b: "2", a: "1"}')]));
    expect(result.ok).to.equal(false);
    expect(result.diagnostics.map((d) => d.code)).to.include("E8007");
  });
});
