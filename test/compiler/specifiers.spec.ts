/**
 * DIALECT.md 6.1–6.4: resource values and the iam, s3, kms and sns specifiers, checked on the Resource of
 * the statements they produce (normalised by 5.4: deduplicated, sorted, one item as a string) and on the
 * diagnostics a user sees.
 */
import { expect } from "chai";
import type { CompileOptions, CompileResult, Diagnostic, Plan } from "../../compiler";
import { compileYaml, planOf } from "../support/stacks";
import { errors, lines, show, warnings } from "../support/assertions";

const A = "012345678901";
const LIVE = "210987654321";
const SHARED = "098765432101";

/** A role `web` with a trust statement and one allow_permission statement whose resource is `value` (file line 6, column 17). */
function roleResource(value: string, name = "web", extra: string[] = []): string {
  return lines("roles:", `  ${name}:`, "    allow_to_assume_me: {service: ec2}", "    allow_permission:", "      action: s3:GetObject", `      resource: ${value}`, ...extra);
}
/** A bucket `my-bucket` with one statement whose resource is `value` (file line 6, column 17). */
function bucketResource(value: string): string {
  return lines("buckets:", "  my-bucket:", "    allow_permission:", "      principal: '*'", "      action: s3:GetObject", `      resource: ${value}`);
}
/** A key `app` (location as given) with one statement whose resource is `value` (file line 9, column 17). */
function keyResource(value: string, location: string | null = "ap-southeast-2"): string {
  return lines(
    "keys:",
    "  app:",
    "    description: app key",
    location === null ? "    # no location" : `    location: ${location}`,
    "    allow_permission:",
    "      principal: {iam: role/app}",
    "      action: kms:Decrypt",
    "      # the resource:",
    `      resource: ${value}`,
  );
}
function compile(yaml: string, options: Partial<CompileOptions> = {}): CompileResult {
  return compileYaml(yaml, options);
}
function roleStatement(plan: Plan, name = "web"): Record<string, unknown> {
  return plan.roles[name].policy!.Statement[0];
}
/** The Resource of the role's only permission statement. */
function resourceOf(yaml: string, options: Partial<CompileOptions> = {}, name = "web"): unknown {
  return roleStatement(planOf(compile(yaml, options)), name).Resource;
}
function bucketResourceOf(yaml: string): unknown {
  return planOf(compile(yaml)).buckets["my-bucket"].policy!.Statement[0].Resource;
}
function keyResourceOf(yaml: string, options: Partial<CompileOptions> = {}): unknown {
  const statements = planOf(compile(yaml, options)).keys.app.policy.Statement;
  return statements[statements.length - 1].Resource;
}
/** The single error of a compilation, checked to be the only one. */
function onlyError(result: CompileResult): Diagnostic {
  const found = errors(result);
  expect(found.map(show)).to.have.length(1);
  return found[0];
}

