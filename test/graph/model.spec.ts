/**
 * The graph model of `iam-syncr graph` (docs/graph.md): every edge of the example stacks, one edge for each kind
 * of statement, what a Deny takes away, conditions, external accounts, anyone, the risks with the codes `check`
 * reports for the same statements, and the `--account` and `--role` selections. Each expectation is the whole
 * edge (edgeLine: ends, document, actions, objects, conditions, limits, risks, file:line and YAML path).
 */
import { expect } from "chai";
import * as path from "node:path";
import { checkStacksRoot } from "../../compiler/check";
import { buildGraph, graphStacksRoot, SelectionError } from "../../compiler/graph";
import { compileStacksRoot } from "../../compiler/stacks-root";
import { lines } from "../support/assertions";
import { writeStacks } from "../support/stacks";
import { edgeLines, graphOf, nodeLines } from "./support";

const REPO = path.resolve(__dirname, "../..");

/** The message of the SelectionError that selecting from the example stacks throws. */
function selectionError(options: { role?: string; accounts?: string[] }): string {
  try {
    graphStacksRoot({ root: "stacks", cwd: REPO, ...options });
  } catch (e) {
    if (e instanceof SelectionError) return e.message;
    throw e;
  }
  throw new Error("expected a SelectionError");
}

function exampleGraph() {
  const outcome = graphStacksRoot({ root: "stacks", cwd: REPO });
  if (!outcome.ok) throw new Error("the example stacks must compile");
  return outcome.graph;
}

