/**
 * DIALECT.md 6.5: principal instructions, in bucket policy statements (`principal`, `notprincipal`), trust
 * statements and key policies, and the "anyone" warning W3.
 */
import { expect } from "chai";
import type { CompileResult, Diagnostic, Plan } from "../../compiler";
import { compileYaml, planOf } from "../support/stacks";
import { errors, expectExact, lines, show, warnings } from "../support/assertions";

const A = "012345678901";
const LIVE = "210987654321";

/** A bucket `my-bucket` with one statement; `principal` is written on file line 4 (value at column 18). */
function bucketWith(principal: string, ...more: string[]): string {
  return lines("buckets:", "  my-bucket:", "    allow_permission:", `      principal: ${principal}`, "      action: s3:GetObject", "      resource: {s3: __self__}", ...more);
}
/** A bucket statement written in full (the statement's lines, indented under allow_permission). */
function bucketStatement(...statement: string[]): string {
  return lines("buckets:", "  my-bucket:", "    allow_permission:", ...statement.map((l) => `      ${l}`));
}
function role(...body: string[]): string {
  return lines("roles:", "  web:", ...body.map((l) => `    ${l}`));
}
function statementOf(plan: Plan): Record<string, unknown> {
  return plan.buckets["my-bucket"].policy!.Statement[0];
}
function principalOf(yaml: string): unknown {
  return statementOf(planOf(compileYaml(yaml))).Principal;
}
function onlyError(result: CompileResult): Diagnostic {
  const found = errors(result);
  expect(found.map(show)).to.have.length(1);
  return found[0];
}

