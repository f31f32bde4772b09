/**
 * Property tests: inputs made invalid in random ways (mutations.ts) never make the compiler throw or fail
 * internally (E0999); every diagnostic names a file; and where a mutation is certain to be an error, the
 * compilation fails with an error in the mutated file.
 */
import { expect } from "chai";
import fc from "fast-check";
import { formatDiagnostic } from "../../compiler";
import { configurations } from "./generators";
import { compileConfiguration } from "./layout";
import { mutate, mutations } from "./mutations";
import { runs } from "./settings";

describe("property: invalid inputs", function () {
  this.timeout(60_000);

  it("never throw, and always give diagnostics that name a file", () => {
    fc.assert(
      fc.property(configurations, fc.integer({ min: 1, max: 2 ** 31 - 1 }), mutations, (config, seed, mutation) => {
        const mutated = mutate(config, seed, mutation);
        const result = compileConfiguration(config, mutated.files);
        const lines = result.diagnostics.map(formatDiagnostic);
        const context = `${mutated.description}\n${lines.join("\n")}`;
        expect(result.diagnostics.filter((d) => d.code === "E0999"), context).to.deep.equal([]);
        for (const d of result.diagnostics) {
          expect(d.file, `every diagnostic names a file\n${context}`).to.be.a("string").and.not.equal("");
          expect(Object.keys(mutated.files), context).to.include(d.file);
        }
        if (!result.ok) expect(result.diagnostics.some((d) => d.severity === "error"), context).to.equal(true);
        if (mutated.certainErrorIn !== undefined) {
          expect(result.ok, context).to.equal(false);
          const inFile = result.diagnostics.filter((d) => d.severity === "error" && d.file === mutated.certainErrorIn);
          expect(inFile, `an error in ${mutated.certainErrorIn}\n${context}`).to.not.deep.equal([]);
          if (mutated.certainCode !== undefined) {
            expect(inFile.map((d) => d.code), context).to.include(mutated.certainCode);
            expect(inFile.every((d) => d.line !== undefined), `YAML errors have a line\n${context}`).to.equal(true);
          }
        }
      }),
      runs(300),
    );
  });
});
