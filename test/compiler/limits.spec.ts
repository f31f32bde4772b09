/**
 * DIALECT.md 11.6: size limits of role documents. IAM sizes count the characters of the canonical text
 * (13.3) other than white space: trust policy W7 above 2,048, error above 4,096; inline policy at most
 * 10,240; any document at most 131,072 characters.
 */
import { expect } from "chai";
import type { CompileOptions, CompileResult } from "../../compiler";
import { compileYaml, planOf } from "../support/stacks";
import { errors, lines, warnings } from "../support/assertions";

/** 13.3 for ASCII-only documents, then the IAM measure: characters other than white space. */
function iamCharacters(document: unknown): number {
  return JSON.stringify(document, null, 2).replace(/[ \n\r\t]/g, "").length;
}

/** A role whose trust policy has one statement with a Condition value `pad`. */
function trustSized(pad: string) {
  const yaml = lines("roles:", "  web:", "    allow_to_assume_me:", "      service: ec2", `      Condition: {StringEquals: {"aws:PrincipalTag/team": "${pad}"}}`);
  const document = {
    Version: "2012-10-17",
    Statement: [
      {
        Condition: { StringEquals: { "aws:PrincipalTag/team": pad } },
        Principal: { Service: "ec2.amazonaws.com" },
        Action: "sts:AssumeRole",
        Effect: "Allow",
        Sid: "",
      },
    ],
  };
  return { yaml, document };
}
const TRUST_BASE = iamCharacters(trustSized("").document);

/** A role with a trust statement and an inline policy of one statement whose Resource ends with `pad`. */
function inlineSized(pad: string) {
  const resource = `arn:aws:s3:::assets/${pad}`;
  const yaml = lines("roles:", "  web:", "    allow_to_assume_me: {service: ec2}", "    allow_permission:", "      action: s3:GetObject", `      resource: "${resource}"`);
  const document = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: resource }] };
  return { yaml, document };
}
const INLINE_BASE = iamCharacters(inlineSized("").document);

function compile(yaml: string, options: Partial<CompileOptions> = {}): CompileResult {
  return compileYaml(yaml, options);
}

