/**
 * The bundled example and partner stacks under the real engine: what `pulumi preview` plans, what `pulumi up`
 * leaves in the accounts, that a second preview finds nothing to do, what `pulumi stack output` shows, that
 * credentials of another account and a YAML error change nothing, and what `pulumi destroy` leaves behind.
 *
 * The proxy adds the AWS behaviour moto lacks: a role named as a principal must exist (in any account), and a
 * new role takes a second before it can be named. So the partner stack goes first (the example account's trust,
 * bucket and key policies name partner roles), as it must in AWS.
 */
import { CreateRoleCommand, ListRolesCommand } from "@aws-sdk/client-iam";
import { ListAliasesCommand, ListKeysCommand } from "@aws-sdk/client-kms";
import { ListBucketsCommand } from "@aws-sdk/client-s3";
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { declareResources } from "../../pulumi/declarations";
import { expectedContents, keyIdOf, readAccount, readBucket, readKey, readRole } from "./support/account-contents";
import { iamPropagationDelay, principalsMustExist } from "./support/aws-behaviours";
import { createCustomerPolicies, STEP_TIMEOUT_MS, useEngine } from "./support/engine-suite";
import { displayType, operationLines, resourceSummary } from "./support/preview-text";
import { declaredUrns, planOf } from "./support/stack-plan";

const EXAMPLE = { stack: "example", account: "123456789012", region: "ap-southeast-2" };
const PARTNER = { stack: "partner", account: "098765432101", region: "eu-west-1" };

