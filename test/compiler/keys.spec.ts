/**
 * DIALECT.md §8: KMS keys: alias names, definitions, the key policy (root and admin statements), its size
 * limit, and grants.
 */
import { expect } from "chai";
import type { CompileOptions, CompileResult, Diagnostic, GrantPlan, Plan } from "../../compiler";
import { compileYaml, planOf } from "../support/stacks";
import { errors, expectExact, lines, show, warnings } from "../support/assertions";

const A = "012345678901";
const LIVE = "210987654321";

/** A file with one key `name`; body line n is file line n + 2, indented by 4. */
function key(name: string, ...body: string[]): string {
  return lines("keys:", `  ${JSON.stringify(name)}:`, ...body.map((l) => `    ${l}`));
}
/** The key `app` in ap-southeast-2 with a description; body line n is file line n + 4. */
function app(...body: string[]): string {
  return key("app", "description: app key", "location: ap-southeast-2", ...body);
}
function compile(yaml: string, options: Partial<CompileOptions> = {}): CompileResult {
  return compileYaml(yaml, options);
}
function grantsOf(plan: Plan, name = "app"): GrantPlan[] {
  return plan.keys[name].grants;
}
/** The grants of key `app` with `grant:` followed by the given lines (file line 6 onwards). */
function grants(...grantLines: string[]): CompileResult {
  return compile(app("grant:", ...grantLines.map((l) => `  ${l}`)));
}
function onlyError(result: CompileResult): Diagnostic {
  const found = errors(result);
  expect(found.map(show)).to.have.length(1);
  return found[0];
}

const ROOT = { Sid: "", Effect: "Allow", Action: "kms:*", Resource: "*", Principal: { AWS: `arn:aws:iam::${A}:root` } };
const SELF_ARN = `arn:aws:kms:ap-southeast-2:${A}:alias/app`;