describe("§6.5 principal instructions", () => {
  it("6.5.1 an unknown lower-case key in a principal mapping is an error with suggestion", () => {
    const d = onlyError(compileYaml(bucketWith("{servce: s3}")));
    expect([d.code, d.file, d.line, d.path]).to.deep.equal(["E6101", "sandbox/roles.yaml", 4, "buckets.my-bucket.allow_permission.principal.servce"]);
    expect(d.message).to.include('"servce"').and.to.include('did you mean "service"?');
  });

  it("6.5.1 a principal mapping needs one of service, federated, iam (account alone is an error)", () => {
    const d = onlyError(compileYaml(bucketWith("{account: live}")));
    expect([d.file, d.line]).to.deep.equal(["sandbox/roles.yaml", 4]);
    expect(d.path).to.match(/^buckets\.my-bucket\.allow_permission\.principal/);
  });

  it("6.5.1 an empty principal mapping is an error", () => {
    const d = onlyError(compileYaml(bucketWith("{}")));
    expect(d.path).to.match(/^buckets\.my-bucket\.allow_permission\.principal/);
  });

  it("6.5.5 users without iam in a principal mapping is an error", () => {
    const d = onlyError(compileYaml(bucketWith("{service: s3, users: bob}")));
    expect(d.path).to.match(/^buckets\.my-bucket\.allow_permission\.principal/);
  });

  it("6.5.2 within one instruction entries are added Service, Federated, AWS, whatever the YAML order", () => {
    const plan = planOf(compileYaml(bucketWith("{iam: root, federated: {iam: saml-provider/corp}, service: s3}")));
    expectExact(statementOf(plan), {
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"],
      Principal: { Service: "s3.amazonaws.com", Federated: `arn:aws:iam::${A}:saml-provider/corp`, AWS: `arn:aws:iam::${A}:root` },
      Sid: "",
    });
  });

  it("6.5.2 instructions of a list are processed in list order: entries in order of first addition", () => {
    const principal = principalOf(bucketWith("[{iam: root, account: live}, {service: s3}, {iam: root}, 'arn:aws:iam::111122223333:root']"));
    expectExact(principal, {
      AWS: [`arn:aws:iam::${A}:root`, "arn:aws:iam::111122223333:root", `arn:aws:iam::${LIVE}:root`],
      Service: "s3.amazonaws.com",
    });
  });

  it("13.2 pass-through principal entries come first, in input order, then the expanded ones", () => {
    const plan = planOf(
      compileYaml(
        bucketStatement(
          "Principal: {CanonicalUser: 79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be, AWS: 'arn:aws:iam::111122223333:root'}",
          "principal: [{service: s3}, {iam: root}]",
          "action: s3:GetObject",
          "resource: {s3: __self__}",
        ),
      ),
    );
    expectExact(statementOf(plan).Principal, {
      CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be",
      AWS: [`arn:aws:iam::${A}:root`, "arn:aws:iam::111122223333:root"],
      Service: "s3.amazonaws.com",
    });
    expect(Object.keys(statementOf(plan))).to.deep.equal(["Principal", "Effect", "Action", "Resource", "Sid"]);
  });

  it("6.5.3 bare service words become <word>.amazonaws.com; dotted values are kept as written", () => {
    const principal = principalOf(bucketWith("{service: [lambda, ecs-tasks, ec2, s3, logs.ap-southeast-2.amazonaws.com, ec2.amazonaws.com.cn]}"));
    expectExact(principal, {
      Service: [
        "ec2.amazonaws.com",
        "ec2.amazonaws.com.cn",
        "ecs-tasks.amazonaws.com",
        "lambda.amazonaws.com",
        "logs.ap-southeast-2.amazonaws.com",
        "s3.amazonaws.com",
      ],
    });
  });

  it("6.5.3 a bare service word that is not [a-z0-9][a-z0-9-]* is an error, each reported", () => {
    const result = compileYaml(bucketWith("{service: [EC2, ec2_x, -ec2, 'ecs tasks']}"));
    const found = errors(result);
    expect(found.map((d) => [d.code, d.path])).to.deep.equal([
      ["E6103", "buckets.my-bucket.allow_permission.principal.service[0]"],
      ["E6103", "buckets.my-bucket.allow_permission.principal.service[1]"],
      ["E6103", "buckets.my-bucket.allow_permission.principal.service[2]"],
      ["E6103", "buckets.my-bucket.allow_permission.principal.service[3]"],
    ]);
    expect(found[0].message).to.include('"EC2"');
  });

  it("6.5.3 an invalid service word in a trust statement is an error at the value", () => {
    const result = compileYaml(role("allow_to_assume_me:", "  service: Lambda"));
    expect(errors(result).map(show)).to.have.length(1);
    expect(errors(result)[0]).to.include({ code: "E6103", file: "sandbox/roles.yaml", line: 4, column: 16, path: "roles.web.allow_to_assume_me.service" });
  });

  it("6.5.4 federated: a string verbatim, an iam specifier, or a list of both; the SAML action is inserted", () => {
    const plan = planOf(
      compileYaml(bucketWith("{federated: [cognito-identity.amazonaws.com, {iam: saml-provider/corp, account: live}, 'arn:aws:iam::111122223333:saml-provider/x']}")),
    );
    expectExact(statementOf(plan), {
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"],
      Principal: {
        Federated: ["arn:aws:iam::111122223333:saml-provider/x", `arn:aws:iam::${LIVE}:saml-provider/corp`, "cognito-identity.amazonaws.com"],
      },
      Sid: "",
    });
  });

  it("6.5.4 federated in a trust statement inserts Action sts:AssumeRoleWithSAML only when there is no Action", () => {
    const plan = planOf(compileYaml(role("allow_to_assume_me:", "  - federated: {iam: saml-provider/corp}", "  - federated: {iam: saml-provider/corp}", "    Action: sts:AssumeRoleWithSAML")));
    expectExact(plan.roles.web.trustPolicy.Statement, [
      { Principal: { Federated: `arn:aws:iam::${A}:saml-provider/corp` }, Action: "sts:AssumeRoleWithSAML", Effect: "Allow", Sid: "" },
      { Action: "sts:AssumeRoleWithSAML", Principal: { Federated: `arn:aws:iam::${A}:saml-provider/corp` }, Effect: "Allow", Sid: "" },
    ]);
  });

  it("6.2.5 a federated mapping without iam is an error", () => {
    const result = compileYaml(role("allow_to_assume_me:", "  federated: {account: live}"));
    const found = errors(result);
    expect(found).to.have.length(1);
    expect(found[0]).to.include({ file: "sandbox/roles.yaml", line: 4 });
    expect(found[0].path).to.match(/^roles\.web\.allow_to_assume_me\.federated/);
  });

  it('6.5.6 "*" alone makes the whole principal "*", with W3', () => {
    const result = compileYaml(bucketWith("'*'"));
    expectExact(statementOf(planOf(result)), {
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"],
      Principal: "*",
      Sid: "",
    });
    expect(warnings(result).map(show)).to.deep.equal(['sandbox/roles.yaml:4:18: warning: buckets.my-bucket.allow_permission.principal: principal "*" grants anyone']);
  });

  it('6.5.6 "*" as the only item of a list is "*" too', () => {
    expect(principalOf(bucketWith("['*']"))).to.equal("*");
  });

  it('6.5.6 "*" with another instruction is an error', () => {
    const result = compileYaml(bucketWith("['*', {service: s3}]"));
    const found = errors(result);
    expect(found).to.have.length(1);
    expect(found[0]).to.include({ code: "E6104", file: "sandbox/roles.yaml", line: 4 });
    expect(found[0].path).to.match(/^buckets\.my-bucket\.allow_permission\.principal/);
  });

  it('6.5.6 "*" with an ARN string is an error', () => {
    expect(onlyError(compileYaml(bucketWith("['arn:aws:iam::111122223333:root', '*']"))).code).to.equal("E6104");
  });

  it("6.5.6 a string starting with arn: goes to AWS", () => {
    expectExact(principalOf(bucketWith("'arn:aws:iam::111122223333:role/reader'")), { AWS: "arn:aws:iam::111122223333:role/reader" });
  });

  it("6.5.6 any other string is an error (not a substring match)", () => {
    const result = compileYaml(bucketWith("[root, ec2.amazonaws.com]"));
    const found = errors(result);
    expect(found.map((d) => [d.code, d.path])).to.deep.equal([
      ["E6105", "buckets.my-bucket.allow_permission.principal[0]"],
      ["E6105", "buckets.my-bucket.allow_permission.principal[1]"],
    ]);
    expect(found[0].message).to.include('"root"');
  });

  it("6.5.6 a string instruction is not allowed as a whole trust statement", () => {
    const result = compileYaml(role("allow_to_assume_me: ['*']"));
    const found = errors(result);
    expect(found).to.have.length(1);
    expect(found[0].path).to.equal("roles.web.allow_to_assume_me[0]");
  });

  it("6.5 a principal that is a number is an error", () => {
    const d = onlyError(compileYaml(bucketWith("5")));
    expect(d.path).to.equal("buckets.my-bucket.allow_permission.principal");
  });

  it("6.5 notprincipal expands like principal, into NotPrincipal", () => {
    const plan = planOf(compileYaml(lines("buckets:", "  my-bucket:", "    deny_permission:", "      notprincipal: [{iam: root}, {service: s3}]", "      action: s3:*", "      resource: {s3: __self__}")));
    expectExact(statementOf(plan), {
      Effect: "Deny",
      Action: "s3:*",
      Resource: ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"],
      NotPrincipal: { AWS: `arn:aws:iam::${A}:root`, Service: "s3.amazonaws.com" },
      Sid: "",
    });
  });

  it('6.5.7 W3 for a pass-through Principal "*" in a bucket policy', () => {
    const result = compileYaml(bucketStatement("Principal: '*'", "action: s3:GetObject", "resource: {s3: __self__}"));
    expect(statementOf(planOf(result)).Principal).to.equal("*");
    const found = warnings(result);
    expect(found.map((d) => [d.code, d.file, d.line, d.message])).to.deep.equal([["W3", "sandbox/roles.yaml", 4, 'principal "*" grants anyone']]);
    expect(found[0].path).to.match(/^buckets\.my-bucket\.allow_permission/);
  });

  it('6.5.7 W3 for a Principal whose AWS contains "*" (pass-through, in a list)', () => {
    const result = compileYaml(bucketStatement("Principal: {AWS: ['*', 'arn:aws:iam::111122223333:root']}", "action: s3:GetObject", "resource: {s3: __self__}"));
    expect(statementOf(planOf(result)).Principal).to.deep.equal({ AWS: ["*", "arn:aws:iam::111122223333:root"] });
    expect(warnings(result).map((d) => d.code)).to.deep.equal(["W3"]);
  });

  it('6.5.7 W3 for a trust statement whose pass-through Principal has AWS "*"', () => {
    const result = compileYaml(role("allow_to_assume_me:", "  Principal: {AWS: '*'}"));
    planOf(result);
    expect(warnings(result).map((d) => [d.code, d.line])).to.deep.equal([["W3", 4]]);
  });

  it("6.5.7 no W3 for principals that name someone", () => {
    const result = compileYaml(bucketWith("[{iam: root}, {service: s3}, 'arn:aws:iam::111122223333:root']"));
    planOf(result);
    expect(warnings(result)).to.deep.equal([]);
  });
});
