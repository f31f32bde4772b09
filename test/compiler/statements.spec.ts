/**
 * DIALECT.md §5: statements. Written from the spec: the common rules (5.1), trust statements (5.2),
 * permission statements (5.3) and normalisation (5.4), checked on the documents of the plan and on the
 * diagnostics a user sees.
 */
import { expect } from "chai";
import type { CompileResult, Diagnostic, Plan } from "../../compiler";
import { compileYaml, planOf } from "../support/stacks";
import { errors, expectExact, lines, show } from "../support/assertions";

const A = "012345678901";
const LIVE = "210987654321";

/** A file with one role `web`; body line n is file line n + 2, indented by 4. */
function role(...body: string[]): string {
  return lines("roles:", "  web:", ...body.map((l) => `    ${l}`));
}
/** A file with one bucket `my-bucket`; body line n is file line n + 2, indented by 4. */
function bucket(...body: string[]): string {
  return lines("buckets:", "  my-bucket:", ...body.map((l) => `    ${l}`));
}
/** A file with one key `app` in ap-southeast-2; body line n is file line n + 4, indented by 4. */
function key(...body: string[]): string {
  return lines("keys:", "  app:", "    description: app key", "    location: ap-southeast-2", ...body.map((l) => `    ${l}`));
}
/** The warnings, except W1 (4.6, the default EC2 trust of a role written here without trust statements). */
function warnings(result: CompileResult): Diagnostic[] {
  return result.diagnostics.filter((d) => d.severity === "warning" && d.code !== "W1");
}
function trustOf(plan: Plan, name = "web"): unknown[] {
  return plan.roles[name].trustPolicy.Statement;
}
function policyOf(plan: Plan, name = "web"): unknown[] {
  const policy = plan.roles[name].policy;
  expect(policy, "inline policy").to.not.equal(null);
  return policy!.Statement;
}
function bucketPolicyOf(plan: Plan, name = "my-bucket"): unknown[] {
  const policy = plan.buckets[name].policy;
  expect(policy, "bucket policy").to.not.equal(null);
  return policy!.Statement;
}

