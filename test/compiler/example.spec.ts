/**
 * The bundled example stacks (stacks/accounts.yaml, stacks/_shared, stacks/example, stacks/partner): they compile without any
 * diagnostic, and the most instructive roles, the bucket and the key give exactly the documents the dialect
 * defines. The expected documents are written from DIALECT.md, not copied from the compiler.
 */
import { expect } from "chai";
import * as path from "node:path";
import { compileAccount, type Plan } from "../../compiler";
import { expectExact } from "../support/assertions";

const ROOT = path.resolve(__dirname, "../..");
const A = "123456789012";
const PARTNER = "098765432101";

function compileExample(account: string): Plan {
  const result = compileAccount({ accountFolder: path.join("stacks", account), cwd: ROOT });
  expect(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.path}: ${d.message}`)).to.deep.equal([]);
  if (!result.ok) throw new Error("the example does not compile");
  return result.plan;
}

describe("the example stacks", () => {
  let example: Plan;
  let partner: Plan;
  before(() => {
    example = compileExample("example");
    partner = compileExample("partner");
  });

  it("both example accounts compile without any diagnostic, even in strict mode", () => {
    for (const account of ["example", "partner"]) {
      const result = compileAccount({ accountFolder: path.join("stacks", account), cwd: ROOT, strict: true });
      expect(result.diagnostics, account).to.deep.equal([]);
      expect(result.ok, account).to.equal(true);
    }
  });

  it("1.5 accounts: example is quoted, partner is an unquoted number padded to 12 digits", () => {
    expect(example.account).to.deep.equal({ name: "example", id: A });
    expect(partner.account).to.deep.equal({ name: "partner", id: PARTNER });
  });

  it("1.3/14.1 every file is read: roles from roles.yaml, from ci/runners.yml and those _shared selects for the account", () => {
    expect(Object.keys(example.roles)).to.deep.equal(["admin", "auditor", "break-glass", "github-deploy", "ops/ci/runner", "reporting", "web", "workload-deployer"]);
    expect(Object.keys(partner.roles)).to.deep.equal(["auditor", "break-glass", "partner-reader"]);
    expect(Object.keys(example.buckets)).to.deep.equal(["audit-logs-example", "example-logs", "example-web-assets"]);
    expect(Object.keys(partner.buckets)).to.deep.equal(["audit-logs-partner"]);
  });

  it("9.1 removals from remove_roles and remove_role: leaf names, sorted", () => {
    expect(example.removedRoles).to.deep.equal(["legacy-web", "old-batch-worker", "tmp-debug"]);
  });

  it("web: two templates in a chain, the trust mapping deep-merged, every resource specifier", () => {
    expect(example.roles.web).to.deep.equal({
      name: "web",
      path: "/",
      description: "Web servers behind the load balancer",
      trustPolicy: {
        Version: "2012-10-17",
        Statement: [
          { Principal: { Service: "ec2.amazonaws.com", AWS: `arn:aws:iam::${A}:role/release` }, Action: "sts:AssumeRole", Effect: "Allow", Sid: "" },
        ],
      },
      policyName: "syncr_policy_web",
      policy: {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::example-web-assets", "arn:aws:s3:::example-web-assets/*"] },
          { Effect: "Deny", Action: "s3:DeleteObject", Resource: "arn:aws:s3:::example-web-assets/releases/*" },
          {
            Effect: "Allow",
            Action: "sns:Publish",
            Resource: [`arn:aws:sns:ap-southeast-2:${A}:alerts`, `arn:aws:sns:ap-southeast-2:${A}:deploys`, `arn:aws:sns:eu-west-1:${PARTNER}:partner-events`],
          },
          {
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: [
              `arn:aws:kms:ap-southeast-1:${A}:alias/backups`,
              `arn:aws:kms:ap-southeast-2:${A}:alias/app-data`,
              `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
            ],
          },
          { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `arn:aws:logs:ap-southeast-2:${A}:log-group:/example/*` },
          { Effect: "Deny", Action: ["iam:*", "organizations:*"], Resource: "*" },
        ],
      },
      instanceProfile: true,
      maxSessionDuration: null,
      permissionsBoundary: null,
      managedPolicies: null,
      tags: { "cost-centre": "4711", "managed-by": "iam-syncr", team: "platform" },
    });
  });

  it("13.2 web's merged trust statement keeps the canonical key order", () => {
    expect(JSON.stringify(example.roles.web.trustPolicy)).to.equal(
      `{"Version":"2012-10-17","Statement":[{"Principal":{"Service":"ec2.amazonaws.com","AWS":"arn:aws:iam::${A}:role/release"},"Action":"sts:AssumeRole","Effect":"Allow","Sid":""}]}`,
    );
  });

  it("reporting: path extension, a list that replaces the template's list, pass-through keys, NotAction and NotResource", () => {
    const reporting = example.roles.reporting;
    expect([reporting.name, reporting.path, reporting.policyName, reporting.description]).to.deep.equal([
      "reporting",
      "/analytics/",
      "syncr_policy_reporting",
      "Workload role managed by iam-syncr",
    ]);
    expect(reporting.trustPolicy.Statement).to.deep.equal([
      { Principal: { Service: ["lambda.amazonaws.com", "states.amazonaws.com"] }, Action: "sts:AssumeRole", Effect: "Allow", Sid: "" },
    ]);
    expect(JSON.stringify(reporting.policy)).to.equal(
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Sid: "ReadReports", Action: ["s3:GetObject", "s3:ListBucket"], Effect: "Allow", Resource: ["arn:aws:s3:::example-reports", "arn:aws:s3:::example-reports/*"] },
          { Resource: `arn:aws:logs:ap-southeast-2:${A}:log-group:/example/reporting:*`, Effect: "Allow", Action: "logs:PutLogEvents" },
          {
            Effect: "Deny",
            Action: "s3:*",
            NotResource: ["arn:aws:s3:::example-logs", "arn:aws:s3:::example-logs/*", "arn:aws:s3:::example-reports", "arn:aws:s3:::example-reports/*"],
          },
          { Effect: "Deny", NotAction: ["s3:GetObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::example-logs", "arn:aws:s3:::example-logs/*"] },
        ],
      }),
    );
    expect(reporting.tags).to.deep.equal({ "cost-centre": "4711", "managed-by": "iam-syncr", team: "analytics" });
  });

  it("auditor: a cross-account trust with a Condition, and disallow_to_assume_me as a real Deny (no W2)", () => {
    expect(example.roles.auditor).to.deep.equal({
      name: "auditor",
      path: "/",
      description: "Read-only access for the partner's audit application",
      trustPolicy: {
        Version: "2012-10-17",
        Statement: [
          {
            Condition: { StringEquals: { "sts:ExternalId": "example-audit" } },
            Principal: { AWS: `arn:aws:iam::${PARTNER}:role/auditor` },
            Action: "sts:AssumeRole",
            Effect: "Allow",
            Sid: "",
          },
          {
            Effect: "Deny",
            NotPrincipal: {
              AWS: [`arn:aws:iam::${PARTNER}:role/auditor`, `arn:aws:iam::${PARTNER}:root`, `arn:aws:sts::${PARTNER}:assumed-role/auditor/audit-app`],
            },
            Action: "sts:AssumeRole",
            Sid: "",
          },
        ],
      },
      policyName: "syncr_policy_auditor",
      policy: {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::example-logs", "arn:aws:s3:::example-logs/*"] },
          { Effect: "Deny", Action: "s3:GetObject", Resource: "arn:aws:s3:::example-logs/secrets/*" },
        ],
      },
      instanceProfile: false,
      maxSessionDuration: 7200,
      permissionsBoundary: null,
      managedPolicies: ["arn:aws:iam::aws:policy/SecurityAudit"],
      tags: {},
    });
  });

  it("admin: a SAML provider gets Action sts:AssumeRoleWithSAML", () => {
    expect(example.roles.admin.trustPolicy).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
          Principal: { Federated: `arn:aws:iam::${A}:saml-provider/corp-idp` },
          Action: "sts:AssumeRoleWithSAML",
          Effect: "Allow",
          Sid: "",
        },
      ],
    });
    expect(example.roles.admin.policy).to.equal(null);
  });

  it("ops/ci/runner: name with a path, __self__, boundary, managed policies de-duplicated", () => {
    const runner = example.roles["ops/ci/runner"];
    expect([runner.name, runner.path, runner.policyName, runner.maxSessionDuration]).to.deep.equal(["runner", "/ops/ci/", "syncr_policy_ops__ci__runner", 10800]);
    expect(runner.permissionsBoundary).to.equal(`arn:aws:iam::${A}:policy/ci-boundary`);
    expect(runner.managedPolicies).to.deep.equal(["arn:aws:iam::aws:policy/AWSCodeBuildDeveloperAccess", `arn:aws:iam::${A}:policy/ci-artifacts`]);
    expect(runner.policy).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "sts:TagSession", Resource: `arn:aws:iam::${A}:role/ops/ci/runner` },
        {
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:PutObject"],
          Resource: ["arn:aws:s3:::example-artifacts", "arn:aws:s3:::example-artifacts/*", "arn:aws:s3:::example-web-assets/releases/*"],
        },
      ],
    });
  });

  it("github-deploy: web identity with an explicit Action (no W6), and null cancelling the template's deny", () => {
    const deploy = example.roles["github-deploy"];
    expect(JSON.stringify(deploy.trustPolicy.Statement)).to.equal(
      JSON.stringify([
        {
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
            StringLike: { "token.actions.githubusercontent.com:sub": "repo:example-org/*:ref:refs/heads/main" },
          },
          Principal: { Federated: `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com` },
          Effect: "Allow",
          Sid: "",
        },
      ]),
    );
    expect(deploy.policy!.Statement).to.deep.equal([
      {
        Condition: { StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com", "lambda.amazonaws.com"] } },
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: [`arn:aws:iam::${A}:role/analytics/reporting`, `arn:aws:iam::${A}:role/web`],
      },
    ]);
    expect(deploy.tags).to.deep.equal({ "cost-centre": "4711", "managed-by": "iam-syncr" });
  });

  it("bucket example-web-assets: principals required, Sid defaulted, {s3: __self__}, NotPrincipal", () => {
    expect(example.buckets["example-web-assets"]).to.deep.equal({
      location: "ap-southeast-2",
      policy: {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: ["arn:aws:s3:::example-web-assets", "arn:aws:s3:::example-web-assets/*"],
            Principal: { AWS: `arn:aws:iam::${A}:role/web` },
            Sid: "",
          },
          {
            Condition: { StringEquals: { "AWS:SourceArn": `arn:aws:cloudfront::${A}:distribution/EDFDVBD6EXAMPLE` } },
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: "arn:aws:s3:::example-web-assets/public/*",
            Principal: { Service: "cloudfront.amazonaws.com" },
            Sid: "",
          },
          {
            Effect: "Allow",
            Action: "s3:ListBucket",
            Resource: "arn:aws:s3:::example-web-assets",
            Principal: { AWS: [`arn:aws:iam::${PARTNER}:role/partner-reader`, `arn:aws:iam::${PARTNER}:root`, `arn:aws:iam::${A}:root`] },
            Sid: "",
          },
          {
            Sid: "OnlyCiDeletesReleases",
            Effect: "Deny",
            Action: "s3:DeleteObject",
            Resource: "arn:aws:s3:::example-web-assets/releases/*",
            NotPrincipal: { AWS: [`arn:aws:iam::${A}:role/ops/ci/runner`, `arn:aws:iam::${A}:root`] },
          },
        ],
      },
      tags: { "cost-centre": "4711", team: "web" },
    });
    expect(JSON.stringify(Object.keys(example.buckets["example-web-assets"].policy!.Statement[0]))).to.equal('["Effect","Action","Resource","Principal","Sid"]');
  });

  it("bucket example-logs: the default location, no policy, tags through a YAML merge key", () => {
    expect(example.buckets["example-logs"]).to.deep.equal({ location: "ap-southeast-2", policy: null, tags: { "cost-centre": "4711", team: "platform" } });
  });

  it("key app-data: root and admin statements first, then the user statements; grants", () => {
    const key = example.keys["app-data"];
    expect(key.location).to.equal("ap-southeast-2");
    expect(key.description).to.equal("Encrypts the application's data");
    expect(JSON.stringify(key.policy)).to.equal(
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Sid: "", Effect: "Allow", Action: "kms:*", Resource: "*", Principal: { AWS: `arn:aws:iam::${A}:root` } },
          {
            Sid: "",
            Effect: "Allow",
            Action: "kms:*",
            Resource: `arn:aws:kms:ap-southeast-2:${A}:alias/app-data`,
            Principal: {
              AWS: [`arn:aws:iam::${A}:role/admin`, `arn:aws:iam::${A}:user/alice`, `arn:aws:iam::${A}:user/bob`, `arn:aws:sts::${A}:assumed-role/admin/carol`],
            },
          },
          {
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: "*",
            Principal: { AWS: [`arn:aws:iam::${A}:role/ops/ci/runner`, `arn:aws:iam::${A}:role/web`] },
          },
          {
            Condition: { StringEquals: { "kms:ViaService": "s3.ap-southeast-2.amazonaws.com" } },
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: `arn:aws:kms:ap-southeast-2:${A}:alias/app-data`,
            Principal: { AWS: `arn:aws:iam::${PARTNER}:role/partner-reader` },
          },
          { Effect: "Deny", Action: ["kms:DisableKey", "kms:ScheduleKeyDeletion"], Resource: "*", Principal: { AWS: `arn:aws:iam::${PARTNER}:root` } },
        ],
      }),
    );
    expect(key.grants).to.deep.equal([
      {
        grantee: `arn:aws:iam::${A}:role/ops/ci/runner`,
        retiree: `arn:aws:iam::${A}:role/admin`,
        operations: ["Decrypt", "Encrypt", "GenerateDataKey"],
        constraints: { EncryptionContextSubset: { app: "example" } },
        grantTokens: ["example-token"],
      },
      {
        grantee: `arn:aws:iam::${PARTNER}:role/partner-reader`,
        retiree: null,
        operations: ["Decrypt"],
        constraints: { EncryptionContextEquals: { app: "example", stage: "prod" } },
        grantTokens: null,
      },
    ]);
  });

  it("partner: refers back to the example account by name (account: example)", () => {
    expect(partner.roles.auditor.trustPolicy.Statement).to.deep.equal([
      { Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole", Effect: "Allow", Sid: "" },
    ]);
    expect(partner.roles.auditor.policy!.Statement).to.deep.equal([{ Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${A}:role/auditor` }]);
    expect(partner.roles["partner-reader"].policy!.Statement).to.deep.equal([
      { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::example-web-assets/public/*" },
      { Effect: "Allow", Action: "kms:Decrypt", Resource: `arn:aws:kms:ap-southeast-2:${A}:alias/app-data` },
    ]);
    expect(partner.removedRoles).to.deep.equal(["legacy-ops"]);
  });

  describe("_shared (DIALECT.md §14)", () => {
    const breakGlass = (id: string, account: string) => ({
      name: "break-glass",
      path: "/",
      description: `Emergency administrator access to ${account} (${id}) for the security team`,
      trustPolicy: {
        Version: "2012-10-17",
        Statement: [
          {
            Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
            Principal: { Federated: `arn:aws:iam::${id}:saml-provider/corp-idp` },
            Action: "sts:AssumeRoleWithSAML",
            Effect: "Allow",
            Sid: "",
          },
        ],
      },
      policyName: "syncr_policy_break-glass",
      policy: null,
      instanceProfile: false,
      maxSessionDuration: 3600,
      permissionsBoundary: null,
      managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"],
      tags: { team: "security" },
    });
    const auditLogs = (id: string, account: string) => ({
      location: "ap-southeast-2",
      policy: {
        Version: "2012-10-17",
        Statement: [
          {
            Condition: { StringEquals: { "aws:SourceAccount": id } },
            Effect: "Allow",
            Action: "s3:GetBucketAcl",
            Resource: `arn:aws:s3:::audit-logs-${account}`,
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Sid: "",
          },
          {
            Condition: { StringEquals: { "aws:SourceAccount": id, "s3:x-amz-acl": "bucket-owner-full-control" } },
            Effect: "Allow",
            Action: "s3:PutObject",
            Resource: `arn:aws:s3:::audit-logs-${account}/AWSLogs/${id}/*`,
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Sid: "",
          },
        ],
      },
      tags: { account, "account-id": id },
    });

    it('break-glass (accounts: "*") is in both accounts, {{account}} and {{account_id}} replaced, A for each', () => {
      expectExact(example.roles["break-glass"], breakGlass(A, "example"));
      expectExact(partner.roles["break-glass"], breakGlass(PARTNER, "partner"));
    });

    it("audit-logs-{{account}} is a different bucket in each account; tag values are replaced, tag keys kept", () => {
      expectExact(example.buckets["audit-logs-example"], auditLogs(A, "example"));
      expectExact(partner.buckets["audit-logs-partner"], auditLogs(PARTNER, "partner"));
    });

    it("workload-deployer (accounts: workloads, a group) is in example only, and uses a template of _shared", () => {
      expect(partner.roles["workload-deployer"]).to.equal(undefined);
      expectExact(example.roles["workload-deployer"], {
        name: "workload-deployer",
        path: "/",
        description: "Deploys the application stacks of example",
        trustPolicy: {
          Version: "2012-10-17",
          Statement: [{ Principal: { AWS: `arn:aws:iam::${A}:role/ops/ci/runner` }, Action: "sts:AssumeRole", Effect: "Allow", Sid: "" }],
        },
        policyName: "syncr_policy_workload-deployer",
        policy: {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: ["cloudformation:CreateStack", "cloudformation:DescribeStacks", "cloudformation:UpdateStack"],
              Resource: `arn:aws:cloudformation:*:${A}:stack/app-*/*`,
            },
          ],
        },
        instanceProfile: false,
        maxSessionDuration: null,
        permissionsBoundary: null,
        managedPolicies: null,
        tags: { "deployed-by": "ci", "managed-by": "iam-syncr" },
      });
    });

    it('the removal of legacy-ops ("*" except the group workloads) is in partner only', () => {
      expect(partner.removedRoles).to.deep.equal(["legacy-ops"]);
      expect(example.removedRoles).to.not.include("legacy-ops");
    });
  });
});

