/**
 * `iam-syncr generate`, the pure part: live data in, YAML text and the items left out (with their exact reasons)
 * out; the equivalence of documents it promises to keep; the YAML writer; and the verification that stops a
 * defect from reaching a file. No AWS here (generate.moto.spec.ts and generate.property.spec.ts use moto).
 */
import { expect } from "chai";
import * as yaml from "js-yaml";
import { canonicalPolicy, equivalentPolicies } from "../../adopt/generate/equivalence";
import { generate, type DeclaredNames, type Generation } from "../../adopt/generate/generation";
import { layOut, roleFileBase } from "../../adopt/generate/layout";
import type { LiveAccount, LiveBucket, LiveGrant, LiveKey, LiveRole } from "../../adopt/generate/live";
import { parseDocument } from "../../adopt/generate/live";
import type { AccountDirectory } from "../../adopt/generate/specifiers";
import { verifyGeneration } from "../../adopt/generate/verify";
import { renderYaml } from "../../adopt/generate/yaml-text";
import { YAML_SCHEMA } from "../../compiler/source/yaml-schema";
import { lines } from "../support/assertions";
import { compileIn, planOf, writeStacks } from "../support/stacks";

const A = "012345678901";
const LIVE = "210987654321";
const ACCOUNTS: AccountDirectory = { self: A, nameOf: (id) => ({ [A]: "sandbox", [LIVE]: "live", "098765432101": "shared" })[id] };
const NOTHING: DeclaredNames = { roles: new Set(), removedRoles: new Set(), buckets: new Set(), keys: new Set(), templates: new Set() };
const HEADER = ["test"];

const doc = (statement: unknown, extra: Record<string, unknown> = {}) => ({ parsed: true as const, document: { Version: "2012-10-17", ...extra, Statement: statement } });
const EC2_TRUST = doc([{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }]);

function role(name: string, fields: Partial<LiveRole> = {}): LiveRole {
  const path = fields.path ?? "/";
  return {
    name,
    path,
    arn: `arn:aws:iam::${A}:role${path}${name}`,
    description: null,
    maxSessionDuration: 3600,
    trustPolicy: EC2_TRUST,
    inlinePolicies: [],
    attachedPolicyArns: [],
    permissionsBoundary: null,
    tags: [],
    instanceProfiles: [],
    ...fields,
  };
}

function key(alias: string, fields: Partial<Extract<LiveKey, { status: "found" }>> = {}): LiveKey {
  return {
    alias,
    region: "eu-west-1",
    status: "found",
    keyId: `id-${alias}`,
    arn: `arn:aws:kms:eu-west-1:${A}:key/id-${alias}`,
    description: "Data",
    keyState: "Enabled",
    keySpec: "SYMMETRIC_DEFAULT",
    keyUsage: "ENCRYPT_DECRYPT",
    keyManager: "CUSTOMER",
    origin: "AWS_KMS",
    multiRegion: false,
    policy: doc([{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: "kms:*", Resource: "*" }]),
    tags: [],
    aliases: [alias],
    grants: [],
    ...fields,
  };
}

function grant(id: string, fields: Partial<LiveGrant> = {}): LiveGrant {
  return {
    grantId: id,
    name: null,
    granteePrincipal: `arn:aws:iam::${A}:role/app`,
    retiringPrincipal: null,
    operations: ["Decrypt"],
    encryptionContextEquals: null,
    encryptionContextSubset: null,
    ...fields,
  };
}

function account(fields: Partial<LiveAccount>): LiveAccount {
  return { id: A, roles: [], buckets: [], keys: [], ...fields };
}

function run(live: Partial<LiveAccount>, declared: Partial<DeclaredNames> = {}, mergeInlinePolicies = false): Generation {
  return generate({ accounts: ACCOUNTS, declared: { ...NOTHING, ...declared }, live: account(live), mergeInlinePolicies });
}

/** The text of every file, by path. */
function files(generation: Generation, taken: string[] = []): Record<string, string> {
  return Object.fromEntries(layOut(generation, HEADER, (p) => taken.includes(p)).map((f) => [f.relativePath, f.text]));
}

function leftOut(generation: Generation): string[] {
  return generation.leftOut.flatMap(({ item, reasons }) => reasons.map((r) => `${item}: ${r}`));
}

