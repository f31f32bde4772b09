/**
 * The schema validators generated at build time (compiler/schema/compile-validators.ts): bin/ holds exactly
 * what ajv generates now from compiler/schema/dialect.ts and settings.ts, the compiler uses it, and it judges
 * every document as the validators ajv compiles in process do, errors included.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { compileValidators, validatorModuleText } from "../../compiler/schema/compile-validators";
import { validatorInputs, type Validators } from "../../compiler/schema/validator-inputs";
import { YAML_SCHEMA } from "../../compiler/source/yaml-schema";

const REPO = path.resolve(__dirname, "../..");
const GENERATED = path.join(REPO, "bin/compiler/schema/validators.generated.js");

/** Every YAML document of the example and the broken stacks, and a few built to fail in many ways. */
function documents(): unknown[] {
  const files: string[] = [];
  for (const root of ["stacks", "test/fixtures/broken-stacks"]) {
    for (const file of fs.readdirSync(path.join(REPO, root), { recursive: true, encoding: "utf8" })) {
      if (/\.ya?ml$/.test(file) && path.basename(file) !== "accounts.yaml") files.push(path.join(REPO, root, file));
    }
  }
  const read = files.flatMap((file) => {
    try {
      return [yaml.load(fs.readFileSync(file, "utf8"), { schema: YAML_SCHEMA })];
    } catch {
      return []; // the broken stacks' YAML syntax error
    }
  });
  return [
    ...read,
    { roles: { web: { bogus: 1, tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) } } },
    { roles: [], keys: { k: { grant: [{ operations: [] }, 3] } }, buckets: { b: { location: "nowhere", tags: { "aws:x": 1 } } } },
    { templates: { t: "not a mapping" }, remove_roles: [1, ""], extra: true },
  ];
}

const outcome = (validate: Validators[keyof Validators], data: unknown) => {
  const valid = validate(data);
  return { valid, errors: JSON.parse(JSON.stringify(validate.errors ?? [])) };
};

describe("generated schema validators", () => {
  before(function () {
    if (!fs.existsSync(GENERATED)) throw new Error(`${path.relative(REPO, GENERATED)} is missing: build first with "npm run prepare" (npm test does it)`);
  });

  it("bin/ holds exactly what ajv generates from the current schemas (rebuild: npm run prepare)", () => {
    expect(fs.readFileSync(GENERATED, "utf8")).to.equal(validatorModuleText());
  });

  it("records the schemas it was generated from, which the compiler compares before using it", () => {
    const generated = require(GENERATED) as Validators & { inputs: string };
    expect(generated.inputs).to.equal(validatorInputs());
    const { validatorSource } = require(path.join(REPO, "bin/compiler/schema/validators.js")) as typeof import("../../compiler/schema/validators");
    expect(validatorSource()).to.equal("generated");
  });

  it("judges every document as ajv's compiled validators do: the same verdict and the same errors", () => {
    const generated = require(GENERATED) as Validators;
    const compiled = compileValidators();
    const all = documents();
    expect(all.length).to.be.above(8);
    let failures = 0;
    for (const data of all) {
      const expected = outcome(compiled.file, data);
      expect(outcome(generated.file, data)).to.deep.equal(expected);
      if (!expected.valid) failures++;
      for (const role of Object.values(((data as { roles?: unknown }).roles ?? {}) as Record<string, unknown>)) {
        expect(outcome(generated.roleValues, role)).to.deep.equal(outcome(compiled.roleValues, role));
      }
    }
    expect(failures).to.be.above(3);
    for (const settings of [{ rules: { IAM105: "off" } }, { rules: { IAM10: "off", IAM103: "loud" }, other: 1 }, { rules: null }]) {
      expect(outcome(generated.settings, settings)).to.deep.equal(outcome(compiled.settings, settings));
    }
  });
});