describe("§11.6 size limits of role documents", () => {
  describe("trust policy: W7 above 2,048, error above 4,096 characters other than white space", () => {
    it("11.6 a trust policy of exactly 2,048 characters has no warning", () => {
      const { yaml, document } = trustSized("a".repeat(2048 - TRUST_BASE));
      expect(iamCharacters(document)).to.equal(2048);
      const result = compile(yaml);
      expect(planOf(result).roles.web.trustPolicy).to.deep.equal(document);
      expect(warnings(result)).to.deep.equal([]);
    });

    it("11.6 a trust policy of 2,049 characters compiles with W7 on the role", () => {
      const { yaml, document } = trustSized("a".repeat(2049 - TRUST_BASE));
      expect(iamCharacters(document)).to.equal(2049);
      const result = compile(yaml);
      const plan = planOf(result);
      expect(plan.roles.web.trustPolicy).to.deep.equal(document);
      const found = warnings(result);
      expect(found.map((d) => [d.code, d.file, d.line, d.path])).to.deep.equal([["W7", "sandbox/roles.yaml", 2, "roles.web"]]);
      expect(found[0].message).to.match(/2,?049/).and.to.match(/2,?048/);
      expect(plan.warnings).to.have.length(1);
      expect(plan.warnings[0]).to.include({ file: "sandbox/roles.yaml", line: 2, path: "roles.web" });
    });

    it("11.6 a trust policy of exactly 4,096 characters compiles (with W7)", () => {
      const { yaml, document } = trustSized("a".repeat(4096 - TRUST_BASE));
      expect(iamCharacters(document)).to.equal(4096);
      const result = compile(yaml);
      expect(planOf(result).roles.web.trustPolicy).to.deep.equal(document);
      expect(warnings(result).map((d) => d.code)).to.deep.equal(["W7"]);
    });

    it("11.6 a trust policy of 4,097 characters is an error on the role", () => {
      const { yaml, document } = trustSized("a".repeat(4097 - TRUST_BASE));
      expect(iamCharacters(document)).to.equal(4097);
      const found = errors(compile(yaml));
      expect(found.map((d) => [d.code, d.file, d.line, d.path])).to.deep.equal([["E9101", "sandbox/roles.yaml", 2, "roles.web"]]);
      expect(found[0].message).to.match(/trust policy/).and.to.match(/4,?097/).and.to.match(/4,?096/);
    });

    it("11.4/11.6 in strict mode W7 counts as an error", () => {
      const { yaml } = trustSized("a".repeat(2049 - TRUST_BASE));
      const found = errors(compile(yaml, { strict: true }));
      expect(found.map((d) => [d.code, d.path])).to.deep.equal([["W7", "roles.web"]]);
    });

    it("11.6 white space inside values does not count", () => {
      // 2,048 characters other than white space, plus 3,000 spaces inside the Condition value.
      const { yaml } = trustSized(`${"a".repeat(2048 - TRUST_BASE)}${" ".repeat(3000)}`);
      const result = compile(yaml);
      planOf(result);
      expect(warnings(result)).to.deep.equal([]);
    });

    it("11.6/13.3 a non-ASCII character counts as its \\uXXXX escape (6 characters)", () => {
      // With "é" as \u00e9 this is 2,049 characters (W7); counted as one character it would be 2,044 (no warning).
      const { yaml } = trustSized(`${"a".repeat(2049 - TRUST_BASE - 6)}é`);
      const result = compile(yaml);
      planOf(result);
      expect(warnings(result).map((d) => d.code)).to.deep.equal(["W7"]);
    });
  });

  describe("inline policy: at most 10,240 characters other than white space", () => {
    it("11.6 an inline policy of exactly 10,240 characters compiles", () => {
      const { yaml, document } = inlineSized("a".repeat(10240 - INLINE_BASE));
      expect(iamCharacters(document)).to.equal(10240);
      const result = compile(yaml);
      expect(planOf(result).roles.web.policy).to.deep.equal(document);
      expect(warnings(result)).to.deep.equal([]);
    });

    it("11.6 an inline policy of 10,241 characters is an error on the role", () => {
      const { yaml, document } = inlineSized("a".repeat(10241 - INLINE_BASE));
      expect(iamCharacters(document)).to.equal(10241);
      const found = errors(compile(yaml));
      expect(found.map((d) => [d.code, d.file, d.line, d.path])).to.deep.equal([["E9101", "sandbox/roles.yaml", 2, "roles.web"]]);
      expect(found[0].message).to.match(/inline policy/).and.to.match(/10,?241/).and.to.match(/10,?240/);
    });

    it("11.6 the limit applies to the whole inline policy (all statements together)", () => {
      const half = "a".repeat(5200);
      const yaml = lines(
        "roles:",
        "  web:",
        "    allow_to_assume_me: {service: ec2}",
        "    allow_permission:",
        `      - {action: s3:GetObject, resource: "arn:aws:s3:::one/${half}"}`,
        `      - {action: s3:GetObject, resource: "arn:aws:s3:::two/${half}"}`,
      );
      const found = errors(compile(yaml));
      expect(found.map((d) => [d.code, d.path])).to.deep.equal([["E9101", "roles.web"]]);
    });
  });

  describe("any document: at most 131,072 characters", () => {
    /** An inline policy that is small for IAM (spaces do not count) but long as text. */
    function spaced(spaces: number) {
      const yaml = lines(
        "roles:",
        "  web:",
        "    allow_to_assume_me: {service: ec2}",
        "    allow_permission:",
        "      action: s3:GetObject",
        "      resource: '*'",
        `      Condition: {StringEquals: {"aws:PrincipalTag/team": "a${" ".repeat(spaces)}"}}`,
      );
      const document = {
        Version: "2012-10-17",
        Statement: [{ Condition: { StringEquals: { "aws:PrincipalTag/team": `a${" ".repeat(spaces)}` } }, Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
      };
      return { yaml, document };
    }
    const base = JSON.stringify(spaced(0).document, null, 2).length;

    it("11.6 a document of exactly 131,072 characters compiles", () => {
      const { yaml, document } = spaced(131072 - base);
      expect(JSON.stringify(document, null, 2)).to.have.length(131072);
      expect(planOf(compile(yaml)).roles.web.policy).to.deep.equal(document);
    });

    it("11.6 a document of 131,073 characters is an error, although it is small for IAM", () => {
      const { yaml, document } = spaced(131073 - base);
      expect(JSON.stringify(document, null, 2)).to.have.length(131073);
      expect(iamCharacters(document)).to.be.below(10240);
      const found = errors(compile(yaml));
      expect(found.map((d) => [d.code, d.path])).to.deep.equal([["E9101", "roles.web"]]);
    });
  });
});