describe("iam-syncr generate: the conversion (no AWS)", () => {
  describe("document equivalence, as the Pulumi AWS provider sees it", () => {
    const base = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "*" }] };

    it("ignores the order of statements, keys and values, a one-item list against a string, and a missing Sid against an empty one", () => {
      const a = { Version: "2012-10-17", Statement: [{ Sid: "", Effect: "Allow", Action: "s3:GetObject", Resource: ["*"] }, { Effect: "Deny", Action: ["b", "a"], Resource: "*" }] };
      const b = { Statement: [{ Resource: "*", Action: ["a", "b"], Effect: "Deny" }, { Effect: "Allow", Action: ["s3:GetObject"], Resource: "*" }], Version: "2012-10-17" };
      expect(equivalentPolicies(a, b)).to.equal(true);
      expect(equivalentPolicies({ ...base, Statement: base.Statement[0] }, base)).to.equal(true);
    });

    it("takes an account id as an AWS principal for the account's root, and drops an empty principal entry", () => {
      const statement = (principal: unknown) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }] });
      expect(equivalentPolicies(statement({ AWS: LIVE }), statement({ AWS: [`arn:aws:iam::${LIVE}:root`] }))).to.equal(true);
      expect(equivalentPolicies(statement({ AWS: "x", Service: [] }), statement({ AWS: "x" }))).to.equal(true);
      expect(equivalentPolicies(statement("*"), statement({ AWS: "*" }))).to.equal(false);
    });

    it("keeps what changes a policy: Version, Id, a Sid's text, repeated values, the type of a condition value", () => {
      const variants = [
        { ...base, Version: "2008-10-17" },
        { ...base, Id: "x" },
        { ...base, Statement: [{ ...base.Statement[0], Sid: "A" }] },
        { ...base, Statement: [{ ...base.Statement[0], Action: ["s3:GetObject", "s3:GetObject", "s3:PutObject"] }] },
        { ...base, Statement: [{ ...base.Statement[0], Condition: { Bool: { "aws:SecureTransport": true } } }] },
      ];
      const truthy = { ...base, Statement: [{ ...base.Statement[0], Condition: { Bool: { "aws:SecureTransport": "true" } } }] };
      for (const variant of variants) expect(equivalentPolicies(variant, base), JSON.stringify(variant)).to.equal(false);
      expect(equivalentPolicies(variants[4], truthy)).to.equal(false);
      expect(canonicalPolicy(truthy)).to.equal(
        '{"Id":null,"Statement":[{"Action":["s3:GetObject","s3:PutObject"],"Condition":{"Bool":{"aws:SecureTransport":["true"]}},"Effect":"Allow","Resource":["*"],"Sid":""}],"Version":"2012-10-17"}',
      );
    });

    it("reads IAM's URL-encoded documents and raw ones alike, and says why one cannot be read", () => {
      const text = JSON.stringify(base);
      expect(parseDocument(encodeURIComponent(text))).to.deep.equal({ parsed: true, document: base });
      expect(parseDocument(text)).to.deep.equal({ parsed: true, document: base });
      const broken = parseDocument("%7Bbroken");
      expect(broken.parsed).to.equal(false);
      expect(!broken.parsed && broken.problem).to.match(/^the document is not valid JSON \(Expected property name or '}' in JSON at position 1/);
      expect(parseDocument("%E0%A4%A")).to.deep.equal({ parsed: false, problem: "the document is neither JSON nor URL-encoded JSON" });
    });
  });

  describe("the YAML writer", () => {
    it("writes blocks for definitions and statements, flow for values that fit, and quotes what YAML 1.2 would read as another type", () => {
      const text = renderYaml(
        {
          roles: {
            "ops/web": {
              description: "yes",
              tags: { "012": "true", team: "" },
              allow_to_assume_me: [{ service: ["ec2", "lambda"], Condition: { StringEquals: { "aws:SourceAccount": A } } }],
              allow_permission: [{ action: "s3:*", resource: [{ s3: "assets" }, "*"], Condition: { StringEquals: { "s3:prefix": "line\nbreak\u007f" } } }],
            },
          },
        },
        ["header line"],
      );
      expect(text).to.equal(
        lines(
          "# header line",
          "",
          "roles:",
          "  ops/web:",
          "    description: 'yes'",
          "    tags: {'012': 'true', team: ''}",
          "    allow_to_assume_me:",
          "      - service: [ec2, lambda]",
          "        Condition: {StringEquals: {aws:SourceAccount: '012345678901'}}",
          "    allow_permission:",
          "      - action: s3:*",
          "        resource: [{s3: assets}, '*']",
          '        Condition: {StringEquals: {s3:prefix: "line\\nbreak\\x7F"}}',
        ),
      );
    });

    it("goes back to block style for a value too long for its line", () => {
      const arns = Array.from({ length: 6 }, (_, i) => `arn:aws:iam::${A}:role/a-rather-long-role-name-${i}`);
      const text = renderYaml({ roles: { web: { managed_policies: arns } } });
      expect(text).to.equal(lines("roles:", "  web:", "    managed_policies:", ...arns.map((arn) => `      - ${arn}`)));
    });

    it("reads back as the data it was written from, with the compiler's YAML schema", () => {
      const data = { roles: { "a b": { description: "  lead and trail  ", tags: { "": "x", "null": "null", "1e3": "0x1F", "<<": "~" } } } };
      expect(yaml.load(renderYaml(data), { schema: YAML_SCHEMA })).to.deep.equal(data);
    });
  });

  describe("roles", () => {
    it("writes the readable dialect: specifiers for known accounts, __self__, s3, kms and sns, pass-through Sid and Condition", () => {
      const generation = run({
        roles: [
          role("deployer", {
            path: "/ops/",
            description: "Deploys",
            maxSessionDuration: 7200,
            permissionsBoundary: `arn:aws:iam::${A}:policy/boundary`,
            attachedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", `arn:aws:iam::${LIVE}:policy/shared/logs`],
            tags: [
              { key: "team", value: "ops" },
              { key: "cost", value: "012" },
            ],
            trustPolicy: doc([
              {
                Sid: "Humans",
                Effect: "Allow",
                Principal: { AWS: [`arn:aws:iam::${LIVE}:root`, "arn:aws:iam::999999999999:role/partner", `arn:aws:iam::${A}:role/ops/deployer`, "098765432101"] },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
              },
              { Effect: "Allow", Principal: { Federated: `arn:aws:iam::${A}:saml-provider/corp` }, Action: "sts:AssumeRoleWithSAML" },
              { Effect: "Allow", NotPrincipal: { Service: ["ec2.amazonaws.com", "states.eu-west-1.amazonaws.com"] }, Action: "sts:AssumeRole" },
            ]),
            inlinePolicies: [
              {
                name: "syncr_policy_ops__deployer",
                document: doc([
                  { Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::assets", "arn:aws:s3:::assets/*", "arn:aws:s3:::logs/2024/*", "arn:aws:s3:::lonely"] },
                  {
                    Effect: "Deny",
                    NotAction: "iam:*",
                    NotResource: [`arn:aws:kms:eu-west-1:${A}:alias/app`, `arn:aws:sns:eu-west-1:${LIVE}:alerts`, `arn:aws:iam::${A}:role/ops/deployer`, "arn:aws:kms:eu-west-1:999999999999:alias/x"],
                  },
                ]),
              },
            ],
          }),
        ],
      });
      expect(leftOut(generation)).to.deep.equal([]);
      expect(files(generation)).to.deep.equal({
        "roles/ops.yaml": lines(
          "# test",
          "",
          "roles:",
          "  ops/deployer:",
          "    description: Deploys",
          "    max_session_duration: 7200",
          "    permissions_boundary: {iam: policy/boundary}",
          "    tags: {cost: '012', team: ops}",
          "    allow_to_assume_me:",
          "      - Sid: Humans",
          // The largest group of names takes the `account`; the other ARNs are written as they are.
          "        iam:",
          "          - root",
          "          - arn:aws:iam::012345678901:role/ops/deployer",
          "          - arn:aws:iam::999999999999:role/partner",
          "        account: [live, shared]",
          "        Action: [sts:AssumeRole, sts:TagSession]",
          "        Condition: {Bool: {aws:MultiFactorAuthPresent: 'true'}}",
          "      - federated: {iam: saml-provider/corp}",
          "    disallow_to_assume_me:",
          "      - service: [ec2, states.eu-west-1.amazonaws.com]",
          "    managed_policies:",
          "      - {iam: policy/shared/logs, account: live}",
          "      - arn:aws:iam::aws:policy/ReadOnlyAccess",
          "    allow_permission:",
          "      - action: [s3:GetObject, s3:ListBucket]",
          "        resource: [{s3: [assets, logs/2024/*]}, arn:aws:s3:::lonely]",
          "    deny_permission:",
          "      - notaction: iam:*",
          "        notresource:",
          "          - {kms: app, location: eu-west-1}",
          "          - {sns: alerts, location: eu-west-1, account: live}",
          "          - {iam: __self__}",
          "          - arn:aws:kms:eu-west-1:999999999999:alias/x",
        ),
      });
    });

    it("keeps the inline policy's name: the path in the full name, or `path:` when the policy is named after the leaf", () => {
      const policy = (name: string) => [{ name, document: doc([{ Effect: "Allow", Action: "s3:*", Resource: "*" }]) }];
      const generation = run({
        roles: [
          role("a", { path: "/ops/", inlinePolicies: policy("syncr_policy_ops__a") }),
          role("b", { path: "/ops/", inlinePolicies: policy("syncr_policy_b") }),
          role("c", { path: "/we!rd:/", trustPolicy: doc([{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }]) }),
        ],
      });
      expect(generation.roles.map((r) => [r.fullName, r.body.path ?? null, r.policyName])).to.deep.equal([
        ["b", "/ops/", "syncr_policy_b"],
        ["c", "/we!rd:/", null],
        ["ops/a", null, "syncr_policy_ops__a"],
      ]);
      expect(Object.keys(files(generation))).to.deep.equal(["roles/ops.yaml", "roles/we_rd_.yaml"]);
    });

    it("declares the instance profile named like the role at path / holding only it, and leaves any other profile alone", () => {
      const profile = (name: string, path = "/", tags: { key: string; value: string }[] = []) => ({ name, path, roleNames: ["web"], tags });
      const generation = run({
        roles: [
          role("web", { instanceProfiles: [profile("web"), profile("web-extra")] }),
          role("api", { instanceProfiles: [{ ...profile("api", "/"), tags: [{ key: "t", value: "u" }] }] }),
        ],
      });
      expect(generation.roles.map((r) => [r.fullName, r.body.make_instance_profile ?? false])).to.deep.equal([
        ["api", false],
        ["web", true],
      ]);
      expect(generation.notes).to.deep.equal([
        {
          item: "role api",
          note: 'instance profile "api" (path /, with tags) holds it; the stack leaves that profile alone (make_instance_profile declares only a profile named like the role, at path /, without tags; 4.5)',
        },
        {
          item: "role web",
          note: 'instance profile "web-extra" (path /) holds it; the stack leaves that profile alone (make_instance_profile declares only a profile named like the role, at path /, without tags; 4.5)',
        },
      ]);
    });

    it("leaves out what the dialect would write differently, with every reason at once", () => {
      const generation = run({
        roles: [
          role("old", {
            description: "two\nlines",
            trustPolicy: doc([{ Effect: "Allow", Principal: { AWS: [LIVE, `arn:aws:iam::${LIVE}:root`] }, Action: "sts:AssumeRole", Resource: "*" }], { Version: "2008-10-17", Id: "trust-1" }),
            inlinePolicies: [
              { name: "custom", document: doc([{ Sid: "with-dash", Effect: "allow", Action: ["s3:A", "s3:A"], Resource: "*", Principal: "*", Foo: 1 }]) },
              { name: "broken", document: { parsed: false, problem: "the document is not valid JSON (x)" } },
            ],
          }),
          role("bare", { trustPolicy: doc([{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" } }]) }),
          role("empty", { trustPolicy: doc([]) }),
        ],
      });
      expect(generation.roles).to.deep.equal([]);
      expect(leftOut(generation)).to.deep.equal([
        "role bare: the trust policy: statement 1 has neither Action nor NotAction; the dialect would add Action sts:AssumeRole (5.2.5)",
        "role empty: the trust policy has no statement",
        'role old: its inline policies are "custom", "broken"; the dialect gives a role one inline policy, named "syncr_policy_old" (DIALECT.md 4.3, 4.8); with --merge-inline-policies, generate writes the role anyway, and pulumi up replaces them by that one with the same statements',
        'role old: the trust policy has Version "2008-10-17"; the dialect always writes Version "2012-10-17" (DIALECT.md 13.1), which reads policy variables differently',
        'role old: the trust policy has an Id ("trust-1"), which the dialect cannot write (DIALECT.md 13.1)',
        "role old: the trust policy: statement 1 has Resource, which a trust policy cannot have (5.2.6)",
        'role old: the trust policy: statement 1 names "arn:aws:iam::210987654321:root" twice in Principal.AWS (once by its account id); the dialect writes it once (5.4)',
        'role old: inline policy "broken" cannot be read: the document is not valid JSON (x)',
        'role old: the inline policies: statement 1 of inline policy "custom" has the key "Foo", which is not an IAM statement element (DIALECT.md 5.1.2)',
        'role old: the inline policies: statement 1 of inline policy "custom" has Effect "allow"; the dialect writes "Allow" or "Deny" (5.1.3)',
        'role old: the inline policies: statement 1 of inline policy "custom" has Sid "with-dash"; a role\'s documents take only letters and digits in a Sid (5.1.4)',
        'role old: the inline policies: statement 1 of inline policy "custom" lists "s3:A" more than once in Action; the dialect removes repeated values (5.4)',
        "role old: the inline policies: statement 1 of inline policy \"custom\" has Principal, which a role's inline policy cannot have (5.3.6)",
        'role old: its description "two\\nlines" has a control character or more than 1,000 characters, which the dialect does not allow (4.1)',
      ]);
    });

    it("--merge-inline-policies writes a role's inline policies as its one syncr_policy, and says which policies pulumi up replaces", () => {
      const inline = [
        { name: "s3", document: doc([{ Sid: "S3", Effect: "Allow", Action: "s3:*", Resource: "*" }]) },
        { name: "logs", document: doc({ Effect: "Deny", Action: "logs:*", Resource: "*" }) },
      ];
      const generation = run({ roles: [role("app", { inlinePolicies: inline })] }, {}, true);
      expect(leftOut(generation)).to.deep.equal([]);
      expect(generation.roles.map((r) => [r.policyName, r.replacedPolicies])).to.deep.equal([["syncr_policy_app", ["s3", "logs"]]]);
      expect(generation.notes).to.deep.equal([{ item: "role app", note: 'pulumi up replaces its inline policies "s3", "logs" by "syncr_policy_app", with the same statements (--merge-inline-policies)' }]);
      expect(files(generation)["roles.yaml"]).to.equal(
        lines("# test", "", "roles:", "  app:", "    allow_to_assume_me:", "      - service: ec2", "    allow_permission:", "      - Sid: S3", "        action: s3:*", "        resource: '*'", "    deny_permission:", "      - action: logs:*", "        resource: '*'"),
      );
    });

    it("never writes service-linked or AWS-reserved roles, nor what the folder declares or removes", () => {
      const generation = run(
        { roles: [role("AWSServiceRoleForX", { path: "/aws-service-role/x.amazonaws.com/" }), role("AWSReservedSSO_Admin", { path: "/aws-reserved/sso.amazonaws.com/" }), role("Web"), role("gone"), role("new")] },
        { roles: new Set(["web"]), removedRoles: new Set(["gone"]) },
      );
      expect(generation.reserved).to.deep.equal(["role aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin", "role aws-service-role/x.amazonaws.com/AWSServiceRoleForX"]);
      expect(generation.alreadyDeclared).to.deep.equal(["role Web"]);
      expect(leftOut(generation)).to.deep.equal(["role gone: the YAML lists it in remove_roles"]);
      expect(generation.roles.map((r) => r.fullName)).to.deep.equal(["new"]);
    });

    it("offers identical trust statements as a template when that is shorter, under a name not yet taken", () => {
      const oidc = doc([
        {
          Effect: "Allow",
          Principal: { Federated: `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com` },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } },
        },
      ]);
      const generation = run({ roles: [role("ci-a", { trustPolicy: oidc }), role("ci-b", { trustPolicy: oidc }), role("one"), role("two")] }, { templates: new Set(["federated-trust"]) });
      expect(generation.templates.map((t) => [t.name, t.roles])).to.deep.equal([["federated-trust-2", ["ci-a", "ci-b"]]]);
      const written = files(generation);
      expect(written["templates.yaml"]).to.equal(
        lines(
          "# test",
          "",
          "templates:",
          "  federated-trust-2:",
          "    allow_to_assume_me:",
          "      - federated: {iam: oidc-provider/token.actions.githubusercontent.com}",
          "        Action: sts:AssumeRoleWithWebIdentity",
          "        Condition: {StringEquals: {token.actions.githubusercontent.com:aud: sts.amazonaws.com}}",
        ),
      );
      // Two roles trusting ec2: a template would be longer than the statements it replaces.
      expect(written["roles.yaml"]).to.equal(
        lines("# test", "", "roles:", "  ci-a:", "    use: federated-trust-2", "", "  ci-b:", "    use: federated-trust-2", "", "  one:", "    allow_to_assume_me:", "      - service: ec2", "", "  two:", "    allow_to_assume_me:", "      - service: ec2"),
      );
    });
  });

  describe("buckets and keys", () => {
    const bucket = (name: string, fields: Partial<Extract<LiveBucket, { status: "found" }>> = {}): LiveBucket => ({ name, status: "found", region: "eu-west-1", policy: null, tags: [], ...fields });

    it("writes a bucket's location, tags and policy, with {s3: __self__} and principals as instructions", () => {
      const generation = run({
        buckets: [
          bucket("assets", {
            tags: [
              { key: "team", value: "web" },
              { key: "aws:cloudformation:stack-name", value: "web" },
            ],
            policy: doc([
              { Sid: "Public Read", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::assets/*" },
              {
                Effect: "Deny",
                Principal: { AWS: [`arn:aws:iam::${A}:role/web`, `arn:aws:iam::${LIVE}:root`, "AROAEXAMPLE"], Service: "cloudfront.amazonaws.com", CanonicalUser: "79a5" },
                NotAction: "s3:GetObject",
                Resource: ["arn:aws:s3:::assets", "arn:aws:s3:::assets/*"],
                Condition: { NumericLessThan: { "s3:max-keys": 10 } },
              },
            ]),
          }),
        ],
      });
      expect(leftOut(generation)).to.deep.equal([]);
      expect(generation.notes).to.deep.equal([{ item: "bucket assets", note: 'its tag "aws:cloudformation:stack-name" is AWS\'s own (the dialect cannot write it, and the stack leaves it alone)' }]);
      expect(files(generation)["buckets.yaml"]).to.equal(
        lines(
          "# test",
          "",
          "buckets:",
          "  assets:",
          "    location: eu-west-1",
          "    tags: {team: web}",
          "    allow_permission:",
          "      - Sid: Public Read",
          "        action: s3:GetObject",
          "        resource: {s3: assets/*}",
          "        principal: '*'",
          "    deny_permission:",
          "      - notaction: s3:GetObject",
          "        resource: {s3: __self__}",
          // An entry with a value that is not an ARN is passed through whole.
          "        principal: {service: cloudfront}",
          "        Principal:",
          "          AWS: [arn:aws:iam::012345678901:role/web, arn:aws:iam::210987654321:root, AROAEXAMPLE]",
          "          CanonicalUser: 79a5",
          "        Condition: {NumericLessThan: {s3:max-keys: 10}}",
        ),
      );
    });

    it("writes a bucket whose policy it cannot write without statements, so the stack leaves that policy alone, and says so", () => {
      const generation = run({
        buckets: [bucket("logs", { policy: doc([{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" }], { Version: "2008-10-17", Id: "Policy1" }) }), { name: "taken", status: "other account" }, { name: "nope", status: "absent" }, bucket("Bad_Name")],
      });
      expect(generation.buckets.map((b) => [b.name, b.body])).to.deep.equal([["logs", { location: "eu-west-1" }]]);
      expect(leftOut(generation)).to.deep.equal([
        'bucket logs (its policy): the bucket policy has Version "2008-10-17"; the dialect always writes Version "2012-10-17" (DIALECT.md 13.1), which reads policy variables differently',
        'bucket logs (its policy): the bucket policy has an Id ("Policy1"), which the dialect cannot write (DIALECT.md 13.1)',
        "bucket logs (its policy): the bucket is written without statements, so the stack leaves its policy alone (DIALECT.md 7.4.3)",
        "bucket taken: the bucket belongs to another AWS account (bucket names are global)",
        "bucket nope: the account has no bucket of that name",
        'bucket Bad_Name: bucket name "Bad_Name" may contain only lower-case letters, digits, dots and hyphens (DIALECT.md 7.2)',
      ]);
    });

    it("writes a key: the root statement implied, admin_users, {kms: __self__}, grants; leaves alone the grants it cannot declare", () => {
      const admin = { Sid: "", Effect: "Allow", Principal: { AWS: [`arn:aws:iam::${A}:role/admin`, `arn:aws:iam::${LIVE}:root`] }, Action: "kms:*", Resource: `arn:aws:kms:eu-west-1:${A}:alias/app` };
      const generation = run({
        keys: [
          key("app", {
            aliases: ["app", "app-old"],
            policy: doc([
              { Effect: "Allow", Principal: { AWS: [A] }, Action: ["kms:*"], Resource: "*" },
              admin,
              { Effect: "Allow", Principal: { Service: "logs.eu-west-1.amazonaws.com" }, Action: ["kms:Encrypt", "kms:Decrypt"], Resource: `arn:aws:kms:eu-west-1:${A}:alias/app` },
            ]),
            grants: [
              grant("g1", { operations: ["Encrypt", "Decrypt", "Decrypt"], retiringPrincipal: `arn:aws:iam::${LIVE}:root`, encryptionContextEquals: { b: "2", a: "1" } }),
              grant("g2", { operations: ["Decrypt", "Encrypt"], retiringPrincipal: `arn:aws:iam::${LIVE}:root`, encryptionContextEquals: { a: "1", b: "2" } }),
              grant("g3", { name: "named" }),
              grant("g4"),
              grant("g5", { granteePrincipal: "logs.eu-west-1.amazonaws.com", operations: ["Sign"] }),
              grant("g6", { granteePrincipal: `arn:aws:iam::${A}:role/other`, operations: ["Sign"] }),
              grant("g7", { granteePrincipal: "arn:aws:iam::999999999999:role/x", encryptionContextEquals: {}, encryptionContextSubset: { k: "v" } }),
            ],
          }),
        ],
      });
      expect(leftOut(generation)).to.deep.equal([]);
      expect(files(generation)["keys.yaml"]).to.equal(
        lines(
          "# test",
          "",
          "keys:",
          "  app:",
          "    location: eu-west-1",
          "    description: Data",
          "    admin_users: [{iam: role/admin}, {iam: root, account: live}]",
          "    allow_permission:",
          "      - action: [kms:Encrypt, kms:Decrypt]",
          "        resource: {kms: __self__}",
          "        principal: {service: logs.eu-west-1.amazonaws.com}",
          "    grant:",
          "      - grantee: {iam: role/app}",
          "        retiree: {iam: root, account: live}",
          "        operations: [Decrypt, Encrypt]",
          "        constraints: {EncryptionContextEquals: {a: '1', b: '2'}}",
          "      - grantee: arn:aws:iam::999999999999:role/x",
          "        operations: Decrypt",
          "        constraints: {EncryptionContextSubset: {k: v}}",
        ),
      );
      expect(generation.notes.map((n) => n.note)).to.deep.equal([
        "the key also has alias/app-old; the stack leaves that alias alone",
        "grant g2 is left alone: it grants the same as another grant of the key, and the dialect declares each grant once (8.5.3)",
        'grant g3 is left alone (the stack never touches a grant it did not create or import): it has the name "named"; the dialect has no grant name, and a grant adopted without its name would be replaced',
        "grant g4 is left alone: a named grant of the key grants the same, and import-plan could adopt that one instead",
        "grant g6 is left alone (the stack never touches a grant it did not create or import): it grants Sign, which the dialect does not accept for a symmetric key (8.5.2)",
        'grant g5 is left alone (the stack never touches a grant it did not create or import): its grantee "logs.eu-west-1.amazonaws.com" is not an ARN, which the dialect requires (6.2.1)',
      ]);
    });

    it("leaves out a key the stack would change, and the key policy whose root statement has a Sid (the default key policy)", () => {
      const defaultPolicy = doc([{ Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: "kms:*", Resource: "*" }], { Id: "key-default-1" });
      const generation = run(
        {
          keys: [
            key("default", { policy: defaultPolicy }),
            key("aws/s3", { keyManager: "AWS", policy: { parsed: false, problem: "not read (an AWS managed key)" } }),
            key("odd", { keySpec: "RSA_2048", keyUsage: "SIGN_VERIFY", origin: "EXTERNAL", multiRegion: true, keyState: "Disabled", tags: [{ key: "team", value: "x" }] }),
            key("noroot", { policy: doc([{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:role/admin` }, Action: "kms:*", Resource: "*" }]) }),
            key("ok"),
            key("twin", { keyId: "id-ok" }),
            key("declared-twin", { aliases: ["declared-twin", "in-yaml"] }),
            { alias: "missing", region: "eu-west-1", status: "absent" },
          ],
        },
        { keys: new Set(["in-yaml"]) },
      );
      expect(generation.keys.map((k) => k.alias)).to.deep.equal(["ok"]);
      expect(leftOut(generation)).to.deep.equal([
        'key alias/default: the key policy has an Id ("key-default-1"), which the dialect cannot write (DIALECT.md 13.1)',
        `key alias/default: the key policy's statement 1 allows arn:aws:iam::${A}:root kms:* with Sid "Enable IAM User Permissions"; the dialect always writes that statement with an empty Sid (DIALECT.md 8.3), so the key policy would change`,
        "key alias/aws/s3: it is an AWS managed key; the stack manages only customer managed keys",
        "key alias/odd: it is a RSA_2048 SIGN_VERIFY key; the dialect declares symmetric encryption keys only (8.4), so the stack would replace it",
        "key alias/odd: its key material comes from EXTERNAL; the stack creates keys with AWS_KMS material only, so it would replace it",
        "key alias/odd: it is a multi-Region key; the stack declares single-Region keys, so it would replace it",
        "key alias/odd: it is disabled; the stack's keys are enabled, so pulumi up would enable it",
        "key alias/odd: it has tags (team); the dialect has no key tags (8.2), so the stack would remove them",
        `key alias/noroot: the key policy has no statement that allows arn:aws:iam::${A}:root kms:* on "*" without a Sid and a condition; the dialect always writes that statement first (8.3)`,
        "key alias/twin: it is the same key as alias/ok, which is written; the dialect declares each key by one alias (DIALECT.md 8.1)",
        "key alias/declared-twin: it is the same key as alias/in-yaml, which the YAML declares already; the dialect declares each key by one alias (DIALECT.md 8.1)",
        "key alias/missing: alias/missing does not exist in eu-west-1",
      ]);
    });
  });

  describe("layout", () => {
    it("one file per role path, named after it, and a number when the name is taken: nothing is overwritten", () => {
      expect(["/", "/ops/", "/ops/ci/", "/we ird*/..//x/"].map(roleFileBase)).to.deep.equal(["roles", "roles/ops", "roles/ops/ci", "roles/we_ird_/_/_/x"]);
      const generation = run({ roles: [role("a"), role("b", { path: "/ops/" })], buckets: [{ name: "logs", status: "found", region: "eu-west-1", policy: null, tags: [] }] });
      expect(Object.keys(files(generation, ["roles.yaml", "roles-2.yaml", "buckets.yaml"]))).to.deep.equal(["roles-3.yaml", "roles/ops.yaml", "buckets-2.yaml"]);
    });
  });

  describe("the verification before anything is written", () => {
    const context = (root: string) => ({
      accountName: "sandbox",
      accountId: A,
      accountsText: `sandbox: "${A}"\nlive: "${LIVE}"\n`,
      accountFolder: `${root}/sandbox`,
      sharedFolder: `${root}/_shared`,
      region: "eu-west-1",
    });

    it("passes what it generated, and gives the compiler's warnings about it with paths in the output folder", () => {
      const root = writeStacks({ files: {} });
      const generation = run({ roles: [role("web", { trustPolicy: doc([{ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }]) })] });
      const verification = verifyGeneration(layOut(generation, HEADER, () => false), generation, context(root));
      expect([...verification.problems]).to.deep.equal([]);
      expect(verification.warnings.map((w) => `${w.file}:${w.line}:${w.column}: ${w.path}: ${w.message}`)).to.deep.equal(['roles.yaml:6:20: roles.web.allow_to_assume_me[0].Principal: principal "*" grants anyone']);
    });

    it("finds YAML that does not compile or compiles to another document, and names the item", () => {
      const root = writeStacks({ files: { "sandbox/iam.yaml": "roles:\n  api:\n    allow_to_assume_me: {service: lambda}\n" } });
      const generation = run({ roles: [role("web", { path: "/web/" }), role("app")] });
      const planned = layOut(generation, HEADER, () => false);
      const broken = planned.map((f) => ({ ...f, text: f.text.replace("  app:", "  app:\n    bogus: 1") }));
      expect([...verifyGeneration(broken, generation, context(root)).problems]).to.deep.equal([
        ["role app", ['the YAML written for it does not compile: unknown key "bogus"']],
      ]);
      const other = planned.map((f) => (f.relativePath === "roles/web.yaml" ? { ...f, text: f.text.replace("- service: ec2", "- service: lambda") } : f));
      const lambda = { Version: "2012-10-17", Statement: [{ Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole", Effect: "Allow", Sid: "" }] };
      expect([...verifyGeneration(other, generation, context(root)).problems]).to.deep.equal([
        ["role web/web", [`its trust policy compiles to ${canonicalPolicy(lambda)}, but the account has ${canonicalPolicy(EC2_TRUST.document)}`]],
      ]);
    });
  });

  it("what it writes compiles, as a whole folder, to the documents it was generated from", () => {
    const generation = run({ roles: [role("web", { path: "/app/", tags: [{ key: "yes", value: "no" }] })] });
    const written = Object.fromEntries(layOut(generation, HEADER, () => false).map((f) => [`sandbox/${f.relativePath}`, f.text]));
    const plan = planOf(compileIn(writeStacks({ files: written }), "sandbox"));
    expect(plan.roles["app/web"]).to.deep.include({ name: "web", path: "/app/", tags: { yes: "no" } });
    expect(equivalentPolicies(plan.roles["app/web"].trustPolicy, EC2_TRUST.document)).to.equal(true);
  });
});