const EXAMPLE_EDGES = [
  "federated:arn:aws:iam::123456789012:saml-provider/corp-idp -> role:example:break-glass | trust policy | sts:AssumeRoleWithSAML | if StringEquals SAML:aud | stacks/_shared/baseline.yaml:26 roles.break-glass.allow_to_assume_me[0]",
  "role:example:ops/ci/runner -> role:example:workload-deployer | trust policy | sts:AssumeRole | stacks/_shared/templates.yaml:10 roles.workload-deployer.allow_to_assume_me[0] via deployed-from-ci",
  "service:codebuild.amazonaws.com -> role:example:ops/ci/runner | trust policy | sts:AssumeRole | if StringEquals aws:SourceAccount | stacks/example/ci/runners.yml:22 roles.ops/ci/runner.allow_to_assume_me[0]",
  "role:example:ops/ci/runner -> bucket:example:example-web-assets | role policy | s3:GetObject,s3:PutObject | on releases/* | stacks/example/ci/runners.yml:29 roles.ops/ci/runner.allow_permission[1]",
  "federated:arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com -> role:example:github-deploy | trust policy | sts:AssumeRoleWithWebIdentity | if StringEquals token.actions.githubusercontent.com:aud,StringLike token.actions.githubusercontent.com:sub | stacks/example/ci/runners.yml:40 roles.github-deploy.allow_to_assume_me[0]",
  "service:ec2.amazonaws.com -> role:example:web | trust policy | sts:AssumeRole | stacks/example/roles.yaml:25 roles.web.allow_to_assume_me",
  "principal:arn:aws:iam::123456789012:role/release -> role:example:web | trust policy | sts:AssumeRole | stacks/example/roles.yaml:25 roles.web.allow_to_assume_me",
  "role:example:web -> bucket:example:example-web-assets | role policy | s3:GetObject,s3:ListBucket | stacks/example/roles.yaml:30 roles.web.permission[0]",
  "role:example:web -> key:example:app-data | role policy | kms:Decrypt,kms:GenerateDataKey | stacks/example/roles.yaml:46 roles.web.permission[3]",
  "service:lambda.amazonaws.com -> role:example:reporting | trust policy | sts:AssumeRole | stacks/example/roles.yaml:70 roles.reporting.allow_to_assume_me",
  "service:states.amazonaws.com -> role:example:reporting | trust policy | sts:AssumeRole | stacks/example/roles.yaml:70 roles.reporting.allow_to_assume_me",
  "role:partner:auditor -> role:example:auditor | trust policy | sts:AssumeRole | if StringEquals sts:ExternalId | stacks/example/roles.yaml:101 roles.auditor.allow_to_assume_me[0]",
  "role:example:auditor -> bucket:example:example-logs | role policy | s3:GetObject,s3:ListBucket | limit: the Deny at roles.auditor.permission[1] (stacks/example/roles.yaml:121) takes away part of it | stacks/example/roles.yaml:117 roles.auditor.permission[0]",
  "federated:arn:aws:iam::123456789012:saml-provider/corp-idp -> role:example:admin | trust policy | sts:AssumeRoleWithSAML | if StringEquals SAML:aud | stacks/example/roles.yaml:136 roles.admin.allow_to_assume_me[0]",
  "service:cloudtrail.amazonaws.com -> bucket:example:audit-logs-example | bucket policy | s3:GetBucketAcl | if StringEquals aws:SourceAccount | stacks/_shared/baseline.yaml:52 buckets.audit-logs-{{account}}.allow_permission[0]",
  "service:cloudtrail.amazonaws.com -> bucket:example:audit-logs-example | bucket policy | s3:PutObject | on AWSLogs/123456789012/* | if StringEquals aws:SourceAccount,StringEquals s3:x-amz-acl | stacks/_shared/baseline.yaml:57 buckets.audit-logs-{{account}}.allow_permission[1]",
  "role:example:web -> bucket:example:example-web-assets | bucket policy | s3:GetObject | stacks/example/storage.yaml:13 buckets.example-web-assets.allow_permission[0]",
  "service:cloudfront.amazonaws.com -> bucket:example:example-web-assets | bucket policy | s3:GetObject | on public/* | if StringEquals AWS:SourceArn | stacks/example/storage.yaml:17 buckets.example-web-assets.allow_permission[1]",
  "role:partner:partner-reader -> bucket:example:example-web-assets | bucket policy | s3:ListBucket | stacks/example/storage.yaml:24 buckets.example-web-assets.allow_permission[2]",
  "root:098765432101 -> bucket:example:example-web-assets | bucket policy | s3:ListBucket | stacks/example/storage.yaml:24 buckets.example-web-assets.allow_permission[2]",
  "root:123456789012 -> bucket:example:example-web-assets | bucket policy | s3:ListBucket | stacks/example/storage.yaml:24 buckets.example-web-assets.allow_permission[2]",
  "role:example:admin -> key:example:app-data | key policy | kms:* | risk -:wildcard-actions | stacks/example/storage.yaml:54 keys.app-data.admin_users",
  "principal:arn:aws:iam::123456789012:user/alice -> key:example:app-data | key policy | kms:* | risk -:wildcard-actions | stacks/example/storage.yaml:54 keys.app-data.admin_users",
  "principal:arn:aws:iam::123456789012:user/bob -> key:example:app-data | key policy | kms:* | risk -:wildcard-actions | stacks/example/storage.yaml:54 keys.app-data.admin_users",
  "principal:arn:aws:sts::123456789012:assumed-role/admin/carol -> key:example:app-data | key policy | kms:* | risk -:wildcard-actions | stacks/example/storage.yaml:54 keys.app-data.admin_users",
  "role:example:ops/ci/runner -> key:example:app-data | key policy | kms:Decrypt,kms:GenerateDataKey | stacks/example/storage.yaml:59 keys.app-data.allow_permission[0]",
  "role:example:web -> key:example:app-data | key policy | kms:Decrypt,kms:GenerateDataKey | stacks/example/storage.yaml:59 keys.app-data.allow_permission[0]",
  "role:partner:partner-reader -> key:example:app-data | key policy | kms:Decrypt | if StringEquals kms:ViaService | stacks/example/storage.yaml:63 keys.app-data.allow_permission[1]",
  "role:example:ops/ci/runner -> key:example:app-data | grant | Decrypt,Encrypt,GenerateDataKey | if EncryptionContextSubset app | stacks/example/storage.yaml:75 keys.app-data.grant[0]",
  "role:partner:partner-reader -> key:example:app-data | grant | Decrypt | if EncryptionContextEquals app,EncryptionContextEquals stage | stacks/example/storage.yaml:83 keys.app-data.grant[1]",
  "federated:arn:aws:iam::098765432101:saml-provider/corp-idp -> role:partner:break-glass | trust policy | sts:AssumeRoleWithSAML | if StringEquals SAML:aud | stacks/_shared/baseline.yaml:26 roles.break-glass.allow_to_assume_me[0]",
  "service:ecs-tasks.amazonaws.com -> role:partner:auditor | trust policy | sts:AssumeRole | stacks/partner/roles.yaml:9 roles.auditor.allow_to_assume_me",
  "service:lambda.amazonaws.com -> role:partner:partner-reader | trust policy | sts:AssumeRole | stacks/partner/roles.yaml:17 roles.partner-reader.allow_to_assume_me",
  "role:partner:partner-reader -> bucket:example:example-web-assets | role policy | s3:GetObject | on public/* | limit: in another account: the bucket's own policy must allow it too | stacks/partner/roles.yaml:19 roles.partner-reader.allow_permission[0]",
  "role:partner:partner-reader -> key:example:app-data | role policy | kms:Decrypt | limit: in another account: the key's own policy must allow it too | stacks/partner/roles.yaml:21 roles.partner-reader.allow_permission[1]",
  "service:cloudtrail.amazonaws.com -> bucket:partner:audit-logs-partner | bucket policy | s3:GetBucketAcl | if StringEquals aws:SourceAccount | stacks/_shared/baseline.yaml:52 buckets.audit-logs-{{account}}.allow_permission[0]",
  "service:cloudtrail.amazonaws.com -> bucket:partner:audit-logs-partner | bucket policy | s3:PutObject | on AWSLogs/098765432101/* | if StringEquals aws:SourceAccount,StringEquals s3:x-amz-acl | stacks/_shared/baseline.yaml:57 buckets.audit-logs-{{account}}.allow_permission[1]",
];

