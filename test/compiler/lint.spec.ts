/**
 * The policy lint of `iam-syncr check` (docs/cli.md, docs/rules/): each rule fires on the mistake it is for, pointing at
 * the YAML that wrote it, and stays silent just across its boundary. Every expectation is the whole
 * diagnostic: file, line, column, YAML path, message and code.
 */
import { expect } from "chai";
import * as path from "node:path";
import type { Diagnostic } from "../../compiler";
import type { CompilationRecords, DocumentRecord } from "../../compiler/compilation";
import { compileAccountInDetail, finish } from "../../compiler/compile";
import { Diagnostics } from "../../compiler/diagnostics";
import { ActionCatalog, actionsNamed, lint, lintRecords } from "../../compiler/lint";
import { buildActionIndex } from "../../compiler/lint/action-index";
import { patternIncludes } from "../../compiler/lint/patterns";
import { Located } from "../../compiler/located";
import { YamlPath } from "../../compiler/source/location";
import { writeStacks } from "../support/stacks";
import { lines } from "../support/assertions";

/** A file with one role `web`; body line n is file line n + 2, indented by 4. */
function role(...body: string[]): string {
  return lines("roles:", "  web:", ...body.map((l) => `    ${l}`));
}
/** A role `web` trusting ec2 whose inline policy is `statements`; statement line n is file line n + 4. */
function permissions(...statements: string[]): string {
  return role("allow_to_assume_me: {service: ec2}", "allow_permission:", ...statements.map((s) => `  ${s}`));
}