describe("engine: the example and partner stacks", function () {
  this.timeout(STEP_TIMEOUT_MS);
  const engine = useEngine();
  const contentsOf = (account: string) => readAccount((region) => engine.clients(account, region), planOf(engine.workspace, ...stackOf(account)));
  const stackOf = (account: string): [string, string] => (account === EXAMPLE.account ? [EXAMPLE.stack, EXAMPLE.region] : [PARTNER.stack, PARTNER.region]);

  before(async function () {
    this.timeout(STEP_TIMEOUT_MS);
    // What the example account already holds: the customer managed policies its roles attach, and the role
    // "release" that web's trust policy names without declaring it.
    const example = engine.clients(EXAMPLE.account);
    await createCustomerPolicies(example, ["ci-artifacts", "ci-boundary"]);
    await example.iam.send(
      new CreateRoleCommand({
        RoleName: "release",
        AssumeRolePolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "codebuild.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
      }),
    );
    engine.proxy.use(principalsMustExist((account) => engine.clients(account).iam));
    engine.proxy.use(iamPropagationDelay(1_000));
    for (const { stack, region } of [PARTNER, EXAMPLE]) await engine.workspace.initStack(stack, { region });
  });

  it("pulumi preview lists a create for every resource the program declares, and changes nothing", async () => {
    for (const { stack, region, account } of [PARTNER, EXAMPLE]) {
      const plan = planOf(engine.workspace, stack, region);
      const json = await engine.workspace.pulumi(["preview", "--json", "--stack", stack]);
      const steps = (JSON.parse(json.stdout) as { steps: { op: string; urn: string }[] }).steps;
      expect(steps.map((s) => `${s.op} ${s.urn}`).sort()).to.deep.equal(declaredUrns(stack, plan).map((urn) => `create ${urn}`).sort());

      const text = await engine.workspace.pulumi(["preview", "--stack", stack]);
      const declarations = declareResources(plan);
      expect(operationLines(text.output).sort()).to.deep.equal(declarations.map((d) => `create ${displayType(d.type)} ${d.name}`).sort());
      expect(resourceSummary(text.output)).to.deep.equal([`+ ${declarations.length + 1} to create`]);
      expect(await contentsOf(account)).to.deep.equal({ roles: {}, buckets: {}, keys: {} });
    }
  });

  it("pulumi up creates them; every document in the accounts is the plan's", async () => {
    for (const { stack, account } of [PARTNER, EXAMPLE]) {
      const up = await engine.workspace.pulumi(["up", "--yes", "--stack", stack]);
      expect(up.output).to.not.match(/error|warning/i);
      const [, region] = stackOf(account);
      expect(await contentsOf(account)).to.deep.equal(expectedContents(planOf(engine.workspace, stack, region)));
    }
  });

  it("pulumi preview --expect-no-changes passes for both stacks", async () => {
    for (const { stack } of [PARTNER, EXAMPLE]) {
      const preview = await engine.workspace.pulumi(["preview", "--expect-no-changes", "--diff", "--stack", stack]);
      expect(operationLines(preview.output)).to.deep.equal([]);
    }
  });

  it("pulumi stack output --json shows what docs/pulumi.md documents", async () => {
    // Role ARNs by full name, instance profile names, bucket names, key ARNs and aliases, removed roles.
    for (const { stack, region, account } of [EXAMPLE, PARTNER]) {
      const plan = planOf(engine.workspace, stack, region);
      const roles = Object.entries(plan.roles);
      const keyArns: Record<string, string> = {};
      for (const [alias, key] of Object.entries(plan.keys)) {
        keyArns[alias] = `arn:aws:kms:${key.location}:${account}:key/${await keyIdOf(engine.clients(account, key.location), alias)}`;
      }
      expect(await engine.workspace.stackOutputs(stack), stack).to.deep.equal({
        bucketNames: Object.keys(plan.buckets),
        instanceProfileNames: Object.fromEntries(roles.filter(([, role]) => role.instanceProfile).map(([fullName, role]) => [fullName, role.name])),
        keyAliases: Object.fromEntries(Object.keys(plan.keys).map((alias) => [alias, `alias/${alias}`])),
        keyArns,
        removedRoles: Object.fromEntries(plan.removedRoles.map((leaf) => [leaf, { status: "absent", removals: [] }])),
        roleArns: Object.fromEntries(roles.map(([fullName, role]) => [fullName, `arn:aws:iam::${account}:role${role.path}${role.name}`])),
      });
    }
    // The example account's, written out once, as a reader of docs/pulumi.md would expect them.
    const example = await engine.workspace.stackOutputs(EXAMPLE.stack);
    expect((example.roleArns as Record<string, string>)["ops/ci/runner"]).to.equal("arn:aws:iam::123456789012:role/ops/ci/runner");
    expect((example.roleArns as Record<string, string>).reporting).to.equal("arn:aws:iam::123456789012:role/analytics/reporting");
    expect(example.instanceProfileNames).to.deep.equal({ web: "web" });
    expect(example.keyAliases).to.deep.equal({ "app-data": "alias/app-data" });
    expect(example.removedRoles).to.deep.include({ "legacy-web": { status: "absent", removals: [] } });
  });

  it("with credentials for another account, pulumi preview and up fail before any change", async () => {
    const before = { example: await contentsOf(EXAMPLE.account), partner: await contentsOf(PARTNER.account) };
    // A change that an update would make, in both stacks, so that "nothing changed" means something.
    const edits = [path.join("example", "roles.yaml"), path.join("partner", "roles.yaml")].map((file) => {
      const full = path.join(engine.workspace.stacksDir, file);
      const original = fs.readFileSync(full, "utf8");
      fs.writeFileSync(full, original.replace(/description: (.*)\n/, "description: $1, edited\n"));
      return () => fs.writeFileSync(full, original);
    });
    try {
      // Every AWS provider refuses (allowedAccountIds, checked with STS), and so does the provider of
      // remove_roles (it checks the account with STS itself); whichever the engine reaches first refuses.
      const refusal = (account: string) => [`AWS account ID not allowed: ${account}`, `the AWS credentials belong to account ${account}`];
      const refusals = [
        { stack: PARTNER.stack, accountId: EXAMPLE.account, refusal: refusal(EXAMPLE.account) },
        { stack: EXAMPLE.stack, accountId: PARTNER.account, refusal: refusal(PARTNER.account) },
      ];
      for (const { stack, accountId, refusal } of refusals) {
        for (const command of [["preview"], ["up", "--yes"]]) {
          engine.proxy.clearCalls();
          const run = await engine.workspace.pulumi([...command, "--stack", stack], { accountId, allowFailure: true });
          expect(run.code, run.output).to.not.equal(0);
          expect(refusal.some((text) => run.output.includes(text)), run.output).to.equal(true);
          const changing = engine.proxy.recordedCalls().filter((call) => !/:(Get|List|Describe|GET|HEAD)/.test(call));
          expect(changing, `${stack} ${command.join(" ")}`).to.deep.equal([]);
        }
      }
    } finally {
      for (const restore of edits) restore();
    }
    expect({ example: await contentsOf(EXAMPLE.account), partner: await contentsOf(PARTNER.account) }).to.deep.equal(before);
  });

  it("a YAML error: pulumi preview fails with the one-line diagnostics and changes nothing", async () => {
    const before = await contentsOf(EXAMPLE.account);
    const file = path.join(engine.workspace.stacksDir, "example", "broken.yaml");
    fs.writeFileSync(file, "roles:\n  web2:\n    allow_to_asume_me: {service: ec2}\n");
    try {
      engine.proxy.clearCalls();
      const preview = await engine.workspace.pulumi(["preview", "--stack", EXAMPLE.stack], { allowFailure: true });
      expect(preview.code).to.not.equal(0);
      // The CLI's one-line diagnostics (file:line:column, severity, YAML path, message), then the count.
      expect(preview.output).to.include(
        [
          "Diagnostics:",
          "  pulumi:pulumi:Stack (iam-syncr-example):",
          '    error: The YAML of stack "example" does not compile, so nothing was declared and nothing will change:',
          "    stacks/example/broken.yaml:2:3: warning: roles.web2: role has no trust statement, so it trusts ec2.amazonaws.com",
          '    stacks/example/broken.yaml:3:5: error: roles.web2.allow_to_asume_me: unknown key "allow_to_asume_me"; did you mean "allow_to_assume_me"?',
          "    1 error, 1 warning",
          "",
        ].join("\n"),
      );
      expect(preview.output).to.not.match(/\n\s+at /);
      expect(engine.proxy.recordedCalls().filter((call) => !/:(Get|List|Describe|GET|HEAD)/.test(call))).to.deep.equal([]);
    } finally {
      fs.rmSync(file);
    }
    expect(await contentsOf(EXAMPLE.account)).to.deep.equal(before);
  });

  it("pulumi destroy deletes the roles; buckets, keys and aliases stay in the account", async () => {
    const keysBefore = await readKey(engine.clients(EXAMPLE.account, EXAMPLE.region), "app-data");
    await engine.workspace.pulumi(["destroy", "--yes", "--stack", EXAMPLE.stack]);
    const example = engine.clients(EXAMPLE.account);
    const plan = planOf(engine.workspace, EXAMPLE.stack, EXAMPLE.region);
    for (const role of Object.values(plan.roles)) expect(await readRole(example, role.name), role.name).to.equal(null);
    // Only the role the account had before the stack.
    const remaining = (await example.iam.send(new ListRolesCommand({}))).Roles?.map((r) => r.RoleName);
    expect(remaining).to.deep.equal(["release"]);
    expect((await example.s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name).sort()).to.deep.equal(Object.keys(plan.buckets).sort());
    // The bucket policy is deleted (access is declarative); the bucket keeps its tags.
    expect(await readBucket(example, "example-web-assets")).to.deep.equal({ region: "ap-southeast-2", policy: null, tags: { "cost-centre": "4711", team: "web" } });
    const kms = engine.clients(EXAMPLE.account, EXAMPLE.region).kms;
    expect((await kms.send(new ListKeysCommand({}))).Keys?.length).to.be.greaterThan(0);
    const aliases = (await kms.send(new ListAliasesCommand({}))).Aliases?.filter((a) => !a.AliasName?.startsWith("alias/aws/"));
    expect(aliases?.map((a) => a.AliasName)).to.deep.equal(["alias/app-data"]);
    // The key keeps its policy; its grants are gone (revoked).
    const after = await readKey(engine.clients(EXAMPLE.account, EXAMPLE.region), "app-data");
    expect(after).to.deep.equal({ ...keysBefore, grants: [] });
  });
});