const EXAMPLE_NODES = [
  "service:cloudfront.amazonaws.com | service | cloudfront.amazonaws.com | -",
  "service:cloudtrail.amazonaws.com | service | cloudtrail.amazonaws.com | -",
  "service:codebuild.amazonaws.com | service | codebuild.amazonaws.com | -",
  "service:ec2.amazonaws.com | service | ec2.amazonaws.com | -",
  "service:ecs-tasks.amazonaws.com | service | ecs-tasks.amazonaws.com | -",
  "service:lambda.amazonaws.com | service | lambda.amazonaws.com | -",
  "service:states.amazonaws.com | service | states.amazonaws.com | -",
  "federated:arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com | federated | oidc-provider/token.actions.githubusercontent.com | account:example",
  "federated:arn:aws:iam::123456789012:saml-provider/corp-idp | federated | saml-provider/corp-idp | account:example",
  "root:123456789012 | account | whole account | account:example",
  "principal:arn:aws:sts::123456789012:assumed-role/admin/carol | principal | assumed-role/admin/carol | account:example",
  "principal:arn:aws:iam::123456789012:role/release | principal | role/release | account:example",
  "principal:arn:aws:iam::123456789012:user/alice | principal | user/alice | account:example",
  "principal:arn:aws:iam::123456789012:user/bob | principal | user/bob | account:example",
  "role:example:admin | role | admin | account:example",
  "role:example:auditor | role | auditor | account:example",
  "role:example:break-glass | role | break-glass | account:example",
  "role:example:github-deploy | role | github-deploy | account:example",
  "role:example:ops/ci/runner | role | ops/ci/runner | account:example",
  "role:example:reporting | role | reporting | account:example",
  "role:example:web | role | web | account:example",
  "role:example:workload-deployer | role | workload-deployer | account:example",
  "bucket:example:audit-logs-example | bucket | audit-logs-example | account:example",
  "bucket:example:example-logs | bucket | example-logs | account:example",
  "bucket:example:example-web-assets | bucket | example-web-assets | account:example",
  "key:example:app-data | key | alias/app-data | account:example",
  "federated:arn:aws:iam::098765432101:saml-provider/corp-idp | federated | saml-provider/corp-idp | account:partner",
  "root:098765432101 | account | whole account | account:partner",
  "role:partner:auditor | role | auditor | account:partner",
  "role:partner:break-glass | role | break-glass | account:partner",
  "role:partner:partner-reader | role | partner-reader | account:partner",
  "bucket:partner:audit-logs-partner | bucket | audit-logs-partner | account:partner",
];

