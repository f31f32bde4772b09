/**
 * The hard AWS limits of issue 6 item 1 (table in shared/research/anchors.md §3), each at its boundary
 * (exactly at the limit passes, one over fails) with its message and location. Limits whose boundary other
 * specs already test are not repeated here:
 *
 * | limit | where its boundary is tested |
 * |---|---|
 * | role name 1–64 of [A-Za-z0-9+=,.@_-] | roles.spec 4.2.4 |
 * | role names unique ignoring case | top-level.spec 2.5 |
 * | path ≤ 512, segments U+0021–U+007E | roles.spec 4.2.4 |
 * | description ≤ 1,000, no control characters | roles.spec 4.1 (format characters: here) |
 * | max_session_duration 3600–43200 | roles.spec 4.1 |
 * | trust policy 2,048 (W7) / 4,096 | limits.spec 11.6 (the account's own quota: here) |
 * | inline policy 10,240; any document 131,072 | limits.spec 11.6 (largest statements: here) |
 * | bucket policy 20,480 bytes | buckets.spec 7.3 |
 * | key policy 32,768 bytes | keys.spec 8.3 |
 * | inline policy name ≤ 128 | roles.spec 4.3 |
 * | instance profile name ≤ 128 | here (follows from the leaf) |
 * | bucket names | buckets.spec 7.2 |
 * | alias names ≤ 250 after alias/, not aws/ | keys.spec 8.1 |
 * | grant operations, constraints (8 pairs, 384 characters) | keys.spec 8.5 |
 * | Sid letters and digits in role documents | statements.spec 5.1.4 |
 * | tags of roles: 50, key 128 not aws:, value 256 | roles.spec 4.11 (buckets: here) |
 * | managed policies 10 (W8) / 20 | roles.spec 4.9 |
 */
import { expect } from "chai";
import type { CompileResult, Diagnostic } from "../../compiler";
import { compileIn, compileYaml, errorsOf, planOf, writeStacks } from "../support/stacks";
import { lines } from "../support/assertions";

