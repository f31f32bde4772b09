/**
 * DIALECT.md §2: top-level keys, and how the files of an account folder combine.
 */
import { expect } from "chai";
import type { Diagnostic } from "../../compiler";
import { compileIn, compileYaml, errorsOf, oneLine, planOf, writeStacks } from "../support/stacks";

const TRUST = "allow_to_assume_me: {service: ec2}";
const lines = (diagnostics: Diagnostic[]) => diagnostics.map(oneLine);
const compileFiles = (files: Record<string, string>) => compileIn(writeStacks({ files }));

describe("DIALECT.md §2 top-level keys and combination of files", () => {
  describe("2.1 top-level keys", () => {
    it("2.1 templates, roles, remove_roles, remove_role, buckets and keys are accepted together", () => {
      const yaml = [
        "templates:",
        `  base: {${TRUST}}`,
        "roles:",
        "  web: {use: base}",
        "remove_roles: [old-a]",
        "remove_role: [old-b]",
        "buckets:",
        "  web-assets-bucket: {}",
        "keys:",
        "  data: {description: Data key, location: us-east-1}",
        "",
      ].join("\n");
      const result = compileYaml(yaml);
      expect(lines(result.diagnostics)).to.deep.equal([]);
      const plan = planOf(result);
      expect(Object.keys(plan.roles)).to.deep.equal(["web"]);
      expect(plan.removedRoles).to.deep.equal(["old-a", "old-b"]);
      expect(Object.keys(plan.buckets)).to.deep.equal(["web-assets-bucket"]);
      expect(Object.keys(plan.keys)).to.deep.equal(["data"]);
    });

    it("2.1 templates are not roles: a template alone declares nothing", () => {
      const plan = planOf(compileYaml(`templates:\n  base: {${TRUST}}\n`));
      expect(plan.roles).to.deep.equal({});
    });

    it("2.1 empty mappings and lists are valid values", () => {
      const result = compileYaml("templates: {}\nroles: {}\nremove_roles: []\nremove_role: []\nbuckets: {}\nkeys: {}\n");
      expect(lines(result.diagnostics)).to.deep.equal([]);
      expect(planOf(result).removedRoles).to.deep.equal([]);
    });
  });

  describe("2.2 wrong types", () => {
    it("2.2 a top-level value of the wrong type (including null) names the file, the key, the expected and the found type", () => {
      const yaml = "templates: []\nroles: null\nremove_roles: x\nremove_role: {}\nbuckets: 5\nkeys: true\n";
      expect(lines(errorsOf(compileYaml(yaml)))).to.deep.equal([
        'sandbox/roles.yaml:1:12: error: templates: "templates" must be a mapping of template names to role definitions, found an empty list [E2001]',
        'sandbox/roles.yaml:2:8: error: roles: "roles" must be a mapping of role names to role definitions, found null [E2001]',
        'sandbox/roles.yaml:3:15: error: remove_roles: "remove_roles" must be a list of role names, found the string "x" [E2001]',
        'sandbox/roles.yaml:4:14: error: remove_role: "remove_role" must be a list of role names, found a mapping [E2001]',
        'sandbox/roles.yaml:5:10: error: buckets: "buckets" must be a mapping of bucket names to bucket definitions, found the number 5 [E2001]',
        'sandbox/roles.yaml:6:7: error: keys: "keys" must be a mapping of key alias names to key definitions, found the boolean true [E2001]',
      ]);
    });

    it("2.2 a key written with no value is null, and an error (at the key: the value has no position)", () => {
      expect(lines(errorsOf(compileYaml("roles:\n")))).to.deep.equal([
        'sandbox/roles.yaml:1:1: error: roles: "roles" must be a mapping of role names to role definitions, found null [E2001]',
      ]);
    });
  });

  describe("2.3 unknown top-level keys", () => {
    it("2.3 an unknown key is an error with a suggestion (edit distance 2, ignoring case)", () => {
      const yaml = "role: {}\nRoles: {}\nbucket: {}\nremove-roles: []\nKEYS: {}\ntemplate: {}\n";
      expect(lines(errorsOf(compileYaml(yaml)))).to.deep.equal([
        'sandbox/roles.yaml:1:1: error: role: unknown key "role"; did you mean "roles"? [E0001]',
        'sandbox/roles.yaml:2:1: error: Roles: unknown key "Roles"; did you mean "roles"? [E0001]',
        'sandbox/roles.yaml:3:1: error: bucket: unknown key "bucket"; did you mean "buckets"? [E0001]',
        'sandbox/roles.yaml:4:1: error: remove-roles: unknown key "remove-roles"; did you mean "remove_roles"? [E0001]',
        'sandbox/roles.yaml:5:1: error: KEYS: unknown key "KEYS"; did you mean "keys"? [E0001]',
        'sandbox/roles.yaml:6:1: error: template: unknown key "template"; did you mean "templates"? [E0001]',
      ]);
    });

    it("2.3 an unknown key far from every known key gets no suggestion", () => {
      expect(lines(errorsOf(compileYaml("policies: {}\n")))).to.deep.equal([
        'sandbox/roles.yaml:1:1: error: policies: unknown key "policies" [E0001]',
      ]);
    });

    it("2.3 an unknown key in one file fails the whole account, even if the rest is valid", () => {
      const result = compileFiles({ "sandbox/a.yaml": `roles:\n  web: {${TRUST}}\n`, "sandbox/b.yaml": "users: {}\n" });
      expect(lines(errorsOf(result))).to.deep.equal(['sandbox/b.yaml:1:1: error: users: unknown key "users" [E0001]']);
    });
  });

  describe("2.4 names are global to the account folder", () => {
    it("2.4 a role defined in two files is an error listing every location", () => {
      const result = compileFiles({
        "sandbox/a.yaml": `roles:\n  web: {${TRUST}}\n`,
        "sandbox/b.yaml": `# web again\nroles:\n  web: {${TRUST}}\n`,
      });
      expect(lines(errorsOf(result))).to.deep.equal([
        'sandbox/b.yaml:3:3: error: roles.web: role "web" is defined more than once: sandbox/a.yaml:2, sandbox/b.yaml:3 [E2002]',
      ]);
    });

    it("2.4 three definitions: every location is listed", () => {
      const result = compileFiles({
        "sandbox/a.yaml": `roles:\n  web: {${TRUST}}\n`,
        "sandbox/b.yaml": `roles:\n  web: {${TRUST}}\n`,
        "sandbox/c/d.yml": `roles:\n  other: {${TRUST}}\n  web: {${TRUST}}\n`,
      });
      const messages = errorsOf(result).map((d) => d.message);
      expect(messages).to.have.length.greaterThan(0);
      for (const message of messages) {
        expect(message).to.equal('role "web" is defined more than once: sandbox/a.yaml:2, sandbox/b.yaml:2, sandbox/c/d.yml:3');
      }
    });

    it("2.4 templates, buckets and keys defined twice are errors too", () => {
      const file = "templates:\n  t: {}\nbuckets:\n  my-bucket: {}\nkeys:\n  k: {description: d, location: us-east-1}\n";
      const result = compileFiles({ "sandbox/a.yaml": file, "sandbox/b.yaml": file });
      expect(lines(errorsOf(result))).to.deep.equal([
        'sandbox/b.yaml:2:3: error: templates.t: template "t" is defined more than once: sandbox/a.yaml:2, sandbox/b.yaml:2 [E2002]',
        'sandbox/b.yaml:4:3: error: buckets.my-bucket: bucket "my-bucket" is defined more than once: sandbox/a.yaml:4, sandbox/b.yaml:4 [E2002]',
        'sandbox/b.yaml:6:3: error: keys.k: key "k" is defined more than once: sandbox/a.yaml:6, sandbox/b.yaml:6 [E2002]',
      ]);
    });

    it("2.4 the same name under different top-level keys is not a clash", () => {
      const result = compileYaml(`templates:\n  web: {${TRUST}}\nroles:\n  web: {use: web}\nkeys:\n  web: {description: d, location: us-east-1}\n`);
      expect(lines(result.diagnostics)).to.deep.equal([]);
    });
  });

  describe("2.5 role identity", () => {
    it("2.5 a/web and b/web have the same identity: error", () => {
      const result = compileYaml(`roles:\n  a/web: {${TRUST}}\n  b/web: {${TRUST}}\n`);
      expect(lines(errorsOf(result))).to.deep.equal([
        'sandbox/roles.yaml:3:3: error: roles.b/web: role "b/web" has the IAM name "web", as "a/web" (sandbox/roles.yaml:2) (IAM role names are unique ignoring case) [E2003]',
      ]);
    });

    it("2.5 Web and web have the same identity (case is ignored): error", () => {
      const result = compileFiles({ "sandbox/a.yaml": `roles:\n  web: {${TRUST}}\n`, "sandbox/b.yaml": `roles:\n  Web: {${TRUST}}\n` });
      expect(lines(errorsOf(result))).to.deep.equal([
        'sandbox/b.yaml:2:3: error: roles.Web: role "Web" has the IAM name "Web", as "web" (sandbox/a.yaml:2) (IAM role names are unique ignoring case) [E2003]',
      ]);
    });

    it("2.5 a path and a different case together: ops/WEB and web clash", () => {
      const [d, ...rest] = errorsOf(compileYaml(`roles:\n  web: {${TRUST}}\n  ops/WEB: {${TRUST}}\n`));
      expect(rest).to.deep.equal([]);
      expect([d.code, d.line, d.path]).to.deep.equal(["E2003", 3, "roles.ops/WEB"]);
    });

    it("2.5 different leaves under one path are different roles", () => {
      const plan = planOf(compileYaml(`roles:\n  ops/web: {${TRUST}}\n  ops/web2: {${TRUST}}\n  web-3: {${TRUST}}\n`));
      expect(Object.values(plan.roles).map((r) => r.name)).to.deep.equal(["web", "web2", "web-3"]);
    });
  });

  describe("2.6 remove_roles and remove_role", () => {
    it("2.6 in one file, remove_roles and remove_role form one list", () => {
      expect(planOf(compileYaml("remove_roles: [a, c]\nremove_role: [b]\n")).removedRoles).to.deep.equal(["a", "b", "c"]);
    });

    it("2.6 each item must be a non-empty string", () => {
      expect(lines(errorsOf(compileYaml("remove_roles: ['', 5, null, {a: b}, [x], true]\n")))).to.deep.equal([
        "sandbox/roles.yaml:1:16: error: remove_roles[0]: a role to remove must be a non-empty string, found an empty string [E2004]",
        "sandbox/roles.yaml:1:20: error: remove_roles[1]: a role to remove must be a non-empty string, found the number 5 [E2004]",
        "sandbox/roles.yaml:1:23: error: remove_roles[2]: a role to remove must be a non-empty string, found null [E2004]",
        "sandbox/roles.yaml:1:29: error: remove_roles[3]: a role to remove must be a non-empty string, found a mapping [E2004]",
        "sandbox/roles.yaml:1:37: error: remove_roles[4]: a role to remove must be a non-empty string, found a list [E2004]",
        "sandbox/roles.yaml:1:42: error: remove_roles[5]: a role to remove must be a non-empty string, found the boolean true [E2004]",
      ]);
    });

    it("2.6 a name listed twice in remove_roles is an error naming it", () => {
      expect(lines(errorsOf(compileYaml("remove_roles: [old, new, old]\n")))).to.deep.equal([
        'sandbox/roles.yaml:1:26: error: remove_roles[2]: role "old" is listed for removal more than once in this file [E2005]',
      ]);
    });

    it("2.6 a name in both remove_roles and remove_role of one file is listed twice: error", () => {
      expect(lines(errorsOf(compileYaml("remove_roles: [old]\nremove_role: [old]\n")))).to.deep.equal([
        'sandbox/roles.yaml:2:15: error: remove_role[0]: role "old" is listed for removal more than once in this file [E2005]',
      ]);
    });

    it("2.6 the same name in the removal lists of two files is allowed", () => {
      const result = compileFiles({ "sandbox/a.yaml": "remove_roles: [old]\n", "sandbox/b/c.yaml": "remove_role: [old]\n" });
      expect(lines(result.diagnostics)).to.deep.equal([]);
      expect(planOf(result).removedRoles).to.deep.equal(["old"]);
    });
  });

  describe("2.7 defined and removed", () => {
    it("2.7 a role both defined and removed is an error naming each location with its key", () => {
      const result = compileFiles({
        "sandbox/iam.yaml": `roles:\n  web: {${TRUST}}\n`,
        "sandbox/old/cleanup.yaml": "remove_roles: [web]\n",
      });
      expect(lines(errorsOf(result))).to.deep.equal([
        'sandbox/iam.yaml:2:3: error: roles.web: role "web" is both defined and listed for removal: sandbox/iam.yaml(roles); sandbox/old/cleanup.yaml(remove_roles) [E2006]',
      ]);
    });

    it("2.7 the identity rules apply: ops/Db defined, db and x/DB removed under both keys", () => {
      const result = compileFiles({
        "sandbox/iam.yaml": `roles:\n  ops/Db: {${TRUST}}\n`,
        "sandbox/a.yaml": "remove_role: [db]\n",
        "sandbox/z.yaml": "remove_roles: [x/DB]\n",
      });
      expect(lines(errorsOf(result))).to.deep.equal([
        'sandbox/iam.yaml:2:3: error: roles.ops/Db: role "ops/Db" is both defined and listed for removal: sandbox/iam.yaml(roles); sandbox/a.yaml(remove_role); sandbox/z.yaml(remove_roles) [E2006]',
      ]);
    });

    it("2.7 removal in the same file as the definition", () => {
      const [d] = errorsOf(compileYaml(`roles:\n  web: {${TRUST}}\nremove_roles: [web]\n`));
      expect(d.message).to.equal('role "web" is both defined and listed for removal: sandbox/roles.yaml(roles); sandbox/roles.yaml(remove_roles)');
    });

    it("2.7 all these errors are reported together", () => {
      const result = compileFiles({
        "sandbox/iam.yaml": `roles:\n  a: {${TRUST}}\n  b: {${TRUST}}\n  c: {${TRUST}}\n`,
        "sandbox/old.yaml": "remove_roles: [c, a]\nremove_role: [b]\n",
      });
      expect(errorsOf(result).map((d) => [d.code, d.path])).to.deep.equal([
        ["E2006", "roles.a"],
        ["E2006", "roles.b"],
        ["E2006", "roles.c"],
      ]);
    });
  });
});