function show(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.path}: ${d.message} [${d.code}]`;
}

/** Compiles `sandbox/roles.yaml` (plus `files`), lints it, and returns every diagnostic of the run, sorted. */
async function check(yaml: string, options: { strict?: boolean; files?: Record<string, string> } = {}): Promise<string[]> {
  const root = writeStacks({ files: { "sandbox/roles.yaml": yaml, ...options.files } });
  const compilation = compileAccountInDetail({ accountFolder: path.join(root, "sandbox"), cwd: root });
  await lint({ records: compilation.records, accounts: compilation.accounts }, compilation.diagnostics);
  const plan = compilation.result.ok ? compilation.result.plan : undefined;
  return finish(plan, compilation.diagnostics, options.strict === true).diagnostics.map(show);
}

const F = "sandbox/roles.yaml";

describe("lint (iam-syncr check)", () => {
  describe("IAM101 action not of the form service:Action", () => {
    it("fires on a space instead of a colon, an empty action name and a second colon, each at its list item", async () => {
      expect(await check(permissions('- {action: ["s3 GetObject", "s3:", "s3:Get:Object"], resource: "*"}'))).to.deep.equal([
        `${F}:5:19: warning: roles.web.allow_permission[0].action[0]: action "s3 GetObject" is not of the form service:Action; write the service prefix, a colon and the action, like "s3:GetObject" (wildcards * and ? are allowed) [IAM101]`,
        `${F}:5:35: warning: roles.web.allow_permission[0].action[1]: action "s3:" is not of the form service:Action; write the service prefix, a colon and the action, like "s3:GetObject" (wildcards * and ? are allowed) [IAM101]`,
        `${F}:5:42: warning: roles.web.allow_permission[0].action[2]: action "s3:Get:Object" is not of the form service:Action; write the service prefix, a colon and the action, like "s3:GetObject" (wildcards * and ? are allowed) [IAM101]`,
      ]);
    });

    it('is silent on service:Action in any case, with wildcards, and on "*" alone', async () => {
      expect(await check(permissions('- {action: ["s3:GetObject", "S3:getobject", "s3:Get*", "s3:?etObject", "*"], resource: "arn:aws:s3:::b/*"}'))).to.deep.equal([]);
    });
  });

  describe("IAM102 unknown service prefix", () => {
    it('fires with "did you mean" for a close prefix, at the item of a pass-through Action list', async () => {
      expect(await check(permissions('- {Action: [dyanmodb:PutItem], Resource: "*"}'))).to.deep.equal([
        `${F}:5:19: warning: roles.web.allow_permission[0].Action[0]: unknown service prefix "dyanmodb" in action "dyanmodb:PutItem"; did you mean "dynamodb"? [IAM102]`,
      ]);
    });

    it("fires with what to do when no prefix is close", async () => {
      expect(await check(permissions('- {action: "frobnicator:Start", resource: "*"}'))).to.deep.equal([
        `${F}:5:18: warning: roles.web.allow_permission[0].action: unknown service prefix "frobnicator" in action "frobnicator:Start"; check the prefix in the AWS Service Authorization Reference [IAM102]`,
      ]);
    });

    it("is silent on a prefix that exists, written in any case", async () => {
      expect(await check(permissions('- {action: ["dynamodb:PutItem", "DynamoDB:Query"], resource: "*"}'))).to.deep.equal([]);
    });
  });

  describe("IAM103 unknown action", () => {
    it('fires with "did you mean" for a close name, in a notaction', async () => {
      expect(await check(permissions('- {notaction: "s3:GetObjekt", resource: "*"}'))).to.deep.equal([
        `${F}:5:21: warning: roles.web.allow_permission[0].notaction: unknown action "s3:GetObjekt"; did you mean "s3:GetObject"? [IAM103]`,
      ]);
    });

    it("fires with what to do when no name is close, in a trust statement's Action", async () => {
      expect(await check(role("allow_to_assume_me: {service: ec2, Action: sts:AssumeTheRole}"))).to.deep.equal([
        `${F}:3:48: warning: roles.web.allow_to_assume_me.Action: unknown action "sts:AssumeTheRole"; service "sts" has no such action: check the name in the AWS Service Authorization Reference [IAM103]`,
      ]);
    });

    it("is silent on an action that exists, whatever its case (IAM ignores case)", async () => {
      expect(await check(permissions('- {action: ["s3:GetObject", "s3:getobject", "S3:GETOBJECT"], resource: "*"}'))).to.deep.equal([]);
    });

    it("says where a template wrote the action", async () => {
      const yaml = lines(
        "templates:",
        "  reader:",
        "    allow_permission:",
        '      - {action: "s3:GetObjekt", resource: "*"}',
        "roles:",
        "  web:",
        "    use: reader",
        "    allow_to_assume_me: {service: ec2}",
      );
      expect(await check(yaml)).to.deep.equal([
        `${F}:4:18: warning: roles.web.allow_permission[0].action: unknown action "s3:GetObjekt"; did you mean "s3:GetObject"? (via template reader) [IAM103]`,
      ]);
    });
  });

  describe("IAM104 action pattern matching no action", () => {
    it("fires on a wildcard that matches nothing of its service", async () => {
      expect(await check(permissions('- {action: "s3:Gett*", resource: "*"}'))).to.deep.equal([
        `${F}:5:18: warning: roles.web.allow_permission[0].action: action pattern "s3:Gett*" matches no action of service "s3"; correct the pattern or list the actions [IAM104]`,
      ]);
    });

    it("is silent on a wildcard that matches at least one action (one character less)", async () => {
      expect(await check(permissions('- {action: ["s3:Get*", "s3:GetObjec?", "s3:*"], resource: "*"}'))).to.deep.equal([]);
    });
  });

  describe('IAM105 Allow of Action "*" on Resource "*"', () => {
    it('fires at the "*" action', async () => {
      expect(await check(permissions('- {action: "*", resource: "*"}'))).to.deep.equal([
        `${F}:5:18: warning: roles.web.allow_permission[0].action: this Allow grants every action on every resource (Action "*" with Resource "*"); name the actions and resources that are needed [IAM105]`,
      ]);
    });

    it("fires when the wildcards come from pass-through lists", async () => {
      expect(await check(permissions('- {Action: ["s3:GetObject", "*"], Resource: ["*"]}'))).to.deep.equal([
        `${F}:5:35: warning: roles.web.allow_permission[0].Action[1]: this Allow grants every action on every resource (Action "*" with Resource "*"); name the actions and resources that are needed [IAM105]`,
      ]);
    });

    it('is silent when either side is narrower, and on a Deny of "*" on "*"', async () => {
      const yaml = role(
        "allow_to_assume_me: {service: ec2}",
        "allow_permission:",
        '  - {action: "*", resource: "arn:aws:s3:::b/*"}',
        '  - {action: "s3:*", resource: "*"}',
        "deny_permission:",
        '  - {action: "*", resource: "*", Condition: {Bool: {"aws:SecureTransport": "false"}}}',
      );
      expect(await check(yaml)).to.deep.equal([]);
    });
  });

  describe("IAM106 trust of an account outside accounts.yaml without a condition", () => {
    it("fires at the ARN written in iam, and at a bare account id in a pass-through Principal", async () => {
      const yaml = role(
        "allow_to_assume_me:",
        '  - iam: "arn:aws:iam::999999999999:root"',
        '  - Principal: {AWS: ["888888888888"]}',
      );
      expect(await check(yaml)).to.deep.equal([
        `${F}:4:14: warning: roles.web.allow_to_assume_me[0].iam: trusts account 999999999999, which is not in accounts.yaml, with no Condition; add one, such as sts:ExternalId for a third party or aws:PrincipalOrgID for your organization [IAM106]`,
        `${F}:5:27: warning: roles.web.allow_to_assume_me[1].Principal.AWS[0]: trusts account 888888888888, which is not in accounts.yaml, with no Condition; add one, such as sts:ExternalId for a third party or aws:PrincipalOrgID for your organization [IAM106]`,
      ]);
    });

    it("is silent with a Condition, and for the accounts of accounts.yaml (one organization)", async () => {
      const yaml = role(
        "allow_to_assume_me:",
        '  - iam: "arn:aws:iam::999999999999:root"',
        '    Condition: {StringEquals: {"sts:ExternalId": "d2f1e8"}}',
        '  - iam: ["arn:aws:iam::210987654321:role/deployer", root]',
        "    account: shared",
      );
      expect(await check(yaml)).to.deep.equal([]);
    });
  });

  describe("IAM107 web identity trust without an audience or subject condition", () => {
    const github = "arn:aws:iam::012345678901:oidc-provider/token.actions.githubusercontent.com";

    it("fires at the provider when the condition names neither :aud nor :sub", async () => {
      const yaml = role(
        "allow_to_assume_me:",
        `  - federated: "${github}"`,
        "    Action: sts:AssumeRoleWithWebIdentity",
        '    Condition: {IpAddress: {"aws:SourceIp": "10.0.0.0/8"}}',
      );
      expect(await check(yaml)).to.deep.equal([
        `${F}:4:20: warning: roles.web.allow_to_assume_me[0].federated: web identity trust of "${github}" has no condition on an audience or subject key, so any identity of that provider can assume the role; add one, such as a StringEquals condition on token.actions.githubusercontent.com:aud [IAM107]`,
      ]);
    });

    it("is silent with a condition on <provider>:sub, or on cognito-identity.amazonaws.com:aud", async () => {
      const yaml = role(
        "allow_to_assume_me:",
        `  - federated: "${github}"`,
        "    Action: sts:AssumeRoleWithWebIdentity",
        '    Condition: {StringLike: {"token.actions.githubusercontent.com:sub": "repo:org/app:*"}}',
        "  - federated: cognito-identity.amazonaws.com",
        "    Action: sts:AssumeRoleWithWebIdentity",
        '    Condition: {StringEquals: {"cognito-identity.amazonaws.com:aud": "ap-southeast-2:1234"}}',
      );
      expect(await check(yaml)).to.deep.equal([]);
    });
  });

  describe("IAM108 SAML trust without SAML:aud", () => {
    it("fires at federated when the provider came from an iam specifier", async () => {
      expect(await check(role("allow_to_assume_me:", "  - federated: {iam: saml-provider/corp}"))).to.deep.equal([
        `${F}:4:20: warning: roles.web.allow_to_assume_me[0].federated: SAML trust of "arn:aws:iam::012345678901:saml-provider/corp" has no SAML:aud condition; add a StringEquals condition on SAML:aud, such as "https://signin.aws.amazon.com/saml" [IAM108]`,
      ]);
    });

    it("is silent with a SAML:aud condition", async () => {
      const yaml = role(
        "allow_to_assume_me:",
        "  - federated: {iam: saml-provider/corp}",
        '    Condition: {StringEquals: {"SAML:aud": "https://signin.aws.amazon.com/saml"}}',
      );
      expect(await check(yaml)).to.deep.equal([]);
    });

    it("leaves an OIDC provider with the SAML action defaulted to W6 (no second warning)", async () => {
      const found = await check(role('allow_to_assume_me: {federated: "arn:aws:iam::012345678901:oidc-provider/example.com"}'));
      expect(found.map((line) => line.slice(line.lastIndexOf("[")))).to.deep.equal(["[W6]"]);
    });
  });

  describe("IAM109 an Allow that a Deny without condition shadows", () => {
    it("fires at the Allow when the Deny's actions and resources include its own", async () => {
      const yaml = role(
        "allow_to_assume_me: {service: ec2}",
        "allow_permission:",
        '  - {action: ["s3:GetObject", "s3:ListBucket"], resource: "arn:aws:s3:::assets/*"}',
        "deny_permission:",
        '  - {action: "s3:*", resource: "arn:aws:s3:::*"}',
      );
      expect(await check(yaml)).to.deep.equal([
        `${F}:5:9: warning: roles.web.allow_permission[0]: this Allow can never take effect: the Deny at roles.web.deny_permission[0] has no condition and covers all its actions and resources; remove the Allow, narrow the Deny or give the Deny a Condition [IAM109]`,
      ]);
    });

    it("fires in a bucket policy when the Deny's principals include the Allow's", async () => {
      const yaml = lines(
        "buckets:",
        "  assets-bucket:",
        "    allow_permission:",
        '      - {principal: {iam: role/web}, action: "s3:GetObject", resource: {s3: __self__}}',
        "    deny_permission:",
        '      - {principal: "*", action: "s3:Get*", resource: "*"}',
      );
      expect(await check(yaml)).to.deep.equal([
        `${F}:4:9: warning: buckets.assets-bucket.allow_permission[0]: this Allow can never take effect: the Deny at buckets.assets-bucket.deny_permission[0] has no condition and covers all its actions, resources and principals; remove the Allow, narrow the Deny or give the Deny a Condition [IAM109]`,
        `${F}:6:21: warning: buckets.assets-bucket.deny_permission[0].principal: principal "*" grants anyone [W3]`,
      ]);
    });

    it("is silent when the Deny has a condition, misses an action, a resource or a principal", async () => {
      const yaml = lines(
        "roles:",
        "  web:",
        "    allow_to_assume_me: {service: ec2}",
        "    allow_permission:",
        '      - {action: "s3:GetObject", resource: "arn:aws:s3:::assets/*"}',
        "    deny_permission:",
        '      - {action: "s3:*", resource: "*", Condition: {Bool: {"aws:SecureTransport": "false"}}}',
        '      - {action: "s3:Put*", resource: "*"}',
        '      - {action: "s3:*", resource: "arn:aws:s3:::other/*"}',
        "buckets:",
        "  assets-bucket:",
        "    allow_permission:",
        '      - {principal: {iam: role/web}, action: "s3:GetObject", resource: {s3: __self__}}',
        "    deny_permission:",
        '      - {principal: {iam: role/other}, action: "s3:*", resource: "*"}',
      );
      expect(await check(yaml)).to.deep.equal([]);
    });
  });

  describe("KMS102 grant constraints (both kinds in one grant, once KMS101, is error E8008 of the compiler: DIALECT.md 8.5)", () => {
    const grant = (...constraints: string[]) =>
      lines(
        "keys:",
        "  app:",
        "    description: app key",
        "    location: ap-southeast-2",
        "    grant:",
        "      - grantee: {iam: role/web}",
        "        operations: Decrypt",
        "        constraints:",
        ...constraints.map((c) => `          ${c}`),
      );

    it("both kinds in one grant are the compiler's error E8008 at the second kind, not a lint warning", async () => {
      expect(await check(grant("EncryptionContextEquals: {app: web}", "EncryptionContextSubset: {team: ops}"))).to.deep.equal([
        `${F}:10:11: error: keys.app.grant[0].constraints.EncryptionContextSubset: a grant takes one kind of encryption context constraint, EncryptionContextEquals or EncryptionContextSubset, not both (KMS accepts one kind per grant); keep one of them [E8008]`,
      ]);
    });

    it("KMS102 fires at the second of two keys differing only by case", async () => {
      expect(await check(grant("EncryptionContextSubset: {Dept: a, dept: b}"))).to.deep.equal([
        `${F}:9:46: warning: keys.app.grant[0].constraints.EncryptionContextSubset.dept: encryption context keys "Dept" and "dept" differ only by case, and KMS compares keys ignoring case; keep one of them [KMS102]`,
      ]);
    });

    it("is silent on one kind with distinct keys", async () => {
      expect(await check(grant("EncryptionContextEquals: {Dept: a, Team: b}"))).to.deep.equal([]);
    });
  });

  describe("with the compiler's warnings", () => {
    it('"*" and NotPrincipal with Allow in a trust policy stay W3 and W2 (the lint does not repeat them)', async () => {
      const found = await check(role('allow_to_assume_me: {Principal: "*"}', "disallow_to_assume_me: {iam: role/intruder}"));
      expect(found.map((line) => line.slice(line.lastIndexOf("[")))).to.deep.equal(["[W3]", "[W2]"]);
    });

    it("--strict makes every lint warning an error", async () => {
      expect(await check(permissions('- {action: "s3:GetObjekt", resource: "*"}'), { strict: true })).to.deep.equal([
        `${F}:5:18: error: roles.web.allow_permission[0].action: unknown action "s3:GetObjekt"; did you mean "s3:GetObject"? [IAM103]`,
      ]);
    });

    it("lints the documents that built even when another role has an error", async () => {
      // broken: an unknown key (E0001), and no trust statement (W1).
      const yaml = lines("roles:", "  web:", "    allow_to_assume_me: {service: ec2}", '    allow_permission: {action: "s3:GetObjekt", resource: "*"}', "  broken: {bogus: 1}");
      expect((await check(yaml)).map((line) => line.slice(line.lastIndexOf("[")))).to.deep.equal(["[IAM103]", "[W1]", "[E0001]"]);
    });
  });

  describe("pattern inclusion (what IAM109 relies on)", () => {
    it("decides inclusion of wildcard patterns soundly", () => {
      const cases: [string, string, boolean][] = [
        ["s3:*", "s3:GetObject", true],
        ["s3:*", "s3:Get*", true],
        ["s3:Get*", "s3:GetObject*", true],
        ["s3:G?t*", "s3:Get*", true],
        ["s3:Get*", "s3:*", false],
        ["s3:?etObject", "s3:*etObject", false],
        ["s3:*Object", "s3:Get*", false],
        ["*", "anything", true],
      ];
      expect(cases.map(([outer, inner]) => patternIncludes(outer, inner, true))).to.deep.equal(cases.map(([, , included]) => included));
    });
  });

  describe("scale", () => {
    // Its time is npm run bench's business (check of 100 accounts); this is what 10,000 roles report.
    it("lints 10,000 roles (20,000 documents): one IAM103 per mistyped action, nothing else", async () => {
      const records = syntheticRecords(10000);
      const catalog = await ActionCatalog.load(actionsNamed([records]));
      const diagnostics = new Diagnostics();
      lintRecords({ records, accounts: undefined }, catalog, diagnostics);
      expect(diagnostics.resolve().map((d) => d.code)).to.deep.equal(Array(1000).fill("IAM103"));
    });
  });

  describe("the build's index of action names (compiler/lint/action-index.ts)", () => {
    it("judges every kind of action string exactly as the data set does, and names the same release", async () => {
      const written = [
        "s3:GetObject", "S3:getobject", "s3:GetObjekt", "s3:Get*", "s3:Zzz*", "s3:*", "ec2:Describe*", "ec2:RunInstance",
        "sts:AssumeRole", "kms:Decrypt", "iam:PassRole", "s4:GetObject", "ss3:GetObject", "s?:GetObject", "*", "s3", "logs:PutLogEvents",
        "execute-api:Invoke", "dynamodb:GetItems", "organizations:ListAccounts",
      ];
      const index = await buildActionIndex();
      const fromIndex = ActionCatalog.fromIndex(index, written);
      const fromDataSet = await ActionCatalog.fromDataSet(written);
      expect(written.map((action) => fromIndex.judge(action))).to.deep.equal(written.map((action) => fromDataSet.judge(action)));
      expect(fromIndex.judge("s3:GetObjekt")).to.deep.equal({ kind: "unknownAction", service: "s3", closest: "s3:GetObject" });
      expect(fromIndex.data).to.deep.equal(fromDataSet.data);
      expect(Object.keys(index.services)).to.have.length.above(400);
    });

    it("is what the build wrote beside the compiled catalog, which the command therefore reads (npm test builds first)", async () => {
      const compiled = require(path.join(__dirname, "../../bin/compiler/lint/action-index.js")) as typeof import("../../compiler/lint/action-index");
      expect(compiled.generatedActionIndex()).to.deep.equal(await buildActionIndex());
    });
  });
});

/** Records as 10,000 compiled roles leave them: a trust policy and an inline policy with Allow and Deny each. */
function syntheticRecords(count: number): CompilationRecords {
  const actions = ["s3:GetObject", "ec2:Describe*", "logs:PutLogEvents", "dynamodb:Query", "sqs:SendMessage", "kms:Decrypt", "lambda:InvokeFunction", "sns:Publish", "sts:AssumeRole", "s3:PutObject"];
  const documents: DocumentRecord[] = [];
  for (let i = 0; i < count; i++) {
    const owner = Located.of({}, YamlPath.of("roles", `role${i}`), undefined);
    const at = (value: unknown, ...segments: (string | number)[]) => Located.of(value, YamlPath.of("roles", `role${i}`, ...segments), undefined);
    const trust = { Principal: { Service: "ec2.amazonaws.com", AWS: `arn:aws:iam::210987654321:role/r${i % 50}` }, Action: "sts:AssumeRole", Effect: "Allow", Sid: "" };
    // One role in ten has a typo: 1,000 IAM103.
    const allow = { Effect: "Allow", Action: [actions[i % 10], i % 10 === 0 ? "s3:GetObjekt" : actions[(i * 7) % 10]], Resource: `arn:aws:s3:::bucket${i}/*` };
    const deny = { Effect: "Deny", Action: "iam:*", Resource: "*" };
    documents.push({ owner, role: "trust", document: { Version: "2012-10-17", Statement: [trust] }, statements: [{ statement: trust, source: at(trust, "allow_to_assume_me") }] });
    documents.push({
      owner,
      role: "inline",
      document: { Version: "2012-10-17", Statement: [allow, deny] },
      statements: [
        { statement: allow, source: at(allow, "allow_permission", 0) },
        { statement: deny, source: at(deny, "deny_permission", 0) },
      ],
    });
  }
  return { documents, references: [], sources: [] };
}