describe("iam-syncr graph: the model", () => {
  describe("the example stacks", () => {
    it("has exactly these edges, each with its statement's file, line and YAML path (in _shared: the names as written)", () => {
      expect(edgeLines(exampleGraph())).to.deep.equal(EXAMPLE_EDGES);
    });

    it("has exactly these nodes, roles grouped by account (those of _shared in each account they are selected for)", () => {
      const graph = exampleGraph();
      expect(nodeLines(graph)).to.deep.equal(EXAMPLE_NODES);
      expect(graph.groups).to.deep.equal([
        { id: "account:example", name: "example", accountId: "123456789012", external: false, compiled: true },
        { id: "account:partner", name: "partner", accountId: "098765432101", external: false, compiled: true },
      ]);
    });

    it("knows where each role, bucket and key is defined, and the policies it cannot read", () => {
      const graph = exampleGraph();
      const auditor = graph.nodes.find((n) => n.id === "role:example:auditor")!;
      expect(auditor).to.deep.equal({
        id: "role:example:auditor",
        kind: "role",
        label: "auditor",
        group: "account:example",
        arn: "arn:aws:iam::123456789012:role/auditor",
        source: { file: "stacks/example/roles.yaml", line: 94, column: 3, path: "roles.auditor", template: null },
        managedPolicies: ["arn:aws:iam::aws:policy/SecurityAudit"],
        permissionsBoundary: null,
      });
      const key = graph.nodes.find((n) => n.id === "key:example:app-data")!;
      expect([key.arn, key.source]).to.deep.equal([
        "arn:aws:kms:ap-southeast-2:123456789012:alias/app-data",
        { file: "stacks/example/storage.yaml", line: 45, column: 3, path: "keys.app-data", template: null },
      ]);
    });
  });

  describe("one edge for each kind of statement", () => {
    const graph = () =>
      graphOf({
        "sandbox/roles.yaml": lines(
          "roles:",
          "  app:",
          "    allow_to_assume_me:",
          "      - service: ecs-tasks",
          "      - iam: role/deployer",
          "      - iam: role/reader",
          "        account: live",
          "      - iam: root",
          "        account: shared",
          "      - federated: {iam: saml-provider/corp}",
          '        Condition: {StringEquals: {"SAML:aud": "https://signin.aws.amazon.com/saml"}}',
          "      - federated: {iam: oidc-provider/token.actions.githubusercontent.com}",
          "        Action: sts:AssumeRoleWithWebIdentity",
          '        Condition: {StringLike: {"token.actions.githubusercontent.com:sub": "repo:org/*"}}',
          "    allow_permission:",
          "      - action: [s3:GetObject, s3:ListBucket]",
          "        resource: {s3: sandbox-data}",
          "      - action: s3:PutObject",
          "        resource: {s3: sandbox-data/uploads/*}",
          "      - action: kms:Decrypt",
          "        resource: {kms: data, location: eu-west-1}",
          "      - action: kms:Encrypt",
          '        resource: "arn:aws:kms:eu-west-1:210987654321:key/*"',
          "      - action: sqs:SendMessage",
          '        resource: "*"',
          "  deployer:",
          "    allow_to_assume_me: {service: codebuild}",
          "buckets:",
          "  sandbox-data:",
          "    allow_permission:",
          "      - principal: {iam: role/app}",
          "        action: s3:GetObject",
          "        resource: {s3: __self__}",
          "keys:",
          "  data:",
          "    location: eu-west-1",
          "    description: Data",
          "    admin_users: {iam: role/deployer}",
          "    allow_permission:",
          "      - principal: {iam: role/reader, account: live}",
          "        action: kms:Decrypt",
          '        resource: "*"',
          "    grant:",
          "      - grantee: {iam: role/app}",
          "        operations: [Decrypt, DescribeKey]",
        ),
        "live/roles.yaml": lines("roles:", "  reader:", "    allow_to_assume_me: {service: ec2}", "keys:", "  live-key:", "    location: eu-west-1", "    description: Live"),
      });

    it("trust: a service, a role of this account, a role of another account, a whole account, SAML and web identity", () => {
      expect(edgeLines(graph()).filter((e) => e.includes("| trust policy |"))).to.deep.equal([
        "service:ec2.amazonaws.com -> role:live:reader | trust policy | sts:AssumeRole | live/roles.yaml:3 roles.reader.allow_to_assume_me",
        "service:ecs-tasks.amazonaws.com -> role:sandbox:app | trust policy | sts:AssumeRole | sandbox/roles.yaml:4 roles.app.allow_to_assume_me[0]",
        "role:sandbox:deployer -> role:sandbox:app | trust policy | sts:AssumeRole | sandbox/roles.yaml:5 roles.app.allow_to_assume_me[1]",
        "role:live:reader -> role:sandbox:app | trust policy | sts:AssumeRole | sandbox/roles.yaml:6 roles.app.allow_to_assume_me[2]",
        "root:098765432101 -> role:sandbox:app | trust policy | sts:AssumeRole | sandbox/roles.yaml:8 roles.app.allow_to_assume_me[3]",
        "federated:arn:aws:iam::012345678901:saml-provider/corp -> role:sandbox:app | trust policy | sts:AssumeRoleWithSAML | if StringEquals SAML:aud | sandbox/roles.yaml:10 roles.app.allow_to_assume_me[4]",
        "federated:arn:aws:iam::012345678901:oidc-provider/token.actions.githubusercontent.com -> role:sandbox:app | trust policy | sts:AssumeRoleWithWebIdentity | if StringLike token.actions.githubusercontent.com:sub | sandbox/roles.yaml:12 roles.app.allow_to_assume_me[5]",
        "service:codebuild.amazonaws.com -> role:sandbox:deployer | trust policy | sts:AssumeRole | sandbox/roles.yaml:27 roles.deployer.allow_to_assume_me",
      ]);
    });

    it("access: a role policy naming a bucket, some of its objects, a key alias, a key pattern of another account; nothing for sqs on *", () => {
      expect(edgeLines(graph()).filter((e) => e.includes("| role policy |"))).to.deep.equal([
        "role:sandbox:app -> bucket:sandbox:sandbox-data | role policy | s3:GetObject,s3:ListBucket | sandbox/roles.yaml:16 roles.app.allow_permission[0]",
        "role:sandbox:app -> bucket:sandbox:sandbox-data | role policy | s3:PutObject | on uploads/* | sandbox/roles.yaml:18 roles.app.allow_permission[1]",
        "role:sandbox:app -> key:sandbox:data | role policy | kms:Decrypt | sandbox/roles.yaml:20 roles.app.allow_permission[2]",
        "role:sandbox:app -> key:live:live-key | role policy | kms:Encrypt | limit: in another account: the key's own policy must allow it too | sandbox/roles.yaml:22 roles.app.allow_permission[3]",
      ]);
    });

    it("access: a bucket policy, a key policy's admin and user statements (not its root statement), a grant", () => {
      expect(edgeLines(graph()).filter((e) => /\| (bucket policy|key policy|grant) \|/.test(e))).to.deep.equal([
        "role:sandbox:app -> bucket:sandbox:sandbox-data | bucket policy | s3:GetObject | sandbox/roles.yaml:31 buckets.sandbox-data.allow_permission[0]",
        "role:sandbox:deployer -> key:sandbox:data | key policy | kms:* | risk -:wildcard-actions | sandbox/roles.yaml:38 keys.data.admin_users",
        "role:live:reader -> key:sandbox:data | key policy | kms:Decrypt | sandbox/roles.yaml:40 keys.data.allow_permission[0]",
        "role:sandbox:app -> key:sandbox:data | grant | Decrypt,DescribeKey | sandbox/roles.yaml:44 keys.data.grant[0]",
      ]);
    });
  });

  describe("what a Deny takes away", () => {
    const graph = () =>
      graphOf({
        "sandbox/roles.yaml": lines(
          "roles:",
          "  denied-by-principal:",
          "    allow_to_assume_me:",
          "      - iam: [role/a, role/b]",
          "      - iam: role/b",
          "        Effect: Deny",
          "  denied-but-listed:",
          "    allow_to_assume_me:",
          "      - iam: [role/a, role/b]",
          "    disallow_to_assume_me:",
          "      - iam: role/a",
          "        Effect: Deny",
          "  denied-when:",
          "    allow_to_assume_me:",
          "      - iam: role/a",
          "      - iam: role/a",
          "        Effect: Deny",
          '        Condition: {Bool: {"aws:MultiFactorAuthPresent": "false"}}',
          "  writer:",
          "    allow_to_assume_me: {service: ec2}",
          "    allow_permission:",
          "      - action: [s3:GetObject, s3:PutObject]",
          "        resource: {s3: sandbox-data}",
          "      - action: s3:GetObject",
          "        resource: {s3: sandbox-logs}",
          "    deny_permission:",
          "      - action: s3:PutObject",
          "        resource: {s3: sandbox-data}",
          "      - action: s3:*",
          "        resource: {s3: sandbox-logs}",
          "      - action: s3:GetObject",
          "        resource: {s3: sandbox-data/secret/*}",
          "buckets:",
          "  sandbox-data:",
          "    allow_permission:",
          "      - principal: {iam: [role/a, role/b]}",
          "        action: s3:GetObject",
          "        resource: {s3: __self__}",
          "    deny_permission:",
          "      - principal: {iam: role/b}",
          "        action: s3:*",
          "        resource: {s3: __self__}",
          "  sandbox-logs: {}",
        ),
      });

    it("removes the principal a Deny names, keeps only those a NotPrincipal Deny lists, notes a Deny with a condition", () => {
      expect(edgeLines(graph()).filter((e) => e.includes("| trust policy |") && !e.includes("writer"))).to.deep.equal([
        "principal:arn:aws:iam::012345678901:role/a -> role:sandbox:denied-by-principal | trust policy | sts:AssumeRole | sandbox/roles.yaml:4 roles.denied-by-principal.allow_to_assume_me[0]",
        "principal:arn:aws:iam::012345678901:role/a -> role:sandbox:denied-but-listed | trust policy | sts:AssumeRole | sandbox/roles.yaml:9 roles.denied-but-listed.allow_to_assume_me[0]",
        "principal:arn:aws:iam::012345678901:role/a -> role:sandbox:denied-when | trust policy | sts:AssumeRole | limit: the Deny at roles.denied-when.allow_to_assume_me[1] (sandbox/roles.yaml:16) when its Condition holds may take it away | sandbox/roles.yaml:15 roles.denied-when.allow_to_assume_me[0]",
      ]);
    });

    it("removes denied actions from a role policy edge, the whole edge when all are denied, and notes a Deny of some objects", () => {
      expect(edgeLines(graph()).filter((e) => e.includes("role:sandbox:writer ->"))).to.deep.equal([
        "role:sandbox:writer -> bucket:sandbox:sandbox-data | role policy | s3:GetObject | limit: the Deny at roles.writer.deny_permission[2] (sandbox/roles.yaml:31) takes away part of it | sandbox/roles.yaml:22 roles.writer.allow_permission[0]",
      ]);
    });

    it("removes the principal a bucket policy's Deny names", () => {
      expect(edgeLines(graph()).filter((e) => e.includes("| bucket policy |"))).to.deep.equal([
        "principal:arn:aws:iam::012345678901:role/a -> bucket:sandbox:sandbox-data | bucket policy | s3:GetObject | sandbox/roles.yaml:36 buckets.sandbox-data.allow_permission[0]",
      ]);
    });
  });

  describe("anyone, external accounts, federation and wildcards: the risks, with check's codes", () => {
    const files = {
      "sandbox/roles.yaml": lines(
        "templates:",
        "  partner-trust:",
        "    allow_to_assume_me:",
        "      - iam: arn:aws:iam::999999999999:role/vendor",
        "roles:",
        "  open:",
        '    allow_to_assume_me: {Principal: "*"}',
        "  all-but:",
        "    disallow_to_assume_me: {iam: role/admin}",
        "  vendor-unconditioned:",
        "    use: partner-trust",
        "  vendor-conditioned:",
        "    allow_to_assume_me:",
        "      - iam: arn:aws:iam::999999999999:role/vendor",
        '        Condition: {StringEquals: {"sts:ExternalId": "x"}}',
        "  federated-open:",
        "    allow_to_assume_me:",
        "      - federated: {iam: saml-provider/corp}",
        "      - federated: {iam: oidc-provider/token.actions.githubusercontent.com}",
        "        Action: sts:AssumeRoleWithWebIdentity",
        "  admin:",
        "    allow_to_assume_me: {service: ec2}",
        "    allow_permission:",
        '      - action: "*"',
        '        resource: "*"',
        "  bucket-admin:",
        "    allow_to_assume_me: {service: ec2}",
        "    allow_permission:",
        "      - action: s3:*",
        "        resource: {s3: sandbox-data}",
        "      - notaction: s3:DeleteBucket",
        "        resource: arn:aws:s3:::sandbox-logs",
        "buckets:",
        "  sandbox-data:",
        "    allow_permission:",
        '      - principal: "*"',
        "        action: s3:GetObject",
        "        resource: {s3: sandbox-data/public/*}",
        "      - principal: arn:aws:iam::999999999999:root",
        "        action: s3:ListBucket",
        "        resource: arn:aws:s3:::sandbox-data",
        "  sandbox-logs: {}",
        "keys:",
        "  data:",
        "    location: eu-west-1",
        "    description: Data",
      ),
    };

    it("tags each risky edge, and the account outside accounts.yaml is its own group", () => {
      const graph = graphOf(files);
      expect(edgeLines(graph).filter((e) => !e.startsWith("service:ec2"))).to.deep.equal([
        "anyone -> role:sandbox:open | trust policy | sts:AssumeRole | risk W3:anyone | sandbox/roles.yaml:7 roles.open.allow_to_assume_me",
        "anyone -> role:sandbox:all-but | trust policy | sts:AssumeRole | except arn:aws:iam::012345678901:role/admin | risk W2:allow-with-notprincipal | sandbox/roles.yaml:9 roles.all-but.disallow_to_assume_me",
        "principal:arn:aws:iam::999999999999:role/vendor -> role:sandbox:vendor-unconditioned | trust policy | sts:AssumeRole | risk IAM106:external-account-without-condition | sandbox/roles.yaml:4 roles.vendor-unconditioned.allow_to_assume_me[0] via partner-trust",
        "principal:arn:aws:iam::999999999999:role/vendor -> role:sandbox:vendor-conditioned | trust policy | sts:AssumeRole | if StringEquals sts:ExternalId | sandbox/roles.yaml:14 roles.vendor-conditioned.allow_to_assume_me[0]",
        "federated:arn:aws:iam::012345678901:saml-provider/corp -> role:sandbox:federated-open | trust policy | sts:AssumeRoleWithSAML | risk IAM108:federation-without-condition | sandbox/roles.yaml:18 roles.federated-open.allow_to_assume_me[0]",
        "federated:arn:aws:iam::012345678901:oidc-provider/token.actions.githubusercontent.com -> role:sandbox:federated-open | trust policy | sts:AssumeRoleWithWebIdentity | risk IAM107:federation-without-condition | sandbox/roles.yaml:19 roles.federated-open.allow_to_assume_me[1]",
        "role:sandbox:admin -> bucket:sandbox:sandbox-data | role policy | * | risk IAM105:wildcard-actions | sandbox/roles.yaml:24 roles.admin.allow_permission[0]",
        "role:sandbox:admin -> bucket:sandbox:sandbox-logs | role policy | * | risk IAM105:wildcard-actions | sandbox/roles.yaml:24 roles.admin.allow_permission[0]",
        "role:sandbox:admin -> key:sandbox:data | role policy | * | risk IAM105:wildcard-actions | sandbox/roles.yaml:24 roles.admin.allow_permission[0]",
        "role:sandbox:bucket-admin -> bucket:sandbox:sandbox-data | role policy | s3:* | risk -:wildcard-actions | sandbox/roles.yaml:29 roles.bucket-admin.allow_permission[0]",
        "role:sandbox:bucket-admin -> bucket:sandbox:sandbox-logs | role policy | all but s3:DeleteBucket | risk -:wildcard-actions | sandbox/roles.yaml:31 roles.bucket-admin.allow_permission[1]",
        "anyone -> bucket:sandbox:sandbox-data | bucket policy | s3:GetObject | on public/* | risk W3:anyone | sandbox/roles.yaml:36 buckets.sandbox-data.allow_permission[0]",
        "root:999999999999 -> bucket:sandbox:sandbox-data | bucket policy | s3:ListBucket | risk -:external-account-without-condition | sandbox/roles.yaml:39 buckets.sandbox-data.allow_permission[1]",
      ]);
      expect(graph.groups.map((g) => `${g.id} ${g.name} external=${g.external} compiled=${g.compiled}`)).to.deep.equal([
        "account:sandbox sandbox external=false compiled=true",
        "external:999999999999 999999999999 external=true compiled=false",
      ]);
      expect(nodeLines(graph).filter((n) => n.includes("999999999999") || n.startsWith("anyone"))).to.deep.equal([
        "anyone | anyone | anyone (*) | -",
        "root:999999999999 | account | whole account | external:999999999999",
        "principal:arn:aws:iam::999999999999:role/vendor | principal | role/vendor | external:999999999999",
      ]);
    });

    it("tags a statement with a code exactly when iam-syncr check reports that code for it", async () => {
      const root = writeStacks({ files });
      const report = await checkStacksRoot({ root: ".", cwd: root });
      const codes = new Set(["W2", "W3", "IAM105", "IAM106", "IAM107", "IAM108"]);
      const reported = report.accounts.flatMap((a) => a.diagnostics).filter((d) => codes.has(d.code));
      const outcome = graphStacksRoot({ root: ".", cwd: root });
      if (!outcome.ok) throw new Error("expected a graph");
      const tagged = outcome.graph.edges.flatMap((e) => e.risks.filter((r) => r.code !== null).map((r) => `${r.code} ${e.source.path}`));
      const within = (path: string, statement: string) => path === statement || path.startsWith(`${statement}.`) || path.startsWith(`${statement}[`);
      // Every code reported has an edge tagged with it from that statement, and every tag a report.
      expect(reported.map((d) => `${d.code} ${d.path}`)).to.have.length(7);
      for (const d of reported) expect(tagged.some((t) => t.startsWith(`${d.code} `) && within(d.path!, t.slice(d.code.length + 1))), `${d.code} ${d.path}`).to.equal(true);
      for (const t of tagged) expect(reported.some((d) => t.startsWith(`${d.code} `) && within(d.path!, t.slice(d.code.length + 1))), t).to.equal(true);
    });
  });

  describe("selections", () => {
    it("--account keeps the edges that touch the account and its own nodes", () => {
      const outcome = graphStacksRoot({ root: "stacks", cwd: REPO, accounts: ["partner"] });
      if (!outcome.ok) throw new Error("expected a graph");
      expect(edgeLines(outcome.graph).map((e) => e.split(" | ")[0])).to.deep.equal([
        "role:partner:auditor -> role:example:auditor",
        "role:partner:partner-reader -> bucket:example:example-web-assets",
        "root:098765432101 -> bucket:example:example-web-assets",
        "role:partner:partner-reader -> key:example:app-data",
        "role:partner:partner-reader -> key:example:app-data",
        "federated:arn:aws:iam::098765432101:saml-provider/corp-idp -> role:partner:break-glass",
        "service:ecs-tasks.amazonaws.com -> role:partner:auditor",
        "service:lambda.amazonaws.com -> role:partner:partner-reader",
        "role:partner:partner-reader -> bucket:example:example-web-assets",
        "role:partner:partner-reader -> key:example:app-data",
        "service:cloudtrail.amazonaws.com -> bucket:partner:audit-logs-partner",
        "service:cloudtrail.amazonaws.com -> bucket:partner:audit-logs-partner",
      ]);
      expect(outcome.graph.groups.map((g) => g.id)).to.deep.equal(["account:example", "account:partner"]);
    });

    it("--role takes two steps back (who can assume it, and who can assume those) and two forward", () => {
      const graph = graphOf({
        "sandbox/roles.yaml": lines(
          "roles:",
          "  first:",
          "    allow_to_assume_me: {service: ec2}",
          "  second:",
          "    allow_to_assume_me: {iam: role/first}",
          "  centre:",
          "    allow_to_assume_me: {iam: role/second}",
          "    allow_permission:",
          "      - action: s3:GetObject",
          "        resource: {s3: sandbox-data}",
          "  next:",
          "    allow_to_assume_me: {iam: role/centre}",
          "    allow_permission:",
          "      - action: kms:Decrypt",
          "        resource: {kms: data, location: eu-west-1}",
          "  unrelated:",
          "    allow_to_assume_me: {service: lambda}",
          "buckets:",
          "  sandbox-data: {}",
          "keys:",
          "  data: {location: eu-west-1, description: Data}",
        ),
      }, { role: "centre" });
      expect(edgeLines(graph).map((e) => e.split(" | ")[0])).to.deep.equal([
        "role:sandbox:first -> role:sandbox:second",
        "role:sandbox:second -> role:sandbox:centre",
        "role:sandbox:centre -> bucket:sandbox:sandbox-data",
        "role:sandbox:centre -> role:sandbox:next",
        "role:sandbox:next -> key:sandbox:data",
      ]);
      expect(graph.nodes.map((n) => n.id)).to.deep.equal([
        "role:sandbox:centre",
        "role:sandbox:first",
        "role:sandbox:next",
        "role:sandbox:second",
        "bucket:sandbox:sandbox-data",
        "key:sandbox:data",
      ]);
    });

    it("--role matches the full name or the leaf ignoring case, only in the accounts given; an unknown name is an error with a suggestion", () => {
      const byLeaf = graphStacksRoot({ root: "stacks", cwd: REPO, role: "RUNNER" });
      if (!byLeaf.ok) throw new Error("expected a graph");
      expect(edgeLines(byLeaf.graph).map((e) => e.split(" | ")[0])).to.deep.equal([
        "role:example:ops/ci/runner -> role:example:workload-deployer",
        "service:codebuild.amazonaws.com -> role:example:ops/ci/runner",
        "role:example:ops/ci/runner -> bucket:example:example-web-assets",
        "role:example:ops/ci/runner -> key:example:app-data",
        "role:example:ops/ci/runner -> key:example:app-data",
      ]);
      const inPartner = graphStacksRoot({ root: "stacks", cwd: REPO, role: "auditor", accounts: ["partner"] });
      if (!inPartner.ok) throw new Error("expected a graph");
      expect(edgeLines(inPartner.graph).map((e) => e.split(" | ")[0])).to.deep.equal([
        "role:partner:auditor -> role:example:auditor",
        "role:example:auditor -> bucket:example:example-logs",
        "service:ecs-tasks.amazonaws.com -> role:partner:auditor",
      ]);
      expect(selectionError({ role: "web", accounts: ["partner"] })).to.equal('no role "web" in account partner');
      expect(selectionError({ role: "audtor" })).to.equal('no role "audtor" in stacks; did you mean "auditor"?');
      expect(selectionError({ accounts: ["partnr"] })).to.equal('no account folder "partnr" in stacks; its accounts: example, partner; did you mean "partner"?');
    });
  });

  it("is a pure function of the compilation: the same input gives the same graph, and a failed account adds nothing", () => {
    const root = writeStacks({
      files: { "sandbox/roles.yaml": lines("roles:", "  a:", "    allow_to_assume_me: {service: ec2}"), "live/roles.yaml": lines("roles:", "  b:", "    allow_permissions: []") },
    });
    const compilation = compileStacksRoot({ root, cwd: root, withRecords: true });
    const input = { root: ".", accounts: compilation.accounts!, compiled: compilation.compiled };
    expect(JSON.stringify(buildGraph(input))).to.equal(JSON.stringify(buildGraph(input)));
    expect(edgeLines(buildGraph(input))).to.deep.equal(["service:ec2.amazonaws.com -> role:sandbox:a | trust policy | sts:AssumeRole | sandbox/roles.yaml:3 roles.a.allow_to_assume_me"]);
    const outcome = graphStacksRoot({ root: ".", cwd: root });
    expect(outcome.ok).to.equal(false);
    expect(outcome.ok ? [] : outcome.errors.map((d) => `${d.file}:${d.line}: ${d.code} ${d.path}`)).to.deep.equal(["live/roles.yaml:3: E0001 roles.b.allow_permissions"]);
  });
});