describe("§8 keys", () => {
  describe("8.1 alias names", () => {
    it("8.1 a name written with alias/ is an error with a hint", () => {
      const d = onlyError(compile(key("alias/app", "description: app key", "location: ap-southeast-2")));
      expect([d.code, d.file, d.line]).to.deep.equal(["E8001", "sandbox/roles.yaml", 2]);
      expect(d.message).to.include('"alias/app"').and.to.include('"app"');
    });

    it("8.1 a name starting with aws/ is an error", () => {
      const d = onlyError(compile(key("aws/app", "description: app key", "location: ap-southeast-2")));
      expect([d.code, d.line]).to.deep.equal(["E8001", 2]);
      expect(d.message).to.include("aws/");
    });

    for (const [name, why] of [
      ["a".repeat(251), "251 characters"],
      ["my key", "a space"],
      ["app.key", "a dot"],
      ["app@key", "an @"],
    ]) {
      it(`8.1 a name with ${why} is an error`, () => {
        const d = onlyError(compile(key(name, "description: app key", "location: ap-southeast-2")));
        expect([d.code, d.file, d.line]).to.deep.equal(["E8001", "sandbox/roles.yaml", 2]);
      });
    }

    it("8.1 names of 1 to 250 characters of [A-Za-z0-9:/_-] are valid, the alias ARN uses them as written", () => {
      const names = ["a", "a".repeat(250), "Team/app:key_1-X"];
      const plan = planOf(compile(lines("keys:", ...names.flatMap((n) => [`  ${JSON.stringify(n)}:`, "    description: k", "    location: us-east-1", "    admin_users: {iam: role/admin}"]))));
      expect(Object.keys(plan.keys).sort()).to.deep.equal([...names].sort());
      expect(plan.keys["Team/app:key_1-X"].policy.Statement[1].Resource).to.equal(`arn:aws:kms:us-east-1:${A}:alias/Team/app:key_1-X`);
    });
  });

  describe("8.2 definition", () => {
    it("8.2 location: written, else R (the region option)", () => {
      const plan = planOf(
        compile(lines("keys:", "  one:", "    description: one", "    location: us-east-1", "  two:", "    description: two"), { region: "eu-west-1" }),
      );
      expect([plan.keys.one.location, plan.keys.two.location]).to.deep.equal(["us-east-1", "eu-west-1"]);
    });

    it("8.2 no location and no R is an error naming the key", () => {
      const found = errors(compile(key("app", "description: app key")));
      expect(found).to.have.length(1);
      expect(found[0]).to.include({ file: "sandbox/roles.yaml", line: 2 });
      expect(found[0].path).to.equal("keys.app");
      expect(found[0].message).to.include("location");
    });

    it("8.2 a location that is not a region is an error", () => {
      const found = errors(compile(key("app", "description: app key", "location: sydney")));
      expect(found.map((d) => [d.file, d.line, d.path])).to.deep.equal([["sandbox/roles.yaml", 4, "keys.app.location"]]);
    });

    it('8.2 a missing description is an error "please define a description"', () => {
      const found = errors(compile(key("app", "location: ap-southeast-2")));
      expect(found.map((d) => [d.code, d.file, d.line, d.path])).to.deep.equal([["E8002", "sandbox/roles.yaml", 3, "keys.app"]]);
      expect(found[0].message).to.include("please define a description");
    });

    it("8.2 a description of 8,192 characters is accepted, 8,193 is an error", () => {
      const ok = planOf(compile(key("app", `description: ${"d".repeat(8192)}`, "location: ap-southeast-2")));
      expect(ok.keys.app.description).to.have.length(8192);
      const found = errors(compile(key("app", `description: ${"d".repeat(8193)}`, "location: ap-southeast-2")));
      expect(found.map((d) => [d.line, d.path])).to.deep.equal([[3, "keys.app.description"]]);
    });

    it("8.2 an unknown key is an error with suggestion (admin_user -> admin_users, grants -> grant)", () => {
      const found = errors(compile(app("admin_user: {iam: role/admin}", "grants: []")));
      expect(found.map((d) => [d.line, d.column, d.path])).to.deep.equal([
        [5, 5, "keys.app.admin_user"],
        [6, 5, "keys.app.grants"],
      ]);
      expect(found[0].message).to.include('did you mean "admin_users"?');
      expect(found[1].message).to.include('did you mean "grant"?');
    });

    it("8.2 the plan entry: location, description, policy, grants", () => {
      const plan = planOf(compile(app()));
      expect(plan.keys).to.deep.equal({
        app: { location: "ap-southeast-2", description: "app key", policy: { Version: "2012-10-17", Statement: [ROOT] }, grants: [] },
      });
    });
  });

  describe("8.3 key policy", () => {
    it("8.3 the root statement is exactly as documented, key order included", () => {
      const plan = planOf(compile(app()));
      expectExact(plan.keys.app.policy, { Version: "2012-10-17", Statement: [ROOT] });
    });

    it("8.3 the admin statement is exactly as documented: alias ARN as Resource, one admin as a string", () => {
      const plan = planOf(compile(app("admin_users: {iam: role/admin}")));
      expectExact(plan.keys.app.policy.Statement, [
        ROOT,
        { Sid: "", Effect: "Allow", Action: "kms:*", Resource: SELF_ARN, Principal: { AWS: `arn:aws:iam::${A}:role/admin` } },
      ]);
    });

    it("8.3 several admins give a sorted AWS list", () => {
      const plan = planOf(compile(app("admin_users:", "  - {iam: role/zed}", "  - 'arn:aws:iam::111122223333:root'", "  - {iam: [role/admin, role/zed], account: live}")));
      expectExact(plan.keys.app.policy.Statement[1], {
        Sid: "",
        Effect: "Allow",
        Action: "kms:*",
        Resource: SELF_ARN,
        Principal: { AWS: [`arn:aws:iam::${A}:role/zed`, "arn:aws:iam::111122223333:root", `arn:aws:iam::${LIVE}:role/admin`, `arn:aws:iam::${LIVE}:role/zed`] },
      });
    });

    it("8.3 the admin statement uses the key's location from R when the key has none", () => {
      const plan = planOf(compile(key("app", "description: app key", "admin_users: {iam: role/admin}"), { region: "eu-west-1" }));
      expect(plan.keys.app.policy.Statement[1].Resource).to.equal(`arn:aws:kms:eu-west-1:${A}:alias/app`);
    });

    it("8.3 statements in order: root, admin, permission, allow_permission, deny_permission (whatever the YAML order)", () => {
      const plan = planOf(
        compile(
          app(
            "deny_permission: {principal: {iam: role/app}, action: kms:ScheduleKeyDeletion, resource: '*'}",
            "allow_permission: [{principal: {iam: role/app}, action: kms:Decrypt, resource: '*'}, {principal: {iam: role/app}, action: kms:Encrypt, resource: '*'}]",
            "permission: {allow: true, principal: {iam: role/app}, action: kms:DescribeKey, resource: '*'}",
            "admin_users: {iam: role/admin}",
          ),
        ),
      );
      const statements = plan.keys.app.policy.Statement;
      expectExact(statements[0], ROOT);
      expect(statements.map((s) => s.Action)).to.deep.equal(["kms:*", "kms:*", "kms:DescribeKey", "kms:Decrypt", "kms:Encrypt", "kms:ScheduleKeyDeletion"]);
      expectExact(statements[5], { Effect: "Deny", Action: "kms:ScheduleKeyDeletion", Resource: "*", Principal: { AWS: `arn:aws:iam::${A}:role/app` } });
    });

    it("8.3 {kms: __self__} in a key policy is the key's alias ARN in its location and account A", () => {
      const plan = planOf(compile(app("allow_permission: {principal: {iam: role/app}, action: kms:Decrypt, resource: {kms: __self__}}")));
      expect(plan.keys.app.policy.Statement[1].Resource).to.equal(SELF_ARN);
    });

    it("6.4.1/§12 item 31: an account beside kms __self__ does not apply to it (the key's own ARN in A) and is W5", () => {
      const result = compile(app("allow_permission: {principal: {iam: role/app}, action: kms:Decrypt, resource: [{kms: __self__, account: live}]}"));
      expect(planOf(result).keys.app.policy.Statement[1].Resource).to.equal(SELF_ARN);
      expect(warnings(result).map(show)).to.deep.equal([
        `sandbox/roles.yaml:5:100: warning: keys.app.allow_permission.resource[0].account: account (${LIVE}) is ignored for kms __self__: a key policy names its own key, in this account (${A})`,
      ]);
      expect(warnings(result)[0].code).to.equal("W5");
    });

    it("6.4.1 W5 only when the account names another account: account A itself, or no __self__, gives no warning", () => {
      const own = compile(app("allow_permission: {principal: {iam: role/app}, action: kms:Decrypt, resource: {kms: __self__, account: sandbox}}"));
      expect(planOf(own).keys.app.policy.Statement[1].Resource).to.equal(SELF_ARN);
      expect(own.diagnostics).to.deep.equal([]);
      const other = compile(app("allow_permission: {principal: {iam: role/app}, action: kms:Decrypt, resource: {kms: logs, account: live}}"));
      expect(planOf(other).keys.app.policy.Statement[1].Resource).to.equal(`arn:aws:kms:ap-southeast-2:${LIVE}:alias/logs`);
      expect(other.diagnostics).to.deep.equal([]);
    });

    it("6.4.1 with __self__ and another alias under one account list, only the other alias follows the accounts", () => {
      const result = compile(app("allow_permission: {principal: {iam: role/app}, action: kms:Decrypt, resource: {kms: [__self__, logs], account: [sandbox, live]}}"));
      expect(planOf(result).keys.app.policy.Statement[1].Resource).to.deep.equal([
        SELF_ARN,
        `arn:aws:kms:ap-southeast-2:${A}:alias/logs`,
        `arn:aws:kms:ap-southeast-2:${LIVE}:alias/logs`,
      ]);
      expect(warnings(result).map((d) => [d.code, d.path])).to.deep.equal([["W5", "keys.app.allow_permission.resource.account"]]);
    });

    it("8.3 {iam: __self__} in a key policy is an error (not role/<alias>)", () => {
      const found = errors(compile(app("allow_permission: {principal: {iam: __self__}, action: kms:Decrypt, resource: '*'}")));
      expect(found).to.have.length(1);
      expect(found[0]).to.include({ code: "E6005", file: "sandbox/roles.yaml", line: 5 });
    });

    it("8.3 {iam: __self__} in admin_users is an error", () => {
      const found = errors(compile(app("admin_users: {iam: __self__}")));
      expect(found).to.have.length(1);
      expect(found[0]).to.include({ code: "E6005", line: 5 });
      expect(found[0].path).to.match(/^keys\.app\.admin_users/);
    });

    it("8.3 {s3: __self__} in a key policy is an error", () => {
      const found = errors(compile(app("allow_permission: {principal: {iam: role/app}, action: kms:Decrypt, resource: {s3: __self__}}")));
      expect(found.map((d) => [d.code, d.line])).to.deep.equal([["E6005", 5]]);
    });

    it('6.5.7/8.3 admin_users "*" makes the admin principal "*", with W3', () => {
      const result = compile(app("admin_users: '*'"));
      expectExact(planOf(result).keys.app.policy.Statement[1], { Sid: "", Effect: "Allow", Action: "kms:*", Resource: SELF_ARN, Principal: "*" });
      expect(warnings(result).map((d) => [d.code, d.line])).to.deep.equal([["W3", 5]]);
    });

    it("6.5/8.3 admin_users that is neither a mapping, an ARN nor \"*\" is an error", () => {
      const found = errors(compile(app("admin_users: [admin]")));
      expect(found.map((d) => [d.code, d.line, d.path])).to.deep.equal([["E6105", 5, "keys.app.admin_users[0]"]]);
    });

    describe("8.3 size limit: 32,768 bytes of canonical text", () => {
      function sized(pad: string) {
        const resource = `arn:aws:kms:ap-southeast-2:${A}:key/${pad}`;
        const yaml = app("allow_permission:", "  principal: {iam: role/app}", "  action: kms:Decrypt", `  resource: "${resource}"`);
        const document = {
          Version: "2012-10-17",
          Statement: [ROOT, { Effect: "Allow", Action: "kms:Decrypt", Resource: resource, Principal: { AWS: `arn:aws:iam::${A}:role/app` } }],
        };
        return { yaml, document };
      }
      const base = JSON.stringify(sized("").document, null, 2).length;

      it("8.3 a key policy of exactly 32,768 bytes passes", () => {
        const { yaml, document } = sized("k".repeat(32768 - base));
        expect(JSON.stringify(document, null, 2)).to.have.length(32768);
        const plan = planOf(compile(yaml));
        expectExact(plan.keys.app.policy, document);
      });

      it("8.3 a key policy of 32,769 bytes is an error naming the key", () => {
        const { yaml, document } = sized("k".repeat(32769 - base));
        expect(JSON.stringify(document, null, 2)).to.have.length(32769);
        const found = errors(compile(yaml));
        expect(found).to.have.length(1);
        expect(found[0]).to.include({ code: "E9101", file: "sandbox/roles.yaml", line: 2, path: "keys.app" });
        expect(found[0].message).to.match(/key policy/).and.to.match(/32,?769/).and.to.match(/32,?768/);
      });
    });
  });

  describe("8.5 grants", () => {
    it("8.5 a grant with every key: one grantee and retiree ARN, operations deduplicated and sorted, constraints, tokens as written", () => {
      const plan = planOf(
        grants(
          "- grantee: {iam: role/app}",
          "  retiree: 'arn:aws:iam::012345678901:role/ops'",
          "  operations: [GenerateDataKey, Encrypt, Decrypt, Encrypt]",
          "  constraints: {EncryptionContextEquals: {app: web, team: ops}}",
          "  grant_tokens: [t2, t1]",
        ),
      );
      expectExact(grantsOf(plan), [
        {
          grantee: `arn:aws:iam::${A}:role/app`,
          retiree: `arn:aws:iam::${A}:role/ops`,
          operations: ["Decrypt", "Encrypt", "GenerateDataKey"],
          constraints: { EncryptionContextEquals: { app: "web", team: "ops" } },
          grantTokens: ["t2", "t1"],
        },
      ]);
    });

    it("8.5 a single grant mapping; operations as a string; retiree, constraints and grant_tokens absent are null", () => {
      const plan = planOf(compile(app("grant:", "  grantee: 'arn:aws:iam::210987654321:role/reader'", "  operations: Decrypt")));
      expectExact(grantsOf(plan), [{ grantee: `arn:aws:iam::${LIVE}:role/reader`, retiree: null, operations: ["Decrypt"], constraints: null, grantTokens: null }]);
    });

    it("8.5 grant_tokens: [] stays []", () => {
      const plan = planOf(grants("- {grantee: {iam: role/app}, operations: Decrypt, grant_tokens: []}"));
      expect(grantsOf(plan)[0].grantTokens).to.deep.equal([]);
    });

    it("8.5 grants keep their order; a grantee from users and assumed-role is one sts ARN", () => {
      const plan = planOf(grants("- {grantee: {iam: role/b}, operations: Decrypt}", "- {grantee: {iam: assumed-role/a, users: bob}, operations: Decrypt}"));
      expect(grantsOf(plan).map((g) => g.grantee)).to.deep.equal([`arn:aws:iam::${A}:role/b`, `arn:aws:sts::${A}:assumed-role/a/bob`]);
    });

    it('8.5 a grantee giving two ARNs is an error "can only have one grantee" (list of names, accounts, list of ARNs)', () => {
      const result = grants(
        "- {grantee: {iam: [role/a, role/b]}, operations: Decrypt}",
        "- {grantee: {iam: role/a, account: [sandbox, live]}, operations: Decrypt}",
        "- {grantee: ['arn:aws:iam::012345678901:role/a', 'arn:aws:iam::012345678901:role/b'], operations: Decrypt}",
      );
      const found = errors(result);
      expect(found.map((d) => [d.code, d.line])).to.deep.equal([
        ["E8004", 6],
        ["E8004", 7],
        ["E8004", 8],
      ]);
      for (const d of found) expect(d.message).to.include("can only have one grantee");
      expect(found[0].path).to.match(/^keys\.app\.grant\[0\]\.grantee/);
    });

    it('8.5 a retiree giving two ARNs is an error "can only have one retiree"', () => {
      const d = onlyError(grants("- {grantee: {iam: role/a}, retiree: {iam: [role/a, role/b]}, operations: Decrypt}"));
      expect([d.code, d.line]).to.deep.equal(["E8004", 6]);
      expect(d.message).to.include("can only have one retiree");
      expect(d.path).to.match(/^keys\.app\.grant\[0\]\.retiree/);
    });

    it("6.2.1/8.5 a grantee string that is not an ARN is an error", () => {
      const d = onlyError(grants("- {grantee: role/app, operations: Decrypt}"));
      expect([d.line, d.path]).to.deep.equal([6, "keys.app.grant[0].grantee"]);
      expect(d.message).to.include("role/app");
    });

    it("6.2.5/8.5 a grantee mapping without iam is an error", () => {
      const d = onlyError(grants("- {grantee: {account: live}, operations: Decrypt}"));
      expect(d.path).to.match(/^keys\.app\.grant\[0\]\.grantee/);
    });

    it("8.5.1 grantee and operations are each required, both reported", () => {
      const result = grants("- {operations: Decrypt}", "- {grantee: {iam: role/app}}", "- {retiree: {iam: role/app}}");
      const found = errors(result);
      expect(found.map((d) => d.path)).to.deep.equal(["keys.app.grant[0]", "keys.app.grant[1]", "keys.app.grant[2]", "keys.app.grant[2]"]);
      expect(found[0].message).to.include("grantee");
      expect(found[1].message).to.include("operations");
      expect(found[2].message + found[3].message).to.include("grantee").and.to.include("operations");
    });

    it("8.5 an empty operations list is an error", () => {
      const d = onlyError(grants("- {grantee: {iam: role/app}, operations: []}"));
      expect(d.path).to.match(/^keys\.app\.grant\[0\]\.operations/);
    });

    it("8.5.2 every symmetric operation is accepted, sorted by code point", () => {
      const all = [
        "RetireGrant",
        "ReEncryptTo",
        "ReEncryptFrom",
        "GenerateDataKeyWithoutPlaintext",
        "GenerateDataKeyPairWithoutPlaintext",
        "GenerateDataKeyPair",
        "GenerateDataKey",
        "Encrypt",
        "DescribeKey",
        "Decrypt",
        "CreateGrant",
      ];
      const plan = planOf(grants(`- {grantee: {iam: role/app}, operations: [${all.join(", ")}]}`));
      expect(grantsOf(plan)[0].operations).to.deep.equal([...all].reverse());
    });

    for (const operation of ["Sign", "Verify", "GetPublicKey", "GenerateMac", "VerifyMac", "DeriveSharedSecret", "Encapsulate", "Decapsulate"]) {
      it(`8.5.2 ${operation} is an error "not valid for a symmetric key"`, () => {
        const d = onlyError(grants(`- {grantee: {iam: role/app}, operations: [Decrypt, ${operation}]}`));
        expect([d.code, d.file, d.line, d.path]).to.deep.equal(["E8005", "sandbox/roles.yaml", 6, "keys.app.grant[0].operations[1]"]);
        expect(d.message).to.include(`"${operation}"`).and.to.include("not valid for a symmetric key");
      });
    }

    for (const [written, suggested] of [
      ["Decrypts", "Decrypt"],
      ["decrypt", "Decrypt"],
      ["ReEncryptTO", "ReEncryptTo"],
    ]) {
      it(`8.5.2 an unknown operation is an error with suggestion (${written} -> ${suggested})`, () => {
        const d = onlyError(grants(`- {grantee: {iam: role/app}, operations: ${written}}`));
        expect([d.code, d.line]).to.deep.equal(["E8006", 6]);
        expect(d.path).to.match(/^keys\.app\.grant\[0\]\.operations/);
        expect(d.message).to.include(`"${written}"`).and.to.include(`did you mean "${suggested}"?`);
      });
    }

    it("8.5 an unknown grant key is an error with suggestion (grantees -> grantee)", () => {
      const found = errors(grants("- {grantees: {iam: role/app}, grantee: {iam: role/app}, operations: Decrypt}"));
      expect(found.map((d) => d.path)).to.deep.equal(["keys.app.grant[0].grantees"]);
      expect(found[0].message).to.include('did you mean "grantee"?');
    });

    it("8.5 constraints: both EncryptionContextEquals and EncryptionContextSubset is an error at the kind written second", () => {
      const result = grants(
        "- grantee: {iam: role/app}",
        "  operations: Decrypt",
        "  constraints:",
        "    EncryptionContextSubset: {team: ops}",
        "    EncryptionContextEquals: {app: web}",
        "- {grantee: {iam: role/app}, operations: Encrypt, constraints: {EncryptionContextEquals: {app: web}}}",
      );
      expect(errors(result).map(show)).to.deep.equal([
        "sandbox/roles.yaml:10:11: error: keys.app.grant[0].constraints.EncryptionContextEquals: a grant takes one kind of encryption context constraint, EncryptionContextEquals or EncryptionContextSubset, not both (KMS accepts one kind per grant); keep one of them",
      ]);
      expect(errors(result)[0].code).to.equal("E8008");
    });

    it("8.5 constraints: {} (and null) mean no constraint", () => {
      const plan = planOf(grants("- {grantee: {iam: role/app}, operations: Decrypt, constraints: {}}", "- {grantee: {iam: role/app}, operations: Encrypt, constraints: null}"));
      expect(grantsOf(plan).map((g) => g.constraints)).to.deep.equal([null, null]);
    });

    it("8.5 constraints: 8 pairs and values of 384 characters are accepted", () => {
      const pairs = Array.from({ length: 8 }, (_, i) => `k${i}: ${i === 0 ? "v".repeat(384) : "v"}`).join(", ");
      const plan = planOf(grants(`- {grantee: {iam: role/app}, operations: Decrypt, constraints: {EncryptionContextSubset: {${pairs}}}}`));
      expect(Object.keys(grantsOf(plan)[0].constraints!.EncryptionContextSubset!)).to.have.length(8);
    });

    it("8.5 constraints: 9 pairs is an error", () => {
      const pairs = Array.from({ length: 9 }, (_, i) => `k${i}: v`).join(", ");
      const d = onlyError(grants(`- {grantee: {iam: role/app}, operations: Decrypt, constraints: {EncryptionContextEquals: {${pairs}}}}`));
      expect(d.path).to.match(/^keys\.app\.grant\[0\]\.constraints\.EncryptionContextEquals/);
    });

    it("8.5 constraints: a value of 385 characters is an error", () => {
      const d = onlyError(grants(`- {grantee: {iam: role/app}, operations: Decrypt, constraints: {EncryptionContextEquals: {k: ${"v".repeat(385)}}}}`));
      expect(d.path).to.match(/^keys\.app\.grant\[0\]\.constraints\.EncryptionContextEquals/);
    });

    it("8.5 constraints: another key, or a value that is not a string, is an error", () => {
      const result = grants(
        "- {grantee: {iam: role/app}, operations: Decrypt, constraints: {EncryptionContext: {k: v}}}",
        "- {grantee: {iam: role/app}, operations: Encrypt, constraints: {EncryptionContextEquals: {k: 5}}}",
      );
      const found = errors(result);
      expect(found).to.have.length(2);
      expect(found[0].path).to.match(/^keys\.app\.grant\[0\]\.constraints/);
      expect(found[1].path).to.match(/^keys\.app\.grant\[1\]\.constraints\.EncryptionContextEquals/);
    });

    it("8.5.3 two identical grants of one key are an error", () => {
      const found = errors(grants("- {grantee: {iam: role/app}, operations: [Decrypt, Encrypt]}", "- {grantee: 'arn:aws:iam::012345678901:role/app', operations: [Encrypt, Decrypt]}"));
      expect(found).to.have.length(1);
      expect(found[0]).to.include({ code: "E8007", file: "sandbox/roles.yaml" });
      expect(found[0].path).to.match(/^keys\.app\.grant\[[01]\]/);
    });

    it("8.5.3 grants differing only in retiree, or only in grant tokens, are different grants", () => {
      const plan = planOf(
        grants(
          "- {grantee: {iam: role/app}, operations: Decrypt}",
          "- {grantee: {iam: role/app}, operations: Decrypt, retiree: {iam: role/ops}}",
          "- {grantee: {iam: role/app}, operations: Decrypt, grant_tokens: [t1]}",
        ),
      );
      expect(grantsOf(plan)).to.have.length(3);
    });
  });
});
