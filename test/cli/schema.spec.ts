/**
 * `iam-syncr schema` and the committed schema/iam-syncr.schema.json: the file is exactly what the command
 * prints (so it cannot drift from the compiler's one source, compiler/schema/dialect.ts), and every YAML file
 * of the example stacks validates against it with ajv, as editors validate through yaml-language-server.
 */
import Ajv2020 from "ajv/dist/2020";
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { main } from "../../cli/run";
import { ANNOTATIONS } from "../../compiler/schema/validate";
import { YAML_SCHEMA } from "../../compiler/source/yaml-schema";

const REPO = path.resolve(__dirname, "../..");
const SCHEMA_FILE = path.join(REPO, "schema/iam-syncr.schema.json");
const SHARED_SCHEMA_FILE = path.join(REPO, "schema/iam-syncr-shared.schema.json");
const MODELINE = /^#\s*yaml-language-server:\s*\$schema=(\S+)\s*$/m;

/** Runs the command in-process; returns its exit code and what it wrote. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: REPO });
  return { code, stdout, stderr };
}

/**
 * Every .yaml and .yml file below `folder` except accounts.yaml: those of `_shared` (DIALECT.md §14), or the
 * account files; at least one.
 */
function yamlFiles(folder: string, which: "account" | "shared"): string[] {
  if (!fs.existsSync(folder)) throw new Error(`${path.relative(REPO, folder)} is missing: the tests need its YAML files`);
  const files = fs
    .readdirSync(folder, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.ya?ml$/.test(f) && path.basename(f) !== "accounts.yaml" && path.dirname(f) !== ".")
    .filter((f) => f.split(path.sep)[0] === "_shared" === (which === "shared"))
    .map((f) => path.join(folder, f))
    .sort();
  if (files.length === 0) throw new Error(`${path.relative(REPO, folder)} holds no ${which} YAML file: the tests need some`);
  return files;
}
const accountFiles = (folder: string) => yamlFiles(folder, "account");
const sharedFiles = (folder: string) => yamlFiles(folder, "shared");

function validator(file = SCHEMA_FILE) {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true });
  ajv.addVocabulary([...ANNOTATIONS]);
  return ajv.compile(JSON.parse(fs.readFileSync(file, "utf8")));
}

