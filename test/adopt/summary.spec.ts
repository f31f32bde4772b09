import { expect } from "chai";
import { hasErrors } from "../../adopt/import-plan";
import type { ImportPlan } from "../../adopt/import-plan";
import { formatSummary } from "../../adopt/summary";

const ACCOUNT = { name: "sandbox", id: "012345678901" };
const URN = (region: string) => `urn:pulumi:sandbox::iam-syncr::pulumi:providers:aws::${region}`;

const PLAN: ImportPlan = {
  imported: [
    { type: "aws:iam/role:Role", name: "web", source: "roles.web", id: "web" },
    { type: "aws:kms/key:Key", name: "app", source: "keys.app", id: "1234abcd" },
  ],
  created: [{ type: "aws:s3/bucket:Bucket", name: "logs", source: "buckets.logs" }],
  findings: [
    { kind: "untouched", source: "keys.app", message: "grant g1 of alias/app (…) is not in the YAML; the stack never touches it" },
    { kind: "change", source: "roles.web", message: 'inline policy "x" is not in the YAML; pulumi up deletes it (inline policies are exclusive)' },
  ],
  file: {
    nameTable: { "us-east-1": URN("us-east-1") },
    resources: [
      { type: "aws:iam/role:Role", name: "web", id: "web", provider: "us-east-1" },
      { type: "aws:kms/key:Key", name: "app", id: "1234abcd", provider: "us-east-1" },
    ],
  },
  providerUrns: [URN("eu-west-1"), URN("us-east-1")],
  alreadyInStack: 0,
};

describe("import-plan summary", () => {
  it("lists the imported and created resources, the findings by kind, and the commands to run next", () => {
    expect(formatSummary(PLAN, { account: ACCOUNT, out: "import.json" })).to.equal(
      [
        'import-plan for account sandbox (012345678901), Pulumi stack "sandbox":',
        "found in AWS, to import (2):",
        "  aws:iam/role:Role web (roles.web), id web",
        "  aws:kms/key:Key app (keys.app), id 1234abcd",
        "not in AWS: pulumi up creates them (1):",
        "  aws:s3/bucket:Bucket logs (buckets.logs)",
        "pulumi up changes these after the import (1):",
        '  roles.web: inline policy "x" is not in the YAML; pulumi up deletes it (inline policies are exclusive)',
        "left alone: not in the YAML, and the stack never touches them (1):",
        "  keys.app: grant g1 of alias/app (…) is not in the YAML; the stack never touches it",
        "wrote the import file (2 resources) to import.json",
        'next, in the Pulumi project with this stack selected (docs/migrating.md):',
        `  pulumi up --yes --target '${URN("eu-west-1")}' --target '${URN("us-east-1")}'`,
        "  pulumi import --file import.json --protect=false --generate-code=false --yes",
        "  pulumi preview --diff",
        "",
      ].join("\n"),
    );
    expect(hasErrors(PLAN)).to.equal(false);
  });

  it("when the file went to standard output, says so, and leaves the file name to the reader", () => {
    const text = formatSummary(PLAN, { account: ACCOUNT, out: null });
    expect(text).to.contain("wrote the import file (2 resources) to standard output\n");
    expect(text).to.contain("  pulumi import --file <the import file> --protect=false --generate-code=false --yes\n");
  });

  it("with errors: lists them last and says that nothing was written", () => {
    const plan: ImportPlan = {
      ...PLAN,
      findings: [...PLAN.findings, { kind: "error", source: "buckets.logs", message: 'bucket "logs" exists, but belongs to another AWS account' }],
    };
    expect(hasErrors(plan)).to.equal(true);
    expect(formatSummary(plan, { account: ACCOUNT, out: "import.json" }).split("\n").slice(-4)).to.deep.equal([
      "errors: the import cannot settle these (1):",
      '  buckets.logs: bucket "logs" exists, but belongs to another AWS account',
      "nothing was written: fix the errors (in the YAML or in the account), then run import-plan again",
      "",
    ]);
  });

  it("with nothing to import: no import step", () => {
    const plan: ImportPlan = { ...PLAN, imported: [], findings: [], file: { nameTable: {}, resources: [] } };
    expect(formatSummary(plan, { account: ACCOUNT, out: "import.json" })).to.equal(
      [
        'import-plan for account sandbox (012345678901), Pulumi stack "sandbox":',
        "not in AWS: pulumi up creates them (1):",
        "  aws:s3/bucket:Bucket logs (buckets.logs)",
        "wrote the import file (0 resources) to import.json",
        "nothing to import: pulumi preview --diff shows what pulumi up will create",
        "",
      ].join("\n"),
    );
  });

  it("for a stack that holds some resources already: says how many were left out, and asks for no provider step when it holds them all", () => {
    const plan: ImportPlan = { ...PLAN, alreadyInStack: 12, providerUrns: [] };
    const lines = formatSummary(plan, { account: ACCOUNT, out: "import.json" }).split("\n");
    expect(lines[1]).to.equal("already in the stack, so left out: 12 resources");
    expect(lines.slice(-4)).to.deep.equal([
      "next, in the Pulumi project with this stack selected (docs/migrating.md):",
      "  pulumi import --file import.json --protect=false --generate-code=false --yes",
      "  pulumi preview --diff",
      "",
    ]);
  });
});
