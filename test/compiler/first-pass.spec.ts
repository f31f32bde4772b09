/**
 * The first pass over a cycle of accounts (compiler/first-pass.ts, docs/run-all.md): the documents of a plan
 * without the principals that are roles not created yet, allowing no more than the compiled documents while
 * those roles do not exist, and never more once they do.
 */
import { expect } from "chai";
import { firstPassPlan, NO_ONE_MAY_ASSUME, rolesInTrustCycles } from "../../compiler/first-pass";
import { stronglyConnected } from "../../compiler/strongly-connected";
import { compileIn, planOf, writeStacks } from "../support/stacks";

const ACCOUNTS = 'app: "111111111111"\ntools: "333333333333"\n';
const TOOLS_BUILDER = "arn:aws:iam::333333333333:role/ci/builder";
const TOOLS_DEPLOYER = "arn:aws:iam::333333333333:role/deployer";
const TOOLS_ROOT = "arn:aws:iam::333333333333:root";

/** The app account of a cycle with tools: every kind of place a role of tools can be a principal. */
function appPlan() {
  const root = writeStacks({
    accounts: ACCOUNTS,
    files: {
      "app/roles.yaml": [
        "roles:",
        "  only-tools:",
        "    allow_to_assume_me: {iam: role/ci/builder, account: tools}",
        "  mixed:",
        "    allow_to_assume_me:",
        "      - {iam: [role/ci/builder, role/deployer, role/existing], account: tools}",
        "      - {service: ec2}",
        "    allow_permission: {action: iam:PassRole, resource: {iam: role/ci/builder, account: tools}}",
        "  exceptions:",
        "    allow_to_assume_me: {service: lambda}",
        "    disallow_to_assume_me: {iam: role/deployer, account: tools}",
        "buckets:",
        "  app-assets:",
        "    allow_permission:",
        "      - {principal: {iam: role/ci/builder, account: tools}, action: s3:GetObject, resource: {s3: __self__}}",
        "    deny_permission:",
        "      - {principal: {iam: [role/deployer, role/existing], account: tools}, action: s3:DeleteObject, resource: {s3: __self__}}",
        "      - {notprincipal: {iam: role/ci/builder, account: tools}, action: s3:PutObject, resource: {s3: __self__}}",
        "  only-builder:",
        "    allow_permission: {principal: {iam: role/ci/builder, account: tools}, action: s3:GetObject, resource: {s3: __self__}}",
        "keys:",
        "  app-data:",
        "    location: eu-west-1",
        "    description: app data",
        "    admin_users: {iam: role/deployer, account: tools}",
        "    grant:",
        "      - {grantee: {iam: role/ci/builder, account: tools}, operations: Decrypt}",
        "      - {grantee: {iam: role/existing, account: tools}, retiree: {iam: role/deployer, account: tools}, operations: Encrypt}",
        "      - {grantee: {iam: role/existing, account: tools}, operations: Decrypt}",
        "",
      ].join("\n"),
      "tools/roles.yaml": "roles:\n  ci/builder: {allow_to_assume_me: {service: ec2}}\n  deployer: {allow_to_assume_me: {service: ec2}}\n  existing: {allow_to_assume_me: {service: ec2}}\n",
    },
  });
  return planOf(compileIn(root, "app"));
}