describe("iam-syncr schema", () => {
  it("prints the editor schema as JSON: exit 0, nothing on stderr", async () => {
    const result = await run(["schema"]);
    expect([result.code, result.stderr]).to.deep.equal([0, ""]);
    const schema = JSON.parse(result.stdout);
    expect(schema.$schema).to.equal("https://json-schema.org/draft/2020-12/schema");
    expect(Object.keys(schema.properties)).to.deep.equal(["templates", "roles", "remove_roles", "remove_role", "buckets", "keys"]);
  });

  it("schema/iam-syncr.schema.json is exactly the command's output (regenerate: iam-syncr schema > schema/iam-syncr.schema.json)", async () => {
    expect(fs.readFileSync(SCHEMA_FILE, "utf8")).to.equal((await run(["schema"])).stdout);
  });

  it("schema/iam-syncr-shared.schema.json is exactly the output of --shared (regenerate: iam-syncr schema --shared > schema/iam-syncr-shared.schema.json)", async () => {
    const result = await run(["schema", "--shared"]);
    expect([result.code, result.stderr]).to.deep.equal([0, ""]);
    expect(fs.readFileSync(SHARED_SCHEMA_FILE, "utf8")).to.equal(result.stdout);
    expect(Object.keys(JSON.parse(result.stdout).$defs.sharedFile.properties)).to.deep.equal(["templates", "roles", "remove_roles", "remove_role", "buckets", "keys"]);
  });

  it("takes no argument: anything else is a usage error (exit 2), with the command's usage", async () => {
    const result = await run(["schema", "extra"]);
    expect([result.code, result.stdout]).to.deep.equal([2, ""]);
    expect(result.stderr).to.match(/^iam-syncr: too many arguments for 'schema'\. Expected 0 arguments but got 1\.\n\nUsage: iam-syncr schema \[options\]\n/);
  });

  describe("editors", () => {
    const exampleFiles = () => accountFiles(path.join(REPO, "stacks"));

    it("every YAML file of the example stacks validates against the committed schema with ajv", () => {
      const files = exampleFiles();
      const validate = validator();
      const failures = files.flatMap((file) => {
        const data = yaml.load(fs.readFileSync(file, "utf8"), { schema: YAML_SCHEMA });
        return validate(data) ? [] : [`${path.relative(REPO, file)}: ${JSON.stringify(validate.errors)}`];
      });
      expect(failures).to.deep.equal([]);
    });

    it("every YAML file of the example stacks' _shared validates against the committed shared schema with ajv", () => {
      const validate = validator(SHARED_SCHEMA_FILE);
      const failures = sharedFiles(path.join(REPO, "stacks")).flatMap((file) => {
        const data = yaml.load(fs.readFileSync(file, "utf8"), { schema: YAML_SCHEMA });
        return validate(data) ? [] : [`${path.relative(REPO, file)}: ${JSON.stringify(validate.errors)}`];
      });
      expect(failures).to.deep.equal([]);
    });

    it("a schema line at the top of a file names the committed schema (the shared one in _shared)", () => {
      const lineOf = (file: string) => {
        const line = MODELINE.exec(fs.readFileSync(file, "utf8"));
        return line === null ? [] : [{ file: path.relative(REPO, file), schema: path.resolve(path.dirname(file), line[1]) }];
      };
      const withLine = [...exampleFiles(), ...accountFiles(path.join(REPO, "test/fixtures/broken-stacks"))].flatMap(lineOf);
      const sharedWithLine = sharedFiles(path.join(REPO, "stacks")).flatMap(lineOf);
      // Without any schema line this test would check nothing.
      expect(withLine.map((f) => f.file).filter((f) => f.startsWith("stacks/")), "example files with a schema line").to.not.deep.equal([]);
      expect(sharedWithLine, "files of stacks/_shared with a schema line").to.not.deep.equal([]);
      for (const { file, schema } of withLine) expect(schema, file).to.equal(SCHEMA_FILE);
      for (const { file, schema } of sharedWithLine) expect(schema, file).to.equal(SHARED_SCHEMA_FILE);
    });

    it("the shared schema takes accounts and except_accounts where the account schema refuses them", () => {
      const shared = validator(SHARED_SCHEMA_FILE);
      const account = validator();
      const data = {
        roles: { ci: { accounts: "*", except_accounts: ["live"], allow_to_assume_me: { service: "ec2" } } },
        buckets: { "logs-{{account}}": { accounts: ["prod"] } },
        remove_roles: [{ role: "legacy", accounts: "dev" }],
      };
      expect(shared(data), JSON.stringify(shared.errors)).to.equal(true);
      expect(account(data)).to.equal(false);
      expect(account.errors!.map((e) => [e.instancePath, e.keyword])).to.deep.equal([
        ["/roles/ci", "additionalProperties"],
        ["/roles/ci", "additionalProperties"],
        ["/remove_roles/0", "type"],
        ["/buckets/logs-{{account}}", "additionalProperties"],
      ]);
      expect(shared({ roles: { ci: { allow_to_assume_me: { service: "ec2" } } }, templates: { t: { accounts: "*" } }, remove_roles: ["legacy"] })).to.equal(false);
      expect(shared.errors!.map((e) => [e.instancePath, e.keyword])).to.deep.equal([
        ["/templates/t/accounts", "not"],
        ["/roles/ci", "required"],
        ["/remove_roles/0", "type"],
      ]);
    });

    it("catches what the compiler's schema catches: an unknown role key and a grant with both kinds of constraint, where they are", () => {
      const validate = validator();
      const data = yaml.load(fs.readFileSync(path.join(REPO, "test/fixtures/broken-stacks/app/roles.yaml"), "utf8"), { schema: YAML_SCHEMA });
      expect(validate(data)).to.equal(false);
      expect(validate.errors!.map((e) => [e.instancePath, e.keyword, e.params])).to.deep.equal([
        ["/roles/web", "additionalProperties", { additionalProperty: "allow_permissions" }],
        ["/keys/app-data/grant/0/constraints", "maxProperties", { limit: 1 }],
      ]);
    });

    it("also checks role values, which the compiler checks only after templates are merged", () => {
      const validate = validator();
      expect(validate({ roles: { web: { max_session_duration: 100, allow_to_assume_me: [{ servce: "ec2" }] } } })).to.equal(false);
      expect(validate.errors!.map((e) => `${e.instancePath} ${e.keyword}`)).to.deep.equal([
        "/roles/web/max_session_duration minimum",
        "/roles/web/allow_to_assume_me/0 additionalProperties",
      ]);
    });
  });
});