describe("§6 specifiers", () => {
  describe("6.1 resource values", () => {
    it("6.1 a string is used verbatim (ARN or not)", () => {
      expect(resourceOf(roleResource("['not-an-arn', '*', 'arn:aws:s3:::x']"))).to.deep.equal(["*", "arn:aws:s3:::x", "not-an-arn"]);
    });

    it("6.1 a list mixes strings and mappings; results are appended and then normalised", () => {
      expect(resourceOf(roleResource("['arn:aws:s3:::z', {s3: a}, {iam: role/r}]"))).to.deep.equal([
        `arn:aws:iam::${A}:role/r`,
        "arn:aws:s3:::a",
        "arn:aws:s3:::a/*",
        "arn:aws:s3:::z",
      ]);
    });

    it('6.1 a mapping with no type key is an error "unknown resource type" listing iam, kms, sns, s3', () => {
      const d = onlyError(compile(roleResource("{bucket: logs}")));
      expect([d.code, d.file, d.line, d.column, d.path]).to.deep.equal(["E6001", "sandbox/roles.yaml", 6, 17, "roles.web.allow_permission.resource"]);
      expect(d.message).to.include("unknown resource type");
      for (const type of ["iam", "kms", "sns", "s3"]) expect(d.message).to.include(type);
    });

    it('6.1 an empty mapping is an error "unknown resource type"', () => {
      const d = onlyError(compile(roleResource("[{}]")));
      expect([d.code, d.path]).to.deep.equal(["E6001", "roles.web.allow_permission.resource[0]"]);
    });

    it("6.1 a mapping with two type keys is an error (not the first one winning)", () => {
      const d = onlyError(compile(roleResource("{iam: role/x, s3: logs}")));
      expect([d.code, d.file, d.line, d.path]).to.deep.equal(["E6002", "sandbox/roles.yaml", 6, "roles.web.allow_permission.resource"]);
      expect(d.message).to.include("iam").and.to.include("s3");
    });

    it("6.1 a key that is not a modifier of the type is an error: location on iam", () => {
      const d = onlyError(compile(roleResource("{iam: role/x, location: us-east-1}")));
      expect([d.code, d.line, d.path]).to.deep.equal(["E6003", 6, "roles.web.allow_permission.resource.location"]);
      expect(d.message).to.include('"location"');
    });

    it("6.1 a key that is not a modifier of the type is an error: users on kms and on sns", () => {
      const result = compile(roleResource("[{kms: k, users: bob, location: us-east-1}, {sns: t, users: bob, location: us-east-1}]"));
      expect(errors(result).map((d) => [d.code, d.path])).to.deep.equal([
        ["E6003", "roles.web.allow_permission.resource[0].users"],
        ["E6003", "roles.web.allow_permission.resource[1].users"],
      ]);
    });

    it("6.1 a misspelt modifier is an error with suggestion (acount -> account)", () => {
      const d = onlyError(compile(roleResource("{iam: role/x, acount: live}")));
      expect(d.path).to.equal("roles.web.allow_permission.resource.acount");
      expect(d.message).to.include('"acount"').and.to.include('did you mean "account"?');
    });

    for (const [value, what] of [
      ["5", "a number"],
      ["true", "a boolean"],
    ] as const) {
      it(`6.1 ${what} as the resource is an error "resource should be a string or a mapping"`, () => {
        const d = onlyError(compile(roleResource(value)));
        expect([d.file, d.line, d.column, d.path]).to.deep.equal(["sandbox/roles.yaml", 6, 17, "roles.web.allow_permission.resource"]);
        expect(d.message).to.include("resource should be a string or a mapping");
      });
    }

    it('6.1 number, boolean, null and nested list items are each an error "resource should be a string or a mapping"', () => {
      const result = compile(roleResource("['arn:aws:s3:::ok', 5, false, null, [a]]"));
      const found = errors(result);
      expect(found.map((d) => d.path)).to.deep.equal([
        "roles.web.allow_permission.resource[1]",
        "roles.web.allow_permission.resource[2]",
        "roles.web.allow_permission.resource[3]",
        "roles.web.allow_permission.resource[4]",
      ]);
      for (const d of found) expect(d.message).to.include("resource should be a string or a mapping");
    });

    it("6.1 account and location on s3 are ignored with W5 each", () => {
      const result = compile(roleResource("{s3: logs, account: live, location: us-east-1}"));
      expect(roleStatement(planOf(result)).Resource).to.deep.equal(["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"]);
      const found = warnings(result);
      expect(found.map((d) => [d.code, d.file, d.line, d.path])).to.deep.equal([
        ["W5", "sandbox/roles.yaml", 6, "roles.web.allow_permission.resource.account"],
        ["W5", "sandbox/roles.yaml", 6, "roles.web.allow_permission.resource.location"],
      ]);
      expect(found[0].message).to.include("account");
      expect(found[1].message).to.include("location");
    });
  });

  describe("6.2 iam specifiers", () => {
    it("6.2.2 table row 1: {iam: role/ops, account: [sandbox, live]}", () => {
      expect(resourceOf(roleResource("{iam: role/ops, account: [sandbox, live]}"))).to.deep.equal([`arn:aws:iam::${A}:role/ops`, `arn:aws:iam::${LIVE}:role/ops`]);
    });

    it("6.2.2 table row 2: {iam: assumed-role/admin, users: alice} uses sts", () => {
      expect(resourceOf(roleResource("{iam: assumed-role/admin, users: alice}"))).to.equal(`arn:aws:sts::${A}:assumed-role/admin/alice`);
    });

    it("6.2.2 table row 3: a literal ARN inside iam is kept verbatim, the account applies to the other name", () => {
      expect(resourceOf(roleResource("{iam: ['arn:aws:iam::999999999999:root', user/ci], account: live}"))).to.deep.equal([
        `arn:aws:iam::${LIVE}:user/ci`,
        "arn:aws:iam::999999999999:root",
      ]);
    });

    it("6.2.2 names are verbatim: root, role/x and x (no role/ added)", () => {
      expect(resourceOf(roleResource("{iam: [root, role/x, x]}"))).to.deep.equal([`arn:aws:iam::${A}:role/x`, `arn:aws:iam::${A}:root`, `arn:aws:iam::${A}:x`]);
    });

    it("6.2.2 sts only for names starting with assumed-role", () => {
      expect(resourceOf(roleResource("{iam: [assumed-role/a, role/assumed-role]}"))).to.deep.equal([
        `arn:aws:iam::${A}:role/assumed-role`,
        `arn:aws:sts::${A}:assumed-role/a`,
      ]);
    });

    it("6.2.2 a literal ARN inside iam ignores account and users", () => {
      expect(resourceOf(roleResource("{iam: 'arn:aws:iam::999999999999:role/x', account: live, users: bob}"))).to.equal("arn:aws:iam::999999999999:role/x");
    });

    it("6.2.2 account accepts an integer id (padded) and a 12-digit string id from accounts.yaml", () => {
      expect(resourceOf(roleResource("{iam: root, account: [98765432101, '210987654321']}"))).to.deep.equal([
        `arn:aws:iam::${SHARED}:root`,
        `arn:aws:iam::${LIVE}:root`,
      ]);
    });

    it("6.2.2 accounts are the outer loop and names the inner loop", () => {
      // spec silent: 4.9 does not say whether managed policies are sorted; the expansion order of 6.2.2 is
      // only visible in an unsorted list, and a user expects the ARNs in the order the specifier produces them.
      const plan = planOf(
        compile(
          lines("roles:", "  web:", "    allow_to_assume_me: {service: ec2}", "    managed_policies:", "      - {iam: [policy/b, policy/a], account: [live, sandbox]}"),
        ),
      );
      expect(plan.roles.web.managedPolicies).to.deep.equal([
        `arn:aws:iam::${LIVE}:policy/b`,
        `arn:aws:iam::${LIVE}:policy/a`,
        `arn:aws:iam::${A}:policy/b`,
        `arn:aws:iam::${A}:policy/a`,
      ]);
    });

    it("6.2.2 __self__ in a role document is the role's ARN with its path from the name", () => {
      expect(resourceOf(roleResource("{iam: __self__}", "ops/ci/runner"), {}, "ops/ci/runner")).to.equal(`arn:aws:iam::${A}:role/ops/ci/runner`);
    });

    it("6.2.2 __self__ in a role document uses the path extension", () => {
      const yaml = roleResource("{iam: __self__}", "runner", ["    path: team"]);
      expect(resourceOf(yaml, {}, "runner")).to.equal(`arn:aws:iam::${A}:role/team/runner`);
    });

    it("6.2.2 __self__ is always in account A, whatever account says; users apply to it", () => {
      expect(resourceOf(roleResource("{iam: __self__, account: live, users: [s1, s2]}"))).to.deep.equal([
        `arn:aws:iam::${A}:role/web/s1`,
        `arn:aws:iam::${A}:role/web/s2`,
      ]);
    });

    it("6.2.2 __self__ in a trust statement is the role's ARN", () => {
      const plan = planOf(compile(lines("roles:", "  ops/web:", "    allow_to_assume_me: {iam: __self__}")));
      expect(plan.roles["ops/web"].trustPolicy.Statement[0].Principal).to.deep.equal({ AWS: `arn:aws:iam::${A}:role/ops/web` });
    });

    it("6.2.3 __self__ does not leak its account to later names", () => {
      expect(resourceOf(roleResource("{iam: [__self__, role/b], account: live}"))).to.deep.equal([`arn:aws:iam::${A}:role/web`, `arn:aws:iam::${LIVE}:role/b`]);
    });

    it("6.2.3 __self__ does not change the account of names before or after it, with several accounts", () => {
      expect(resourceOf(roleResource("{iam: [role/a, __self__, role/b], account: [live, shared]}"))).to.deep.equal([
        `arn:aws:iam::${A}:role/web`,
        `arn:aws:iam::${SHARED}:role/a`,
        `arn:aws:iam::${SHARED}:role/b`,
        `arn:aws:iam::${LIVE}:role/a`,
        `arn:aws:iam::${LIVE}:role/b`,
      ]);
    });

    it("6.2.4 users as a string is one user (not its characters)", () => {
      expect(resourceOf(roleResource("{iam: user, users: bob}"))).to.equal(`arn:aws:iam::${A}:user/bob`);
    });

    it("6.2.4 users as a list gives one ARN per user and per name", () => {
      expect(resourceOf(roleResource("{iam: [assumed-role/a, assumed-role/b], users: [u1, u2]}"))).to.deep.equal([
        `arn:aws:sts::${A}:assumed-role/a/u1`,
        `arn:aws:sts::${A}:assumed-role/a/u2`,
        `arn:aws:sts::${A}:assumed-role/b/u1`,
        `arn:aws:sts::${A}:assumed-role/b/u2`,
      ]);
    });

    it("6.2.4 an empty users list applies no user: the ARN itself", () => {
      // "When present and non-empty" users replace the ARN; an empty list leaves it as it is.
      expect(resourceOf(roleResource("{iam: role/x, users: []}"))).to.equal(`arn:aws:iam::${A}:role/x`);
    });

    it("6.2.2 iam names must be non-empty strings: an empty name, an empty list and a number are errors", () => {
      const result = compile(roleResource("[{iam: ''}, {iam: []}, {iam: [role/x, '']}]"));
      expect(errors(result).map((d) => d.path)).to.deep.equal([
        "roles.web.allow_permission.resource[0].iam",
        "roles.web.allow_permission.resource[1].iam",
        "roles.web.allow_permission.resource[2].iam",
      ]);
    });

    it("1.6/6.2 an unknown account in an iam specifier is an error listing the known accounts, with suggestion", () => {
      const d = onlyError(compile(roleResource("{iam: root, account: lvie}")));
      expect([d.code, d.file, d.line, d.path]).to.deep.equal(["E1016", "sandbox/roles.yaml", 6, "roles.web.allow_permission.resource.account"]);
      expect(d.message).to.include("unknown account").and.to.include(`live (${LIVE})`).and.to.include('did you mean "live"?');
    });

    it("6.2.2 {iam: __self__} in a bucket policy is an error", () => {
      const d = onlyError(compile(bucketResource("{iam: __self__}")));
      expect([d.code, d.file, d.line]).to.deep.equal(["E6005", "sandbox/roles.yaml", 6]);
      expect(d.path).to.match(/^buckets\.my-bucket\.allow_permission\.resource/);
      expect(d.message).to.include("__self__");
    });

    it("6.2.2 {iam: __self__} in a key policy is an error (not role/<alias>)", () => {
      const d = onlyError(compile(keyResource("{iam: __self__}")));
      expect([d.code, d.file, d.line]).to.deep.equal(["E6005", "sandbox/roles.yaml", 9]);
      expect(d.path).to.match(/^keys\.app\.allow_permission\.resource/);
    });
  });

  describe("6.3 s3 specifiers", () => {
    it("6.3 {s3: logs} gives the bucket and its objects", () => {
      expect(resourceOf(roleResource("{s3: logs}"))).to.deep.equal(["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"]);
    });

    it("6.3 {s3: logs/2024/*} gives only that ARN (a / gives one ARN)", () => {
      expect(resourceOf(roleResource("{s3: logs/2024/*}"))).to.equal("arn:aws:s3:::logs/2024/*");
    });

    it("6.3 a list of buckets and paths", () => {
      expect(resourceOf(roleResource("{s3: [b-bucket/x, a-bucket]}"))).to.deep.equal(["arn:aws:s3:::a-bucket", "arn:aws:s3:::a-bucket/*", "arn:aws:s3:::b-bucket/x"]);
    });

    it("6.3 an empty string is an error", () => {
      const result = compile(roleResource("[{s3: ''}, {s3: [ok, '']}]"));
      expect(errors(result).map((d) => [d.line, d.path])).to.deep.equal([
        [6, "roles.web.allow_permission.resource[0].s3"],
        [6, "roles.web.allow_permission.resource[1].s3"],
      ]);
    });

    it("6.3 {s3: __self__} in a bucket policy is the bucket's own name", () => {
      expect(bucketResourceOf(bucketResource("{s3: [__self__, other]}"))).to.deep.equal([
        "arn:aws:s3:::my-bucket",
        "arn:aws:s3:::my-bucket/*",
        "arn:aws:s3:::other",
        "arn:aws:s3:::other/*",
      ]);
    });

    it("6.3 {s3: __self__} in a role document is an error", () => {
      const d = onlyError(compile(roleResource("{s3: __self__}")));
      expect([d.code, d.file, d.line]).to.deep.equal(["E6005", "sandbox/roles.yaml", 6]);
      expect(d.path).to.match(/^roles\.web\.allow_permission\.resource/);
    });

    it("6.3 {s3: __self__} in a key policy is an error", () => {
      const d = onlyError(compile(keyResource("{s3: __self__}")));
      expect([d.code, d.line]).to.deep.equal(["E6005", 9]);
    });
  });

  describe("6.4 kms and sns specifiers", () => {
    it("6.4.4 a kms alias string gives the alias ARN in M.location and account A", () => {
      expect(resourceOf(roleResource("{kms: app, location: us-east-1}"))).to.equal(`arn:aws:kms:us-east-1:${A}:alias/app`);
    });

    it("6.4.1 kms mappings with alias or key_id, each with its own location", () => {
      expect(resourceOf(roleResource("{kms: [{alias: app, location: eu-west-1}, {key_id: 1234abcd-12ab-34cd-56ef-1234567890ab, location: us-west-2}]}"))).to.deep.equal([
        `arn:aws:kms:eu-west-1:${A}:alias/app`,
        `arn:aws:kms:us-west-2:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      ]);
    });

    it("6.4.1 a kms mapping with both alias and key_id, or neither, is an error", () => {
      const result = compile(roleResource("{kms: [{alias: a, key_id: k}, {location: us-east-1}], location: us-east-1}"));
      expect(errors(result).map((d) => d.path)).to.deep.equal(["roles.web.allow_permission.resource.kms[0]", "roles.web.allow_permission.resource.kms[1]"]);
    });

    it("6.4.1 an alias written with alias/ is an error with a hint", () => {
      const d = onlyError(compile(roleResource("{kms: alias/app, location: us-east-1}")));
      expect([d.code, d.file, d.line, d.path]).to.deep.equal(["E6012", "sandbox/roles.yaml", 6, "roles.web.allow_permission.resource.kms"]);
      expect(d.message).to.include('"alias/app"').and.to.include('"app"');
    });

    it("6.4.1 an alias/ prefix in a kms mapping's alias is an error too", () => {
      const d = onlyError(compile(roleResource("{kms: [{alias: alias/app}], location: us-east-1}")));
      expect(d.code).to.equal("E6012");
      expect(d.path).to.match(/^roles\.web\.allow_permission\.resource\.kms\[0\]/);
    });

    it("6.4.3 location precedence: the item's location, then M.location, then R", () => {
      const yaml = roleResource("{kms: [{alias: a, location: eu-west-1}, b, {key_id: k1}], location: us-east-1}");
      expect(resourceOf(yaml, { region: "ap-southeast-2" })).to.deep.equal([
        `arn:aws:kms:eu-west-1:${A}:alias/a`,
        `arn:aws:kms:us-east-1:${A}:alias/b`,
        `arn:aws:kms:us-east-1:${A}:key/k1`,
      ]);
    });

    it("6.4.3 without any location, R (the region option) is used, for kms and sns", () => {
      expect(resourceOf(roleResource("[{kms: b}, {sns: alerts}]"), { region: "eu-central-1" })).to.deep.equal([
        `arn:aws:kms:eu-central-1:${A}:alias/b`,
        `arn:aws:sns:eu-central-1:${A}:alerts`,
      ]);
    });

    it("6.4.3 in a key policy, the key's own location comes before R, and M.location before both", () => {
      const yaml = keyResource("[{kms: other}, {kms: third, location: us-west-2}, {sns: topic}]", "ap-southeast-2");
      expect(keyResourceOf(yaml, { region: "eu-central-1" })).to.deep.equal([
        `arn:aws:kms:ap-southeast-2:${A}:alias/other`,
        `arn:aws:kms:us-west-2:${A}:alias/third`,
        `arn:aws:sns:ap-southeast-2:${A}:topic`,
      ]);
    });

    it("6.4.3 in a key policy of a key without location, R is the key's location and the default", () => {
      expect(keyResourceOf(keyResource("{kms: other}", null), { region: "eu-central-1" })).to.equal(`arn:aws:kms:eu-central-1:${A}:alias/other`);
    });

    it("6.4.3 kms without any location and no R is an error (not None in the ARN)", () => {
      const d = onlyError(compile(roleResource("{kms: app}")));
      expect([d.code, d.file, d.line]).to.deep.equal(["E6014", "sandbox/roles.yaml", 6]);
      expect(d.path).to.match(/^roles\.web\.allow_permission\.resource/);
      expect(d.message).to.include("location");
    });

    it("6.4.3 sns without any location and no R is an error", () => {
      const d = onlyError(compile(roleResource("{sns: alerts}")));
      expect(d.code).to.equal("E6014");
    });

    it("6.4.3 a location that does not look like a region is an error (M.location and item location)", () => {
      const result = compile(roleResource("[{kms: a, location: Sydney}, {kms: [{alias: b, location: ap-southeast}], location: us-east-1}]"));
      const found = errors(result);
      expect(found.map((d) => d.code)).to.deep.equal(["E6015", "E6015"]);
      expect(found[0].path).to.equal("roles.web.allow_permission.resource[0].location");
      expect(found[0].message).to.include('"Sydney"');
      expect(found[1].path).to.equal("roles.web.allow_permission.resource[1].kms[0].location");
    });

    it("6.4.3 region-shaped locations are accepted (us-gov-west-1)", () => {
      expect(resourceOf(roleResource("{sns: alerts, location: us-gov-west-1}"))).to.equal(`arn:aws:sns:us-gov-west-1:${A}:alerts`);
    });

    it("6.4.3 an R that does not look like a region is an error when it is used", () => {
      // spec silent on where the diagnostic points (R comes from the stack configuration, not a file).
      const found = errors(compile(roleResource("{kms: app}"), { region: "sydney" }));
      expect(found).to.have.length.greaterThan(0);
      expect(found.some((d) => d.message.includes("sydney"))).to.equal(true);
    });

    it("6.4.4 accounts multiply kms and sns ARNs (account list)", () => {
      expect(resourceOf(roleResource("[{sns: alerts, account: [sandbox, live], location: us-east-1}, {kms: {key_id: k1}, account: live, location: us-east-1}]"))).to.deep.equal([
        `arn:aws:kms:us-east-1:${LIVE}:key/k1`,
        `arn:aws:sns:us-east-1:${A}:alerts`,
        `arn:aws:sns:us-east-1:${LIVE}:alerts`,
      ]);
    });

    it("6.4.1 {kms: __self__} outside a key policy is an error (role and bucket)", () => {
      const inRole = onlyError(compile(roleResource("{kms: __self__, location: us-east-1}")));
      expect([inRole.code, inRole.line]).to.deep.equal(["E6005", 6]);
      const inBucket = onlyError(compile(bucketResource("{kms: __self__, location: us-east-1}")));
      expect([inBucket.code, inBucket.line]).to.deep.equal(["E6005", 6]);
    });

    it("6.4.2 {sns: __self__} is an error, even in a key policy", () => {
      expect(onlyError(compile(roleResource("{sns: __self__, location: us-east-1}"))).code).to.equal("E6005");
      expect(onlyError(compile(keyResource("{sns: __self__}"))).code).to.equal("E6005");
    });

    it("6.4.2 an sns item that is not a topic name is an error", () => {
      const d = onlyError(compile(roleResource("{sns: [{name: t}], location: us-east-1}")));
      expect(d.path).to.match(/^roles\.web\.allow_permission\.resource\.sns/);
    });

    it("6.4.1 a kms key_id that is not a string is an error", () => {
      const d = onlyError(compile(roleResource("{kms: {key_id: 1234}, location: us-east-1}")));
      expect(d.path).to.match(/^roles\.web\.allow_permission\.resource\.kms/);
    });
  });
});