function show(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.path}: ${d.message} [${d.code}]`;
}
function all(result: CompileResult): string[] {
  return result.diagnostics.map(show);
}
/** IAM's measure of a canonical text (13.3) without non-ASCII: characters other than white space. */
function iamCharacters(value: unknown): number {
  return JSON.stringify(value, null, 2).replace(/[ \n\r\t]/g, "").length;
}
const figure = (n: number) => n.toLocaleString("en-US");

/** Account sandbox with its own trust policy quota; live keeps the default. */
function accountsWithQuota(quota: string): string {
  return lines(`sandbox: {id: "012345678901", limits: {trust_policy_size: ${quota}}}`, 'live: "210987654321"');
}

/** A role whose trust policy has one statement with a Condition value `pad` (role key on line 2). */
function trustSized(pad: string) {
  const yaml = lines("roles:", "  web:", "    allow_to_assume_me:", "      service: ec2", `      Condition: {StringEquals: {"aws:PrincipalTag/team": "${pad}"}}`);
  const statement = { Condition: { StringEquals: { "aws:PrincipalTag/team": pad } }, Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole", Effect: "Allow", Sid: "" };
  return { yaml, size: iamCharacters({ Version: "2012-10-17", Statement: [statement] }) };
}
const TRUST_BASE = trustSized("").size;

function compileWithQuota(quota: string, yaml: string, account = "sandbox"): CompileResult {
  return compileIn(writeStacks({ accounts: accountsWithQuota(quota), files: { [`${account}/roles.yaml`]: yaml } }), account);
}

describe("AWS limits (issue 6 item 1)", () => {
  describe("trust policy size: the account's own quota, accounts.yaml limits.trust_policy_size", () => {
    it("exactly at the account's quota compiles, without W7 (the quota is known to be raised)", () => {
      const { yaml, size } = trustSized("a".repeat(3000 - TRUST_BASE));
      expect(size).to.equal(3000);
      expect(all(compileWithQuota("3000", yaml))).to.deep.equal([]);
    });

    it("one character over the account's quota is an error on the role naming both figures", () => {
      const { yaml, size } = trustSized("a".repeat(3001 - TRUST_BASE));
      expect(size).to.equal(3001);
      expect(all(compileWithQuota("3000", yaml))).to.deep.equal([
        "sandbox/roles.yaml:2:3: error: roles.web: trust policy is 3,001 characters, limit 3,000 [E9101]",
      ]);
    });

    it("a quota of 2,048 turns the default W7 into the error of the issue's example, listing the largest statements", () => {
      const first = (pad: string) => ({ Condition: { StringEquals: { "aws:PrincipalTag/team": pad } }, Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole", Effect: "Allow", Sid: "" });
      const second = { Principal: { AWS: ["arn:aws:iam::210987654321:role/deployer", "arn:aws:iam::210987654321:role/release"] }, Action: "sts:AssumeRole", Effect: "Allow", Sid: "" };
      const pad = "a".repeat(2311 - iamCharacters({ Version: "2012-10-17", Statement: [first(""), second] }));
      const yaml = lines(
        "roles:",
        "  web:",
        "    allow_to_assume_me:",
        "      - service: ec2",
        `        Condition: {StringEquals: {"aws:PrincipalTag/team": "${pad}"}}`,
        "      - {iam: [role/deployer, role/release], account: live}",
      );
      expect(iamCharacters({ Version: "2012-10-17", Statement: [first(pad), second] })).to.equal(2311);
      expect(all(compileWithQuota("2048", yaml))).to.deep.equal([
        `sandbox/roles.yaml:2:3: error: roles.web: trust policy is 2,311 characters, limit 2,048; largest statements: roles.web.allow_to_assume_me[0] (${figure(iamCharacters(first(pad)))} characters), roles.web.allow_to_assume_me[1] (${figure(iamCharacters(second))} characters) [E9101]`,
      ]);
    });

    it("applies to its own account only: another account keeps the default (W7 above 2,048)", () => {
      const { yaml } = trustSized("a".repeat(3001 - TRUST_BASE));
      expect(all(compileWithQuota("3000", yaml, "live"))).to.deep.equal([
        "live/roles.yaml:2:3: warning: roles.web: trust policy is 3,001 characters, above the default quota of 2,048 (adjustable up to 4,096) [W7]",
      ]);
    });

    it("2,048 and 4,096, the range AWS grants, are accepted", () => {
      const { yaml } = trustSized("a");
      expect(all(compileWithQuota("2048", yaml))).to.deep.equal([]);
      expect(all(compileWithQuota("4096", yaml))).to.deep.equal([]);
    });

    it("2,047, 4,097, a fraction or a string are errors at the value in accounts.yaml", () => {
      const { yaml } = trustSized("a");
      const expected = (found: string) => [
        `accounts.yaml:1:59: error: sandbox.limits.trust_policy_size: expected a whole number from 2,048 to 4,096, found ${found} [E0003]`,
      ];
      expect(all(compileWithQuota("2047", yaml))).to.deep.equal(expected("the number 2047"));
      expect(all(compileWithQuota("4097", yaml))).to.deep.equal(expected("the number 4097"));
      expect(all(compileWithQuota("3000.5", yaml))).to.deep.equal(expected("the number 3000.5"));
      expect(all(compileWithQuota('"3000"', yaml))).to.deep.equal(expected('the string "3000"'));
    });

    it("an unknown limit is an error with a suggestion, at its key", () => {
      const accounts = lines('sandbox: {id: "012345678901", limits: {trust_policy_sizes: 3000}}');
      const result = compileIn(writeStacks({ accounts, files: { "sandbox/roles.yaml": trustSized("a").yaml } }));
      expect(all(result)).to.deep.equal([
        'accounts.yaml:1:40: error: sandbox.limits.trust_policy_sizes: unknown key "trust_policy_sizes"; did you mean "trust_policy_size"? [E0001]',
      ]);
    });
    it("names of Object's own properties (toString, constructor, __proto__) are unknown limits like any other", () => {
      for (const key of ["toString", "constructor", "__proto__", "hasOwnProperty"]) {
        const accounts = lines(`sandbox: {id: "012345678901", limits: {${key}: 3000}}`);
        const result = compileIn(writeStacks({ accounts, files: { "sandbox/roles.yaml": trustSized("a").yaml } }));
        expect(all(result), key).to.deep.equal([`accounts.yaml:1:40: error: sandbox.limits.${key}: unknown key "${key}" [E0001]`]);
      }
    });
  });

  describe("inline policy over 10,240: the largest statements are named, so the user knows what to split", () => {
    it("lists the three largest statements with their sizes, largest first", () => {
      const statement = (n: number) => ({ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::b${n}/${"a".repeat(n * 1000)}` });
      const sizes = [1, 2, 3, 4].map((n) => iamCharacters(statement(n)));
      // One character larger than statement 4: sorted first.
      const big = { Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::big/${"a".repeat(4000)}` };
      const yaml = lines(
        "roles:",
        "  web:",
        "    allow_to_assume_me: {service: ec2}",
        "    allow_permission:",
        ...[1, 2, 3, 4].map((n) => `      - {action: s3:GetObject, resource: "${statement(n).Resource}"}`),
        `      - {action: s3:GetObject, resource: "${big.Resource}"}`,
      );
      const total = iamCharacters({ Version: "2012-10-17", Statement: [1, 2, 3, 4].map(statement).concat(big) });
      expect(total).to.be.above(10240);
      expect(all(compileYaml(yaml))).to.deep.equal([
        `sandbox/roles.yaml:2:3: error: roles.web: inline policy is ${figure(total)} characters, limit 10,240; largest statements: ` +
          `roles.web.allow_permission[4] (${figure(iamCharacters(big))} characters), roles.web.allow_permission[3] (${figure(sizes[3])} characters), ` +
          `roles.web.allow_permission[2] (${figure(sizes[2])} characters) [E9101]`,
      ]);
    });
  });

  describe("role description: CreateRole accepts letters, marks, separators, symbols, digits and punctuation only", () => {
    it("symbols, emoji, other scripts and punctuation are accepted", () => {
      const description = "Équipe ☁️ 運用 — builds & deploys (v2) © 2026 😀";
      const plan = planOf(compileYaml(lines("roles:", "  web:", "    allow_to_assume_me: {service: ec2}", `    description: "${description}"`)));
      expect(plan.roles.web.description).to.equal(description);
    });

    for (const [name, character] of [
      ["a soft hyphen (U+00AD, a format character)", "\u00ad"],
      ["a zero width space (U+200B, a format character)", "\u200b"],
      ["a private-use character (U+E000)", "\ue000"],
    ]) {
      it(`${name} is an error at the description`, () => {
        const result = compileYaml(lines("roles:", "  web:", "    allow_to_assume_me: {service: ec2}", `    description: "web${character}server"`));
        expect(errorsOf(result).map(show)).to.deep.equal([
          `sandbox/roles.yaml:4:18: error: roles.web.description: expected a description of at most 1,000 characters without control characters, found the string ${JSON.stringify(`web${character}server`)} [E0003]`,
        ]);
      });
    }
  });

  describe("instance profile name (1–128 of [A-Za-z0-9+=,.@_-]): the role's leaf, so always valid", () => {
    it("a role with the longest leaf (64 characters) gets a profile of that name", () => {
      const leaf = "r".repeat(64);
      const plan = planOf(compileYaml(lines("roles:", `  ops/${leaf}:`, "    allow_to_assume_me: {service: ec2}", "    make_instance_profile: true")));
      expect([plan.roles[`ops/${leaf}`].name, plan.roles[`ops/${leaf}`].instanceProfile]).to.deep.equal([leaf, true]);
    });
  });

  describe("bucket tags: at most 50, key 1–128 not starting with aws:, value 0–256", () => {
    const bucket = (...tags: string[]) => lines("buckets:", "  assets-bucket:", "    tags:", ...tags.map((t) => `      ${t}`));
    const many = (n: number) => Array.from({ length: n }, (_, i) => `t${i}: v`);

    it("50 tags, a key of 128 and a value of 256 characters are accepted", () => {
      expect(all(compileYaml(bucket(...many(50))))).to.deep.equal([]);
      expect(planOf(compileYaml(bucket(`${"k".repeat(128)}: "${"v".repeat(256)}"`))).buckets["assets-bucket"].tags).to.deep.equal({ ["k".repeat(128)]: "v".repeat(256) });
    });

    it("51 tags are an error at the tags", () => {
      expect(all(compileYaml(bucket(...many(51))))).to.deep.equal(["sandbox/roles.yaml:4:7: error: buckets.assets-bucket.tags: 51 tags; at most 50 are allowed [E4010]"]);
    });

    it("a key of 129 characters, a key starting with aws: and a value of 257 characters are errors", () => {
      expect(all(compileYaml(bucket(`${"k".repeat(129)}: v`, "aws:team: ops", `long: "${"v".repeat(257)}"`)))).to.deep.equal([
        `sandbox/roles.yaml:4:7: error: buckets.assets-bucket.tags.${"k".repeat(129)}: tag key "${"k".repeat(129)}" is 129 characters, more than 128 [E4011]`,
        'sandbox/roles.yaml:5:7: error: buckets.assets-bucket.tags.aws:team: tag key "aws:team" must not start with "aws:" (reserved by AWS) [E4011]',
        "sandbox/roles.yaml:6:13: error: buckets.assets-bucket.tags.long: expected a string of at most 256 characters (quote numbers and booleans), found 257 characters [E0003]",
      ]);
    });
  });
});