describe("§5 statements", () => {
  describe("5.1 common rules", () => {
    it("5.1.1 a string item in a statement list is an error at that item", () => {
      const result = compileYaml(role("allow_permission:", '  - {action: "s3:GetObject", resource: "*"}', '  - "s3:*"'));
      expect(errors(result).map(show)).to.deep.equal([
        'sandbox/roles.yaml:5:9: error: roles.web.allow_permission[1]: a statement must be a mapping, found the string "s3:*"',
      ]);
    });

    it("5.1.1 null and list items in a statement list are errors, each reported", () => {
      const result = compileYaml(role("deny_permission:", "  - null", "  - [a, b]", '  - {action: "s3:GetObject", resource: "*"}'));
      const found = errors(result);
      expect(found.map((d) => [d.code, d.path, d.line])).to.deep.equal([
        ["E5001", "roles.web.deny_permission[0]", 4],
        ["E5001", "roles.web.deny_permission[1]", 5],
      ]);
    });

    it("5.1.1 a trust statement written as a string is an error", () => {
      const result = compileYaml(role("allow_to_assume_me: [ec2]"));
      const found = errors(result);
      expect(found).to.have.length(1);
      expect(found[0]).to.include({ file: "sandbox/roles.yaml", line: 3, path: "roles.web.allow_to_assume_me[0]" });
      expect(found[0].message).to.match(/must be a mapping/);
    });

    it("5.1.1 a statement key whose single value is a string is an error", () => {
      const result = compileYaml(role('allow_permission: "s3:*"'));
      const found = errors(result);
      expect(found).to.have.length(1);
      expect(found[0]).to.include({ file: "sandbox/roles.yaml", line: 3, path: "roles.web.allow_permission" });
      expect(found[0].message).to.match(/mapping/);
    });

    it("5.1.1 a single statement (no list) and a list of statements are both accepted", () => {
      const single = planOf(compileYaml(role('allow_permission: {action: "s3:GetObject", resource: "*"}')));
      const list = planOf(compileYaml(role("allow_permission:", '  - {action: "s3:GetObject", resource: "*"}')));
      const expected = [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }];
      expectExact(policyOf(single), expected);
      expectExact(policyOf(list), expected);
    });

    it("5.1.2 pass-through keys are copied unchanged: nested mappings, lists in written order, null and numbers", () => {
      const plan = planOf(
        compileYaml(
          role(
            "allow_permission:",
            "  Condition:",
            '    StringEquals: {"aws:RequestTag/team": [b, a, b]}',
            '    "Null": {"aws:TokenIssueTime": null}',
            '    NumericLessThan: {"s3:max-keys": 10}',
            '  action: "s3:ListBucket"',
            '  resource: "*"',
          ),
        ),
      );
      expectExact(policyOf(plan), [
        {
          Condition: {
            StringEquals: { "aws:RequestTag/team": ["b", "a", "b"] },
            Null: { "aws:TokenIssueTime": null },
            NumericLessThan: { "s3:max-keys": 10 },
          },
          Effect: "Allow",
          Action: "s3:ListBucket",
          Resource: "*",
        },
      ]);
    });

    it("5.1.2 every one of the nine IAM elements passes through", () => {
      const plan = planOf(
        compileYaml(
          bucket(
            "permission:",
            "  - Sid: ReadAll",
            "    Effect: Allow",
            "    Principal: {AWS: 'arn:aws:iam::210987654321:root'}",
            "    Action: s3:GetObject",
            "    Resource: 'arn:aws:s3:::my-bucket/*'",
            "    Condition: {Bool: {'aws:SecureTransport': true}}",
            "  - Sid: DenyOthers",
            "    Effect: Deny",
            "    NotPrincipal: {AWS: 'arn:aws:iam::210987654321:root'}",
            "    NotAction: s3:GetObject",
            "    NotResource: 'arn:aws:s3:::my-bucket/public/*'",
          ),
        ),
      );
      expectExact(bucketPolicyOf(plan), [
        {
          Sid: "ReadAll",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${LIVE}:root` },
          Action: "s3:GetObject",
          Resource: "arn:aws:s3:::my-bucket/*",
          Condition: { Bool: { "aws:SecureTransport": true } },
        },
        {
          Sid: "DenyOthers",
          Effect: "Deny",
          NotPrincipal: { AWS: `arn:aws:iam::${LIVE}:root` },
          NotAction: "s3:GetObject",
          NotResource: "arn:aws:s3:::my-bucket/public/*",
        },
      ]);
    });

    it("5.1.2 an unknown lower-case key is an error with suggestion: condition -> Condition", () => {
      const result = compileYaml(role("allow_permission:", '  action: "s3:GetObject"', '  resource: "*"', "  condition: {Bool: {'aws:SecureTransport': true}}"));
      expect(errors(result).map(show)).to.deep.equal([
        'sandbox/roles.yaml:6:7: error: roles.web.allow_permission.condition: unknown key "condition" in a permission statement; did you mean "Condition"?',
      ]);
    });

    it("5.1.2 an unknown lower-case key in a trust statement is an error with suggestion: services -> service", () => {
      const result = compileYaml(role("allow_to_assume_me:", "  - services: ec2"));
      expect(errors(result).map(show)).to.deep.equal([
        'sandbox/roles.yaml:4:9: error: roles.web.allow_to_assume_me[0].services: unknown key "services" in a trust statement; did you mean "service"?',
      ]);
    });

    it("5.1.2 recognised keys depend on the context: action in a trust statement is unknown (suggests Action)", () => {
      const result = compileYaml(role("allow_to_assume_me:", "  service: ec2", "  action: sts:AssumeRole"));
      const found = errors(result);
      expect(found.map((d) => [d.code, d.path, d.line, d.column])).to.deep.equal([["E5002", "roles.web.allow_to_assume_me.action", 5, 7]]);
      expect(found[0].message).to.include('"action"').and.to.include('did you mean "Action"?');
    });

    it("5.1.2 recognised keys depend on the context: service in a permission statement is unknown", () => {
      const result = compileYaml(role("allow_permission:", '  action: "s3:GetObject"', '  resource: "*"', "  service: ec2"));
      const found = errors(result);
      expect(found.map((d) => [d.code, d.path, d.line, d.column])).to.deep.equal([["E5002", "roles.web.allow_permission.service", 6, 7]]);
      expect(found[0].message).to.include('"service"');
    });

    it("5.1.2 an upper-case key that is not an IAM element is an error with suggestion: Principle -> Principal", () => {
      const result = compileYaml(bucket("allow_permission:", '  action: "s3:GetObject"', "  resource: {s3: __self__}", '  Principle: "*"'));
      const found = errors(result);
      expect(found.map((d) => [d.code, d.path, d.line, d.column])).to.deep.equal([["E5002", "buckets.my-bucket.allow_permission.Principle", 6, 7]]);
      expect(found[0].message).to.include('"Principle"').and.to.include('did you mean "Principal"?');
    });

    it("5.1.2 an upper-case key far from every element is an error without suggestion", () => {
      const result = compileYaml(role("allow_permission:", '  action: "s3:GetObject"', '  resource: "*"', "  Version: '2012-10-17'"));
      const found = errors(result);
      expect(found.map((d) => [d.code, d.path])).to.deep.equal([["E5002", "roles.web.allow_permission.Version"]]);
      expect(found[0].message).to.include('"Version"').and.not.to.include("did you mean");
    });

    it("5.1.2 a key starting with a non-ASCII upper-case letter is upper-case: not an element, so error with suggestion (Ëffect -> Effect)", () => {
      const result = compileYaml(role("allow_permission:", '  action: "s3:GetObject"', '  resource: "*"', "  Ëffect: Allow"));
      const found = errors(result);
      expect(found.map((d) => [d.code, d.path, d.line, d.column])).to.deep.equal([["E5002", "roles.web.allow_permission.Ëffect", 6, 7]]);
      expect(found[0].message).to.include('"Ëffect"').and.to.include('did you mean "Effect"?');
    });

    it("5.1.2 a key starting with neither a lower-case recognised key nor an upper-case letter is an error (_comment)", () => {
      const result = compileYaml(role("allow_permission:", '  action: "s3:GetObject"', '  resource: "*"', "  _comment: why"));
      const found = errors(result);
      expect(found.map((d) => [d.code, d.path])).to.deep.equal([["E5002", "roles.web.allow_permission._comment"]]);
    });

    it("5.1.3 Effect other than exactly Allow/Deny is an error (permission, no default)", () => {
      const result = compileYaml(role("permission:", "  Effect: allow", '  action: "s3:GetObject"', '  resource: "*"'));
      expect(errors(result).map(show)).to.deep.equal([
        'sandbox/roles.yaml:4:15: error: roles.web.permission.Effect: Effect must be "Allow" or "Deny", found the string "allow"',
      ]);
    });

    it("5.1.3 an invalid Effect is an error even where the list default would overwrite it (allow_permission, deny_permission)", () => {
      const result = compileYaml(
        role(
          "allow_permission:",
          '  - {Effect: ALLOW, action: "s3:GetObject", resource: "*"}',
          "deny_permission:",
          '  - {Effect: true, action: "s3:PutObject", resource: "*"}',
        ),
      );
      const found = errors(result);
      expect(found.map((d) => [d.code, d.path, d.line])).to.deep.equal([
        ["E5003", "roles.web.allow_permission[0].Effect", 4],
        ["E5003", "roles.web.deny_permission[0].Effect", 6],
      ]);
    });

    it("5.1.3 an invalid Effect in a trust statement is an error", () => {
      const result = compileYaml(role("allow_to_assume_me:", "  service: ec2", "  Effect: deny"));
      const found = errors(result);
      expect(found.map((d) => [d.code, d.path, d.line, d.column])).to.deep.equal([["E5003", "roles.web.allow_to_assume_me.Effect", 5, 15]]);
    });

    it("5.1.4 a non-empty Sid used twice in one inline policy is an error", () => {
      const result = compileYaml(
        role(
          "allow_permission:",
          '  - {Sid: Read, action: "s3:GetObject", resource: "*"}',
          "deny_permission:",
          '  - {Sid: Read, action: "s3:PutObject", resource: "*"}',
        ),
      );
      const found = errors(result);
      expect(found).to.have.length(1);
      expect(found[0]).to.include({ code: "E5004", file: "sandbox/roles.yaml" });
      expect(found[0].message).to.equal('Sid "Read" is used by more than one statement of this document');
      expect(found[0].path).to.match(/^roles\.web\.(allow|deny)_permission\[0\]/);
    });

    it("5.1.4 the same Sid in the trust policy and in the inline policy is fine (different documents)", () => {
      const plan = planOf(compileYaml(role("allow_to_assume_me: {service: ec2, Sid: One}", 'allow_permission: {Sid: One, action: "s3:GetObject", resource: "*"}')));
      expect((trustOf(plan)[0] as Record<string, unknown>).Sid).to.equal("One");
      expect((policyOf(plan)[0] as Record<string, unknown>).Sid).to.equal("One");
    });

    it("5.1.4 a Sid with characters other than letters and digits is an error in role documents (trust and inline)", () => {
      const result = compileYaml(
        role("allow_to_assume_me: {service: ec2, Sid: trust-ec2}", 'allow_permission: {Sid: "Read all", action: "s3:GetObject", resource: "*"}'),
      );
      const found = errors(result);
      expect(found.map((d) => [d.code, d.path])).to.deep.equal([
        ["E5005", "roles.web.allow_to_assume_me.Sid"],
        ["E5005", "roles.web.allow_permission.Sid"],
      ]);
    });

    it("5.1.4 bucket and key policies accept any Sid characters, but a repeated Sid is still an error", () => {
      const ok = planOf(
        compileYaml(bucket("allow_permission:", '  - {Sid: "Read-all objects", principal: "*", action: "s3:GetObject", resource: {s3: __self__}}')),
      );
      expect((bucketPolicyOf(ok)[0] as Record<string, unknown>).Sid).to.equal("Read-all objects");
      const twice = compileYaml(
        key(
          "allow_permission:",
          '  - {Sid: "use-key", principal: {iam: role/app}, action: "kms:Decrypt", resource: "*"}',
          '  - {Sid: "use-key", principal: {iam: role/app}, action: "kms:Encrypt", resource: "*"}',
        ),
      );
      expect(errors(twice).map((d) => d.code)).to.deep.equal(["E5004"]);
    });

    it("5.1.4 the empty Sid is exempt from uniqueness (generated in trust and bucket policies, or written)", () => {
      const plan = planOf(
        compileYaml(
          lines(
            "roles:",
            "  web:",
            "    allow_to_assume_me: [{service: ec2}, {service: lambda}]",
            '    allow_permission: [{Sid: "", action: "s3:GetObject", resource: "*"}, {Sid: "", action: "s3:PutObject", resource: "*"}]',
            "buckets:",
            "  my-bucket:",
            '    allow_permission: [{principal: "*", action: "s3:GetObject", resource: {s3: __self__}}, {principal: "*", action: "s3:ListBucket", resource: {s3: __self__}}]',
          ),
        ),
      );
      expect(trustOf(plan).map((s) => (s as Record<string, unknown>).Sid)).to.deep.equal(["", ""]);
      expect(policyOf(plan).map((s) => (s as Record<string, unknown>).Sid)).to.deep.equal(["", ""]);
      expect(bucketPolicyOf(plan).map((s) => (s as Record<string, unknown>).Sid)).to.deep.equal(["", ""]);
    });
  });

  describe("5.2 trust statements", () => {
    it("5.2 the worked example gives exactly the documented statements, key order included", () => {
      const plan = planOf(
        compileYaml(
          role(
            "allow_to_assume_me:",
            "  - service: [lambda, ec2]",
            '    Condition: {StringEquals: {"aws:SourceAccount": "012345678901"}}',
            "  - federated: {iam: saml-provider/corp-idp}",
          ),
        ),
      );
      expect(plan.roles.web.trustPolicy.Version).to.equal("2012-10-17");
      expectExact(trustOf(plan), [
        {
          Condition: { StringEquals: { "aws:SourceAccount": "012345678901" } },
          Principal: { Service: ["ec2.amazonaws.com", "lambda.amazonaws.com"] },
          Action: "sts:AssumeRole",
          Effect: "Allow",
          Sid: "",
        },
        {
          Principal: { Federated: `arn:aws:iam::${A}:saml-provider/corp-idp` },
          Action: "sts:AssumeRoleWithSAML",
          Effect: "Allow",
          Sid: "",
        },
      ]);
      expect(plan.roles.web.trustPolicy.Statement).to.have.length(2);
      expect(plan.warnings).to.deep.equal([]);
    });

    it("5.2.1 pass-through entries come first in input order, then Principal, Action, Effect; a written Sid keeps its place", () => {
      const plan = planOf(compileYaml(role("allow_to_assume_me:", "  Condition: {Bool: {'aws:MultiFactorAuthPresent': true}}", "  Sid: Mfa", "  service: ec2")));
      expectExact(trustOf(plan), [
        {
          Condition: { Bool: { "aws:MultiFactorAuthPresent": true } },
          Sid: "Mfa",
          Principal: { Service: "ec2.amazonaws.com" },
          Action: "sts:AssumeRole",
          Effect: "Allow",
        },
      ]);
    });

    it("5.2.2 a pass-through Principal mapping keeps its place and its entries come before the expanded ones", () => {
      const plan = planOf(
        compileYaml(role("allow_to_assume_me:", "  Principal: {AWS: 'arn:aws:iam::111122223333:root'}", "  Condition: {Bool: {'aws:SecureTransport': true}}", "  service: ec2")),
      );
      expectExact(trustOf(plan), [
        {
          Principal: { AWS: "arn:aws:iam::111122223333:root", Service: "ec2.amazonaws.com" },
          Condition: { Bool: { "aws:SecureTransport": true } },
          Action: "sts:AssumeRole",
          Effect: "Allow",
          Sid: "",
        },
      ]);
    });

    it("5.2.2 a pass-through Principal mapping and iam both add to AWS (merged, deduplicated, sorted)", () => {
      const plan = planOf(compileYaml(role("allow_to_assume_me:", `  Principal: {AWS: ['arn:aws:iam::${LIVE}:root', 'arn:aws:iam::${A}:root']}`, "  iam: root", "  account: live")));
      expectExact(trustOf(plan), [
        {
          Principal: { AWS: [`arn:aws:iam::${A}:root`, `arn:aws:iam::${LIVE}:root`] },
          Action: "sts:AssumeRole",
          Effect: "Allow",
          Sid: "",
        },
      ]);
    });

    it('5.2.2 a pass-through Principal "*" alone is kept as the string "*" (with W3)', () => {
      const result = compileYaml(role("allow_to_assume_me:", "  Principal: '*'"));
      expectExact(trustOf(planOf(result)), [{ Principal: "*", Action: "sts:AssumeRole", Effect: "Allow", Sid: "" }]);
      expect(warnings(result).map((d) => d.code)).to.deep.equal(["W3"]);
    });

    for (const instruction of ["service: ec2", "federated: 'arn:aws:iam::012345678901:saml-provider/corp'", "iam: root"]) {
      it(`5.2.2 a pass-through Principal "*" together with ${instruction.split(":")[0]} is an error`, () => {
        const result = compileYaml(role("allow_to_assume_me:", "  Principal: '*'", `  ${instruction}`));
        const found = errors(result);
        expect(found).to.have.length(1);
        expect(found[0]).to.include({ file: "sandbox/roles.yaml", line: 5 });
        expect(found[0].path).to.match(/^roles\.web\.allow_to_assume_me(\.|$)/);
      });
    }

    it("5.2.2 a pass-through NotPrincipal that is not a mapping, in a disallow statement, with service is an error", () => {
      const result = compileYaml(role("disallow_to_assume_me:", "  NotPrincipal: '*'", "  service: ec2"));
      expect(errors(result).map((d) => d.code)).to.deep.equal(["E5101"]);
    });

    it("5.2.3 account without iam is an error", () => {
      const result = compileYaml(role("allow_to_assume_me:", "  service: ec2", "  account: live"));
      const found = errors(result);
      expect(found.map((d) => [d.code, d.file, d.line, d.path])).to.deep.equal([["E5102", "sandbox/roles.yaml", 5, "roles.web.allow_to_assume_me.account"]]);
    });

    it("5.2.3 users without iam is an error", () => {
      const result = compileYaml(role("allow_to_assume_me:", "  - service: ec2", "    users: alice"));
      const found = errors(result);
      expect(found.map((d) => [d.code, d.line, d.path])).to.deep.equal([["E5102", 5, "roles.web.allow_to_assume_me[0].users"]]);
    });

    it('5.2.3 account without iam is an error also next to a pass-through Principal "*"', () => {
      const result = compileYaml(role("allow_to_assume_me:", "  Principal: '*'", "  account: live"));
      expect(errors(result).map((d) => d.code)).to.deep.equal(["E5102"]);
    });

    it("5.2.3 iam with account and users gives AWS (users string is one user; assumed-role uses sts)", () => {
      const plan = planOf(compileYaml(role("allow_to_assume_me:", "  iam: assumed-role/deployer", "  account: live", "  users: alice")));
      expectExact(trustOf(plan), [
        { Principal: { AWS: `arn:aws:sts::${LIVE}:assumed-role/deployer/alice` }, Action: "sts:AssumeRole", Effect: "Allow", Sid: "" },
      ]);
    });

    it("5.2.3 service, federated and iam in one statement give Service, Federated, AWS in that order and the SAML action", () => {
      const plan = planOf(compileYaml(role("allow_to_assume_me:", "  iam: root", "  federated: {iam: saml-provider/corp}", "  service: ec2")));
      expectExact(trustOf(plan), [
        {
          Principal: { Service: "ec2.amazonaws.com", Federated: `arn:aws:iam::${A}:saml-provider/corp`, AWS: `arn:aws:iam::${A}:root` },
          Action: "sts:AssumeRoleWithSAML",
          Effect: "Allow",
          Sid: "",
        },
      ]);
    });

    it("5.2.3 federated with a written Action keeps that Action (no SAML action, no W6)", () => {
      const result = compileYaml(
        role(
          "allow_to_assume_me:",
          "  federated: {iam: oidc-provider/token.actions.githubusercontent.com}",
          "  Action: sts:AssumeRoleWithWebIdentity",
          "  Condition: {StringLike: {'token.actions.githubusercontent.com:sub': 'repo:org/*'}}",
        ),
      );
      expectExact(trustOf(planOf(result)), [
        {
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: { StringLike: { "token.actions.githubusercontent.com:sub": "repo:org/*" } },
          Principal: { Federated: `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com` },
          Effect: "Allow",
          Sid: "",
        },
      ]);
      expect(warnings(result)).to.deep.equal([]);
    });

    it("5.2.3/5.2.5 with a NotAction neither the SAML action nor the default Action is inserted", () => {
      const plan = planOf(compileYaml(role("allow_to_assume_me:", "  NotAction: sts:TagSession", "  federated: 'arn:aws:iam::012345678901:saml-provider/corp'")));
      expectExact(trustOf(plan), [
        {
          NotAction: "sts:TagSession",
          Principal: { Federated: `arn:aws:iam::${A}:saml-provider/corp` },
          Effect: "Allow",
          Sid: "",
        },
      ]);
    });

    it('5.2.4 a statement that names no principal is an error "statement names no principal"', () => {
      const result = compileYaml(role("allow_to_assume_me:", "  - Condition: {Bool: {'aws:SecureTransport': true}}"));
      const found = errors(result);
      expect(found.map((d) => [d.code, d.file, d.path, d.message])).to.deep.equal([
        ["E5103", "sandbox/roles.yaml", "roles.web.allow_to_assume_me[0]", "statement names no principal"],
      ]);
    });

    it('5.2.4 an empty pass-through Principal {} is an error "statement names no principal"', () => {
      const result = compileYaml(role("allow_to_assume_me:", "  Principal: {}"));
      const found = errors(result);
      expect(found.map((d) => [d.code, d.message])).to.deep.equal([["E5103", "statement names no principal"]]);
    });

    it("5.2.4 the principal is normalised: services deduplicated and sorted, one item becomes a string", () => {
      const plan = planOf(
        compileYaml(role("allow_to_assume_me:", "  - service: [lambda, ec2, lambda, ecs-tasks]", "  - service: [ec2]", "  - service: [ec2, ec2.amazonaws.com]")),
      );
      expectExact(
        trustOf(plan).map((s) => (s as Record<string, unknown>).Principal),
        [{ Service: ["ec2.amazonaws.com", "ecs-tasks.amazonaws.com", "lambda.amazonaws.com"] }, { Service: "ec2.amazonaws.com" }, { Service: "ec2.amazonaws.com" }],
      );
    });

    it("5.2.5 defaults are inserted only when absent: a written Effect Deny and a written Action list are kept (normalised)", () => {
      const plan = planOf(compileYaml(role("allow_to_assume_me:", "  Effect: Deny", "  Action: [sts:TagSession, sts:AssumeRole, sts:TagSession]", "  service: ec2")));
      expectExact(trustOf(plan), [
        { Effect: "Deny", Action: ["sts:AssumeRole", "sts:TagSession"], Principal: { Service: "ec2.amazonaws.com" }, Sid: "" },
      ]);
    });

    for (const element of ["Resource", "NotResource"]) {
      it(`5.2.6 ${element} in a trust statement is an error`, () => {
        const result = compileYaml(role("allow_to_assume_me:", "  service: ec2", `  ${element}: '*'`));
        const found = errors(result);
        expect(found.map((d) => [d.code, d.file, d.line, d.path, d.message])).to.deep.equal([
          ["E5104", "sandbox/roles.yaml", 5, `roles.web.allow_to_assume_me.${element}`, `${element} is not allowed in a trust policy`],
        ]);
      });
    }

    it("5.2.6 Principal and NotPrincipal in one allow statement is an error", () => {
      const result = compileYaml(role("allow_to_assume_me:", "  NotPrincipal: {AWS: 'arn:aws:iam::210987654321:root'}", "  service: ec2"));
      const found = errors(result);
      expect(found.map((d) => [d.code, d.message])).to.deep.equal([["E5105", "Principal and NotPrincipal cannot both be given in one statement"]]);
      expect(found[0].path).to.match(/^roles\.web\.allow_to_assume_me/);
    });

    it("5.2.6 Principal and NotPrincipal in one disallow statement is an error", () => {
      const result = compileYaml(role("disallow_to_assume_me:", "  Principal: {AWS: 'arn:aws:iam::210987654321:root'}", "  iam: root"));
      expect(errors(result).map((d) => d.code)).to.deep.equal(["E5105"]);
    });

    it("5.2 disallow_to_assume_me gives NotPrincipal with Effect Allow, and W2 on the statement", () => {
      const result = compileYaml(role("allow_to_assume_me: {service: ec2}", "disallow_to_assume_me:", "  iam: root", "  account: live"));
      const plan = planOf(result);
      expectExact(trustOf(plan), [
        { Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole", Effect: "Allow", Sid: "" },
        { NotPrincipal: { AWS: `arn:aws:iam::${LIVE}:root` }, Action: "sts:AssumeRole", Effect: "Allow", Sid: "" },
      ]);
      expect(warnings(result).map((d) => [d.code, d.file, d.line, d.path, d.message])).to.deep.equal([
        [
          "W2",
          "sandbox/roles.yaml",
          5,
          "roles.web.disallow_to_assume_me",
          "disallow_to_assume_me gives an Allow with NotPrincipal (every principal except those listed may assume the role), not a Deny",
        ],
      ]);
      expect(plan.warnings.map((w) => w.path)).to.deep.equal(["roles.web.disallow_to_assume_me"]);
    });

    it("5.2.7 no W2 on a disallow statement whose Effect is Deny", () => {
      const result = compileYaml(role("allow_to_assume_me: {service: ec2}", "disallow_to_assume_me:", "  - Effect: Deny", "    iam: root", "    account: live"));
      const plan = planOf(result);
      expectExact(trustOf(plan)[1], { Effect: "Deny", NotPrincipal: { AWS: `arn:aws:iam::${LIVE}:root` }, Action: "sts:AssumeRole", Sid: "" });
      expect(warnings(result)).to.deep.equal([]);
    });

    it("4.6/5.2 allow statements come before disallow statements, each in list order, whatever the YAML order", () => {
      const plan = planOf(
        compileYaml(role("disallow_to_assume_me: [{Effect: Deny, iam: root, account: live}]", "allow_to_assume_me: [{service: lambda}, {service: ec2}]")),
      );
      expect(trustOf(plan).map((s) => JSON.stringify((s as Record<string, unknown>).Principal ?? (s as Record<string, unknown>).NotPrincipal))).to.deep.equal([
        '{"Service":"lambda.amazonaws.com"}',
        '{"Service":"ec2.amazonaws.com"}',
        `{"AWS":"arn:aws:iam::${LIVE}:root"}`,
      ]);
    });

    it("5.2.7 W6 for an OIDC provider with the SAML action defaulted", () => {
      const result = compileYaml(role("allow_to_assume_me:", "  federated: {iam: oidc-provider/token.actions.githubusercontent.com}"));
      const plan = planOf(result);
      expect((trustOf(plan)[0] as Record<string, unknown>).Action).to.equal("sts:AssumeRoleWithSAML");
      const found = warnings(result);
      expect(found.map((d) => [d.code, d.file, d.line])).to.deep.equal([["W6", "sandbox/roles.yaml", 4]]);
      expect(found[0].path).to.match(/^roles\.web\.allow_to_assume_me\.federated/);
      expect(found[0].message).to.include(`arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`);
    });

    it("5.2.7 W6 for a federated value that is not an ARN (cognito-identity.amazonaws.com) with the SAML action defaulted", () => {
      const result = compileYaml(role("allow_to_assume_me:", "  federated: cognito-identity.amazonaws.com"));
      expectExact(trustOf(planOf(result)), [
        { Principal: { Federated: "cognito-identity.amazonaws.com" }, Action: "sts:AssumeRoleWithSAML", Effect: "Allow", Sid: "" },
      ]);
      expect(warnings(result).map((d) => d.code)).to.deep.equal(["W6"]);
    });

    it("5.2.7 no W6 for a web-identity provider with an explicit Action, nor for a SAML provider", () => {
      const result = compileYaml(
        role(
          "allow_to_assume_me:",
          "  - federated: cognito-identity.amazonaws.com",
          "    Action: sts:AssumeRoleWithWebIdentity",
          "  - federated: {iam: saml-provider/corp}",
        ),
      );
      planOf(result);
      expect(warnings(result)).to.deep.equal([]);
    });
  });

  describe("5.3 permission statements", () => {
    it("5.3.2 permission: allow true gives Effect Allow, allow false gives Effect Deny", () => {
      const plan = planOf(compileYaml(role("permission:", '  - {allow: true, action: "s3:GetObject", resource: "*"}', '  - {allow: false, action: "s3:PutObject", resource: "*"}')));
      expectExact(policyOf(plan), [
        { Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
        { Effect: "Deny", Action: "s3:PutObject", Resource: "*" },
      ]);
    });

    it("5.3.2 allow must be exactly true or false: 1, \"yes\" and \"true\" are errors, all reported", () => {
      const result = compileYaml(
        role(
          "permission:",
          '  - {allow: 1, action: "s3:GetObject", resource: "*"}',
          '  - {allow: "yes", action: "s3:GetObject", resource: "*"}',
          '  - {allow: "true", action: "s3:GetObject", resource: "*"}',
        ),
      );
      const found = errors(result);
      expect(found.map((d) => [d.code, d.line, d.path])).to.deep.equal([
        ["E5201", 4, "roles.web.permission[0].allow"],
        ["E5201", 5, "roles.web.permission[1].allow"],
        ["E5201", 6, "roles.web.permission[2].allow"],
      ]);
    });

    it("5.3.2 yes (unquoted) is a string in YAML 1.2, so allow: yes is an error", () => {
      const result = compileYaml(role("permission:", "  allow: yes", '  action: "s3:GetObject"', '  resource: "*"'));
      expect(errors(result).map((d) => [d.code, d.path])).to.deep.equal([["E5201", "roles.web.permission.allow"]]);
    });

    it("5.3.2 default none with Effect given: Effect kept; an allow that contradicts it is ignored with W4", () => {
      const result = compileYaml(role("permission:", "  Effect: Deny", "  allow: true", '  action: "s3:GetObject"', '  resource: "*"'));
      expectExact(policyOf(planOf(result)), [{ Effect: "Deny", Action: "s3:GetObject", Resource: "*" }]);
      const found = warnings(result);
      expect(found.map((d) => [d.code, d.file, d.line, d.path])).to.deep.equal([["W4", "sandbox/roles.yaml", 5, "roles.web.permission.allow"]]);
      expect(found[0].message).to.include("Deny");
    });

    it("5.3.2 default none with Effect given and an agreeing allow: no warning", () => {
      const result = compileYaml(role("permission:", "  Effect: Deny", "  allow: false", '  action: "s3:GetObject"', '  resource: "*"'));
      expectExact(policyOf(planOf(result)), [{ Effect: "Deny", Action: "s3:GetObject", Resource: "*" }]);
      expect(warnings(result)).to.deep.equal([]);
    });

    it('5.3.2 default none, neither Effect nor allow: error "need to specify whether we allow this policy or not"', () => {
      const result = compileYaml(role("permission:", '  - action: "s3:GetObject"', '    resource: "*"'));
      const found = errors(result);
      expect(found.map((d) => [d.code, d.file, d.line, d.path])).to.deep.equal([["E5202", "sandbox/roles.yaml", 4, "roles.web.permission[0]"]]);
      expect(found[0].message).to.include("need to specify whether we allow this policy or not");
    });

    it("5.3.2 default Allow: Effect inserted after the pass-through keys", () => {
      const result = compileYaml(role("allow_permission:", "  Condition: {Bool: {'aws:SecureTransport': true}}", '  action: "s3:GetObject"', '  resource: "*"'));
      expectExact(policyOf(planOf(result)), [
        { Condition: { Bool: { "aws:SecureTransport": true } }, Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
      ]);
      expect(warnings(result)).to.deep.equal([]);
    });

    it("5.3.2 default Allow: a contradicting user Effect is overwritten in place, with W4", () => {
      const result = compileYaml(
        role("allow_permission:", "  Sid: Read", "  Effect: Deny", "  Condition: {Bool: {'aws:SecureTransport': true}}", '  action: "s3:GetObject"', '  resource: "*"'),
      );
      expectExact(policyOf(planOf(result)), [
        { Sid: "Read", Effect: "Allow", Condition: { Bool: { "aws:SecureTransport": true } }, Action: "s3:GetObject", Resource: "*" },
      ]);
      const found = warnings(result);
      expect(found.map((d) => [d.code, d.line, d.path])).to.deep.equal([["W4", 5, "roles.web.allow_permission.Effect"]]);
      expect(found[0].message).to.include("Allow");
    });

    it("5.3.2 default Deny: a contradicting allow: true is ignored with W4", () => {
      const result = compileYaml(role("deny_permission:", "  allow: true", '  action: "s3:DeleteObject"', '  resource: "*"'));
      expectExact(policyOf(planOf(result)), [{ Effect: "Deny", Action: "s3:DeleteObject", Resource: "*" }]);
      expect(warnings(result).map((d) => [d.code, d.line, d.path])).to.deep.equal([["W4", 4, "roles.web.deny_permission.allow"]]);
    });

    it("5.3.2 default Deny: agreeing Effect Deny and allow false give no warning", () => {
      const result = compileYaml(role("deny_permission:", "  Effect: Deny", "  allow: false", '  action: "s3:DeleteObject"', '  resource: "*"'));
      expectExact(policyOf(planOf(result)), [{ Effect: "Deny", Action: "s3:DeleteObject", Resource: "*" }]);
      expect(warnings(result)).to.deep.equal([]);
    });

    it("5.3.2 default Allow: a user Effect Deny and allow false each get W4", () => {
      const result = compileYaml(role("allow_permission:", "  Effect: Deny", "  allow: false", '  action: "s3:GetObject"', '  resource: "*"'));
      expectExact(policyOf(planOf(result)), [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }]);
      expect(warnings(result).map((d) => [d.code, d.path])).to.deep.equal([
        ["W4", "roles.web.allow_permission.Effect"],
        ["W4", "roles.web.allow_permission.allow"],
      ]);
    });

    it("5.3.3 action is appended to a pass-through Action, which keeps its position; notaction gives NotAction", () => {
      const plan = planOf(
        compileYaml(
          role(
            "allow_permission:",
            "  - Action: s3:PutObject",
            "    Resource: '*'",
            "    action: [s3:GetObject, s3:PutObject]",
            "deny_permission:",
            "  - notaction: [iam:*, sts:*]",
            "    resource: '*'",
          ),
        ),
      );
      expectExact(policyOf(plan), [
        { Action: ["s3:GetObject", "s3:PutObject"], Resource: "*", Effect: "Allow" },
        { Effect: "Deny", NotAction: ["iam:*", "sts:*"], Resource: "*" },
      ]);
    });

    it("5.3.4 resource is expanded and appended to a pass-through Resource; notresource gives NotResource", () => {
      const plan = planOf(
        compileYaml(
          role(
            "allow_permission:",
            "  - Resource: 'arn:aws:s3:::zebra'",
            "    action: s3:GetObject",
            "    resource: [{s3: assets}, 'arn:aws:s3:::zebra']",
            "deny_permission:",
            "  - action: s3:*",
            "    notresource: {s3: assets}",
          ),
        ),
      );
      expectExact(policyOf(plan), [
        { Resource: ["arn:aws:s3:::assets", "arn:aws:s3:::assets/*", "arn:aws:s3:::zebra"], Effect: "Allow", Action: "s3:GetObject" },
        { Effect: "Deny", Action: "s3:*", NotResource: ["arn:aws:s3:::assets", "arn:aws:s3:::assets/*"] },
      ]);
    });

    it("5.3.5/13.2 permission key order: pass-through, Effect, Action, Resource, Principal, Sid (bucket), whatever the YAML order", () => {
      const plan = planOf(
        compileYaml(
          bucket(
            "allow_permission:",
            "  principal: {iam: root, account: live}",
            "  resource: {s3: __self__}",
            "  Condition: {Bool: {'aws:SecureTransport': true}}",
            "  action: s3:GetObject",
          ),
        ),
      );
      expectExact(bucketPolicyOf(plan), [
        {
          Condition: { Bool: { "aws:SecureTransport": true } },
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"],
          Principal: { AWS: `arn:aws:iam::${LIVE}:root` },
          Sid: "",
        },
      ]);
    });

    it("5.3.5/13.2 notaction, notresource and notprincipal come in the order NotAction, NotResource, NotPrincipal", () => {
      const plan = planOf(
        compileYaml(bucket("deny_permission:", "  notprincipal: {iam: root}", "  notresource: 'arn:aws:s3:::my-bucket/public/*'", "  notaction: s3:GetObject")),
      );
      expectExact(bucketPolicyOf(plan), [
        {
          Effect: "Deny",
          NotAction: "s3:GetObject",
          NotResource: "arn:aws:s3:::my-bucket/public/*",
          NotPrincipal: { AWS: `arn:aws:iam::${A}:root` },
          Sid: "",
        },
      ]);
    });

    it("5.3.5 a federated principal inserts Action sts:AssumeRoleWithSAML after the principal when there is no action", () => {
      const result = compileYaml(bucket("allow_permission:", "  principal: {federated: {iam: saml-provider/corp}}", "  resource: {s3: __self__}"));
      expectExact(bucketPolicyOf(planOf(result)), [
        {
          Effect: "Allow",
          Resource: ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"],
          Principal: { Federated: `arn:aws:iam::${A}:saml-provider/corp` },
          Action: "sts:AssumeRoleWithSAML",
          Sid: "",
        },
      ]);
    });

    it("5.3.5 a federated principal does not insert the SAML action when action or notaction is given", () => {
      const plan = planOf(
        compileYaml(
          bucket(
            "allow_permission:",
            "  - {principal: {federated: {iam: saml-provider/corp}}, action: s3:GetObject, resource: {s3: __self__}}",
            "  - {principal: {federated: {iam: saml-provider/corp}}, notaction: s3:DeleteObject, resource: {s3: __self__}}",
          ),
        ),
      );
      const statements = bucketPolicyOf(plan) as Record<string, unknown>[];
      expect(statements[0].Action).to.equal("s3:GetObject");
      expect(statements[1]).to.not.have.property("Action");
      expect(statements[1].NotAction).to.equal("s3:DeleteObject");
    });

    it("5.3.6 no resource and no action: both errors are reported", () => {
      const result = compileYaml(role("permission:", "  - allow: true", "    Condition: {Bool: {'aws:SecureTransport': true}}"));
      const found = errors(result);
      expect(found.map((d) => d.code).sort()).to.deep.equal(["E5203", "E5204"]);
      for (const d of found) expect(d).to.include({ file: "sandbox/roles.yaml", line: 4, path: "roles.web.permission[0]" });
    });

    it("5.3.6 Action with NotAction and Resource with NotResource: each an error, all reported", () => {
      const result = compileYaml(
        role("allow_permission:", "  action: s3:GetObject", "  notaction: s3:PutObject", "  resource: '*'", "  NotResource: 'arn:aws:s3:::x'"),
      );
      const found = errors(result);
      expect(found.map((d) => [d.code, d.message]).sort()).to.deep.equal([
        ["E5105", "Action and NotAction cannot both be given in one statement"],
        ["E5105", "Resource and NotResource cannot both be given in one statement"],
      ]);
    });

    it("5.3.6 Principal with NotPrincipal in a bucket policy is an error", () => {
      const result = compileYaml(bucket("allow_permission:", "  principal: {iam: root}", "  notprincipal: {iam: root, account: live}", "  action: s3:GetObject", "  resource: {s3: __self__}"));
      expect(errors(result).map((d) => [d.code, d.message])).to.deep.equal([["E5105", "Principal and NotPrincipal cannot both be given in one statement"]]);
    });

    for (const [written, element] of [
      ["principal: {iam: root}", "Principal"],
      ["notprincipal: {iam: root}", "NotPrincipal"],
      ["Principal: {AWS: 'arn:aws:iam::012345678901:root'}", "Principal"],
    ] as const) {
      it(`5.3.6 ${element} in a role's inline policy is an error (${written.split(":")[0]})`, () => {
        const result = compileYaml(role("allow_permission:", "  action: s3:GetObject", "  resource: '*'", `  ${written}`));
        const found = errors(result);
        expect(found.map((d) => [d.code, d.file, d.line])).to.deep.equal([["E5205", "sandbox/roles.yaml", 6]]);
        expect(found[0].message).to.include(element);
        expect(found[0].path).to.match(/^roles\.web\.allow_permission/);
      });
    }

    it("5.3.6 a bucket policy statement without a principal is an error", () => {
      const result = compileYaml(bucket("allow_permission:", "  - action: s3:GetObject", "    resource: {s3: __self__}"));
      const found = errors(result);
      expect(found.map((d) => [d.code, d.file, d.line, d.path])).to.deep.equal([["E5206", "sandbox/roles.yaml", 4, "buckets.my-bucket.allow_permission[0]"]]);
    });

    it("5.3.6 a key policy statement without a principal is an error", () => {
      const result = compileYaml(key("allow_permission:", "  - action: kms:Decrypt", "    resource: '*'"));
      const found = errors(result);
      expect(found.map((d) => [d.code, d.file, d.line, d.path])).to.deep.equal([["E5206", "sandbox/roles.yaml", 6, "keys.app.allow_permission[0]"]]);
    });

    it('5.3.7 Sid "" is inserted only in bucket policies, last; a written Sid keeps its place', () => {
      const plan = planOf(
        compileYaml(
          lines(
            "roles:",
            "  web:",
            "    allow_permission: {action: s3:GetObject, resource: '*'}",
            "buckets:",
            "  my-bucket:",
            "    allow_permission:",
            "      - {principal: '*', action: s3:GetObject, resource: {s3: __self__}}",
            "      - {Sid: Listing, principal: '*', action: s3:ListBucket, resource: 'arn:aws:s3:::my-bucket'}",
            "keys:",
            "  app:",
            "    description: app key",
            "    location: ap-southeast-2",
            "    allow_permission: {principal: {iam: role/app}, action: kms:Decrypt, resource: '*'}",
          ),
        ),
      );
      expectExact(policyOf(plan), [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }]);
      expectExact(bucketPolicyOf(plan), [
        { Effect: "Allow", Action: "s3:GetObject", Resource: ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"], Principal: "*", Sid: "" },
        { Sid: "Listing", Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::my-bucket", Principal: "*" },
      ]);
      const keyStatements = plan.keys.app.policy.Statement;
      expectExact(keyStatements[keyStatements.length - 1], {
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: "*",
        Principal: { AWS: `arn:aws:iam::${A}:role/app` },
      });
    });

    it("4.7/5.3 inline policy statements: permission, then allow_permission, then deny_permission, each in list order", () => {
      const plan = planOf(
        compileYaml(
          role(
            "deny_permission: [{action: d1, resource: '*'}]",
            "allow_permission: [{action: a1, resource: '*'}, {action: a2, resource: '*'}]",
            "permission: [{allow: true, action: p1, resource: '*'}]",
          ),
        ),
      );
      expect(policyOf(plan).map((s) => (s as Record<string, unknown>).Action)).to.deep.equal(["p1", "a1", "a2", "d1"]);
    });
  });

  describe("5.4 normalisation", () => {
    it('5.4.3 lists are sorted by code point: "Logs:Get*" < "ec2:Start*" < "logs:Get*"', () => {
      const plan = planOf(compileYaml(role("allow_permission:", "  action: [logs:Get*, ec2:Start*, Logs:Get*]", "  resource: '*'")));
      expectExact(policyOf(plan), [{ Effect: "Allow", Action: ["Logs:Get*", "ec2:Start*", "logs:Get*"], Resource: "*" }]);
    });

    it("5.4.3 a character above U+FFFF sorts after one just below it (code points, not UTF-16 units)", () => {
      // U+1F600 is the surrogate pair D83D DE00 in UTF-16, which a code-unit sort puts before U+FFFD.
      const plan = planOf(compileYaml(role("allow_permission:", "  action: s3:GetObject", '  resource: ["arn:aws:s3:::b/\\U0001F600", "arn:aws:s3:::b/\\uFFFD"]')));
      expectExact(policyOf(plan), [{ Effect: "Allow", Action: "s3:GetObject", Resource: ["arn:aws:s3:::b/\uFFFD", "arn:aws:s3:::b/\u{1F600}"] }]);
    });

    it("5.4.2 exact duplicates are removed (case matters), across pass-through and expanded values", () => {
      const plan = planOf(
        compileYaml(role("allow_permission:", "  Action: [s3:GetObject, S3:GetObject]", "  action: [s3:GetObject, s3:GetObject]", "  resource: ['*', '*']")),
      );
      expectExact(policyOf(plan), [{ Action: ["S3:GetObject", "s3:GetObject"], Effect: "Allow", Resource: "*" }]);
    });

    it("5.4.4 one item becomes a string; several stay a list", () => {
      const plan = planOf(compileYaml(role("allow_permission:", "  - {action: [s3:GetObject], resource: ['*']}", "  - {Action: [b, a], Resource: [x]}")));
      expectExact(policyOf(plan), [
        { Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
        { Action: ["a", "b"], Resource: "x", Effect: "Allow" },
      ]);
    });

    it('5.4.4 an empty action list is an error "empty Action after expansion"', () => {
      const result = compileYaml(role("allow_permission:", "  - action: []", "    resource: '*'"));
      const found = errors(result);
      expect(found.map((d) => [d.code, d.file, d.message])).to.deep.equal([["E5302", "sandbox/roles.yaml", "empty Action after expansion"]]);
      expect(found[0].path).to.match(/^roles\.web\.allow_permission\[0\]/);
    });

    it('5.4.4 an empty pass-through Resource list is an error "empty Resource after expansion"', () => {
      const result = compileYaml(role("allow_permission:", "  - action: s3:GetObject", "    Resource: []"));
      expect(errors(result).map((d) => [d.code, d.message])).to.deep.equal([["E5302", "empty Resource after expansion"]]);
    });

    it("5.4.4 an empty service list in a trust statement is an error (empty after expansion)", () => {
      const result = compileYaml(role("allow_to_assume_me:", "  service: []"));
      const found = errors(result);
      expect(found).to.have.length(1);
      expect(found[0].message).to.match(/^empty .*Service after expansion$/);
    });

    it("5.4.1 every item must be a string: a number in a pass-through Action is an error", () => {
      const result = compileYaml(role("allow_permission:", "  Action: [s3:GetObject, 5]", "  Resource: '*'"));
      const found = errors(result);
      expect(found.map((d) => d.code)).to.deep.equal(["E5301"]);
      expect(found[0].message).to.include("Action");
      expect(found[0].path).to.match(/^roles\.web\.allow_permission/);
    });

    it("5.4 principal entries AWS, Federated and Service are normalised; CanonicalUser and Condition lists are left as written", () => {
      const plan = planOf(
        compileYaml(
          bucket(
            "allow_permission:",
            "  Principal: {CanonicalUser: [zz, aa, zz], AWS: ['arn:aws:iam::210987654321:root', 'arn:aws:iam::012345678901:root', 'arn:aws:iam::210987654321:root']}",
            "  Condition: {StringEquals: {'aws:PrincipalTag/team': [b, a]}}",
            "  action: s3:GetObject",
            "  resource: {s3: __self__}",
          ),
        ),
      );
      expectExact(bucketPolicyOf(plan), [
        {
          Principal: { CanonicalUser: ["zz", "aa", "zz"], AWS: [`arn:aws:iam::${A}:root`, `arn:aws:iam::${LIVE}:root`] },
          Condition: { StringEquals: { "aws:PrincipalTag/team": ["b", "a"] } },
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"],
          Sid: "",
        },
      ]);
    });
  });

  describe("§12 item 32 and the table of further differences: what AWS rejects is a compile-time error", () => {
    it("5.2.5 a trust statement with NotAction gets no default Action", () => {
      const plan = planOf(compileYaml(role("allow_to_assume_me:", "  service: ec2", "  NotAction: sts:TagSession")));
      expectExact(trustOf(plan), [{ NotAction: "sts:TagSession", Principal: { Service: "ec2.amazonaws.com" }, Effect: "Allow", Sid: "" }]);
    });

    it("5.3.5/6.5.4 a federated principal in a bucket or key statement with notaction adds no SAML Action", () => {
      const federated = "principal: {federated: 'arn:aws:iam::012345678901:saml-provider/corp'}";
      const bucketPlan = planOf(compileYaml(bucket("allow_permission:", `  - {${federated}, notaction: s3:DeleteObject, resource: {s3: __self__}}`)));
      expectExact(bucketPolicyOf(bucketPlan), [
        {
          Effect: "Allow",
          NotAction: "s3:DeleteObject",
          Resource: ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"],
          Principal: { Federated: `arn:aws:iam::${A}:saml-provider/corp` },
          Sid: "",
        },
      ]);
      const keyPlan = planOf(compileYaml(key("allow_permission:", `  - {${federated}, NotAction: kms:ScheduleKeyDeletion, resource: "*"}`)));
      expectExact(keyPlan.keys.app.policy.Statement[1], {
        NotAction: "kms:ScheduleKeyDeletion",
        Effect: "Allow",
        Resource: "*",
        Principal: { Federated: `arn:aws:iam::${A}:saml-provider/corp` },
      });
    });

    it("Action with NotAction in a trust statement is an error (AWS rejects it), at the NotAction", () => {
      const result = compileYaml(role("allow_to_assume_me:", "  service: ec2", "  Action: sts:AssumeRole", "  NotAction: sts:TagSession"));
      expect(errors(result).map(show)).to.deep.equal([
        "sandbox/roles.yaml:6:18: error: roles.web.allow_to_assume_me.NotAction: Action and NotAction cannot both be given in one statement",
      ]);
    });

    it("5.3.6 Action with NotAction produced by a template merge is an error at the value the role wrote", () => {
      const result = compileYaml(
        lines(
          "templates:",
          "  reader:",
          "    allow_permission: {action: s3:GetObject, resource: '*'}",
          "roles:",
          "  web:",
          "    use: reader",
          "    allow_to_assume_me: {service: ec2}",
          "    allow_permission: {notaction: s3:DeleteObject}",
        ),
      );
      expect(errors(result).map(show)).to.deep.equal([
        "sandbox/roles.yaml:8:35: error: roles.web.allow_permission.notaction: Action and NotAction cannot both be given in one statement",
      ]);
    });

    it("5.2.6 Principal with NotPrincipal produced by a template merge is an error, located in the template with (via template …)", () => {
      const result = compileYaml(
        lines(
          "templates:",
          "  trusted:",
          "    allow_to_assume_me: {NotPrincipal: {AWS: 'arn:aws:iam::210987654321:root'}}",
          "roles:",
          "  web:",
          "    use: trusted",
          "    allow_to_assume_me: {service: ec2}",
        ),
      );
      expect(errors(result).map(show)).to.deep.equal([
        "sandbox/roles.yaml:3:40: error: roles.web.allow_to_assume_me.NotPrincipal: Principal and NotPrincipal cannot both be given in one statement (via template trusted)",
      ]);
    });

    it("5.1.4 a Sid repeated in one document, one of them from a template, is an error", () => {
      const result = compileYaml(
        lines(
          "templates:",
          "  logs:",
          "    allow_permission: [{Sid: Logs, action: logs:PutLogEvents, resource: '*'}]",
          "roles:",
          "  web:",
          "    use: logs",
          "    allow_to_assume_me: {service: ec2}",
          "    permission: [{Sid: Logs, allow: true, action: logs:CreateLogStream, resource: '*'}]",
        ),
      );
      expect(errors(result).map(show)).to.deep.equal([
        'sandbox/roles.yaml:3:30: error: roles.web.allow_permission[0].Sid: Sid "Logs" is used by more than one statement of this document (via template logs)',
      ]);
    });
  });
});