describe("first pass over a cycle of accounts", () => {
  const plan = appPlan();
  const { plan: first, changes } = firstPassPlan(plan, new Set([TOOLS_BUILDER, TOOLS_DEPLOYER]));

  it("with no pending role, the plan is the compiled plan itself", () => {
    expect(firstPassPlan(plan, new Set())).to.deep.equal({ plan, changes: [] });
    expect(firstPassPlan(plan, new Set(["arn:aws:iam::333333333333:role/unnamed"]))).to.deep.equal({ plan, changes: [] });
  });

  it("an Allow leaves the pending roles out, and a statement that names no one else is left out", () => {
    expect(first.roles.mixed.trustPolicy.Statement).to.deep.equal([
      { Principal: { AWS: "arn:aws:iam::333333333333:role/existing" }, Action: "sts:AssumeRole", Effect: "Allow", Sid: "" },
      { Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole", Effect: "Allow", Sid: "" },
    ]);
    expect(first.buckets["app-assets"].policy!.Statement.some((s) => s.Effect === "Allow")).to.equal(false);
    // A role's permissions may name a role that does not exist: AWS does not check resources.
    expect(first.roles.mixed.policy).to.deep.equal(plan.roles.mixed.policy);
    expect(JSON.stringify(first.roles.mixed.policy)).to.contain(TOOLS_BUILDER);
  });

  it("a trust policy with no statement left lets no one assume the role; a bucket policy with none left is none", () => {
    expect(first.roles["only-tools"].trustPolicy).to.deep.equal({ Version: "2012-10-17", Statement: [NO_ONE_MAY_ASSUME] });
    expect(NO_ONE_MAY_ASSUME).to.deep.equal({ Effect: "Deny", Principal: { AWS: "*" }, Action: "sts:AssumeRole" });
    expect(first.buckets["only-builder"].policy).to.equal(null);
  });

  it("an Allow with NotPrincipal naming a pending role is left out: it would allow that role once it exists", () => {
    expect(first.roles.exceptions.trustPolicy.Statement).to.deep.equal([
      { Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole", Effect: "Allow", Sid: "" },
    ]);
  });

  it("a Deny names the pending role's account instead (more is denied, never less); a Deny with NotPrincipal loses the exception", () => {
    expect(first.buckets["app-assets"].policy!.Statement).to.deep.equal([
      {
        Sid: "",
        Effect: "Deny",
        Action: "s3:DeleteObject",
        Resource: ["arn:aws:s3:::app-assets", "arn:aws:s3:::app-assets/*"],
        Principal: { AWS: ["arn:aws:iam::333333333333:role/existing", TOOLS_ROOT] },
      },
      { Sid: "", Effect: "Deny", Action: "s3:PutObject", Resource: ["arn:aws:s3:::app-assets", "arn:aws:s3:::app-assets/*"], Principal: "*" },
    ]);
    expect(plan.buckets["app-assets"].policy!.Statement[2]).to.deep.include({ NotPrincipal: { AWS: TOOLS_BUILDER } });
  });

  it("key policies keep what is left; grants to or retirable by a pending role are left out", () => {
    expect(first.keys["app-data"].policy.Statement).to.deep.equal([plan.keys["app-data"].policy.Statement[0]]);
    expect(first.keys["app-data"].grants).to.deep.equal([plan.keys["app-data"].grants[2]]);
  });

  it("says what it changed, where, for which roles", () => {
    expect(changes).to.deep.equal([
      { document: "role exceptions trust policy", statement: 2, change: "statement left out", roles: [TOOLS_DEPLOYER] },
      { document: "role mixed trust policy", statement: 1, change: "principal left out", roles: [TOOLS_BUILDER, TOOLS_DEPLOYER] },
      { document: "role only-tools trust policy", statement: 1, change: "statement left out", roles: [TOOLS_BUILDER] },
      { document: "bucket app-assets policy", statement: 1, change: "statement left out", roles: [TOOLS_BUILDER] },
      { document: "bucket app-assets policy", statement: 2, change: "denied to the account", roles: [TOOLS_DEPLOYER] },
      { document: "bucket app-assets policy", statement: 3, change: "exception left out", roles: [TOOLS_BUILDER] },
      { document: "bucket only-builder policy", statement: 1, change: "statement left out", roles: [TOOLS_BUILDER] },
      { document: "key app-data policy", statement: 2, change: "statement left out", roles: [TOOLS_DEPLOYER] },
      { document: "key app-data grant 1", statement: null, change: "grant left out", roles: [TOOLS_BUILDER] },
      { document: "key app-data grant 2", statement: null, change: "grant left out", roles: [TOOLS_DEPLOYER] },
    ]);
  });

  it("leaves the compiled plan untouched", () => {
    expect(plan).to.deep.equal(appPlan());
  });
});

describe("roles of one account whose trust policies name each other in a cycle (a stack deployed in two passes)", () => {
  const A = "111111111111";
  const arn = (name: string) => `arn:aws:iam::${A}:role/${name}`;
  const rolesIn = (...lines: string[]) =>
    rolesInTrustCycles(planOf(compileIn(writeStacks({ accounts: `app: "${A}"\n`, files: { "app/roles.yaml": ["roles:", ...lines, ""].join("\n") } }), "app")));

  it("two roles that trust each other, three in a ring, and a role that trusts itself; not a role they merely trust, nor a chain", () => {
    expect(
      rolesIn(
        "  a: {allow_to_assume_me: {iam: role/b}}",
        "  b: {allow_to_assume_me: [{iam: role/a}, {iam: role/plain}]}",
        "  ring/one: {allow_to_assume_me: {iam: role/ring/two}}",
        "  ring/two: {allow_to_assume_me: {iam: role/ring/three}}",
        "  ring/three: {allow_to_assume_me: {iam: role/ring/one}}",
        "  selfish: {allow_to_assume_me: {iam: role/selfish}}",
        "  plain: {allow_to_assume_me: {service: ec2}}",
        "  chain-start: {allow_to_assume_me: {iam: role/chain-end}}",
        "  chain-end: {allow_to_assume_me: {iam: role/plain}}",
      ),
    ).to.deep.equal([arn("a"), arn("b"), arn("ring/one"), arn("ring/three"), arn("ring/two"), arn("selfish")]);
  });

  it("a cycle through a denied principal counts (AWS checks every principal); one through a permission policy's resource does not", () => {
    expect(
      rolesIn(
        "  a: {allow_to_assume_me: {service: ec2}, disallow_to_assume_me: {iam: role/b}}",
        "  b: {allow_to_assume_me: {iam: role/a}}",
        "  c: {allow_to_assume_me: {service: ec2}, allow_permission: {action: iam:PassRole, resource: {iam: role/d}}}",
        "  d: {allow_to_assume_me: {iam: role/c}}",
      ),
    ).to.deep.equal([arn("a"), arn("b")]);
  });

  it("a chain of 20,000 roles is walked without running out of stack", () => {
    const successors = (node: string) => (Number(node) < 19_999 ? [String(Number(node) + 1)] : ["0"]);
    const nodes = Array.from({ length: 20_000 }, (_, i) => String(i));
    expect(stronglyConnected(nodes, successors).map((members) => members.length)).to.deep.equal([20_000]);
  });
});
