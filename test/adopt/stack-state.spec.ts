import { expect } from "chai";
import { StackStateError, stackUrnsOf } from "../../adopt/stack-state";

describe("the stack state import-plan reads (pulumi stack export)", () => {
  it("gives the URN of every resource recorded", () => {
    const exported = {
      version: 3,
      deployment: {
        manifest: { time: "2026-12-06T00:00:00Z" },
        resources: [
          { urn: "urn:pulumi:sandbox::iam-syncr::pulumi:pulumi:Stack::iam-syncr-sandbox", type: "pulumi:pulumi:Stack" },
          { urn: "urn:pulumi:sandbox::iam-syncr::aws:iam/role:Role::web", type: "aws:iam/role:Role", id: "web" },
        ],
      },
    };
    expect([...stackUrnsOf(JSON.stringify(exported), "state.json")]).to.deep.equal([
      "urn:pulumi:sandbox::iam-syncr::pulumi:pulumi:Stack::iam-syncr-sandbox",
      "urn:pulumi:sandbox::iam-syncr::aws:iam/role:Role::web",
    ]);
  });

  it("a new stack exports no resources at all", () => {
    expect(stackUrnsOf(JSON.stringify({ version: 3, deployment: { manifest: {} } }), "state.json").size).to.equal(0);
  });

  it("anything else is an error that names the file", () => {
    expect(() => stackUrnsOf("{not json", "state.json")).to.throw(StackStateError, /^state\.json is not JSON \(.*\); give the output of pulumi stack export$/);
    expect(() => stackUrnsOf(JSON.stringify({ deployment: { resources: [{ type: "x" }] } }), "s.json")).to.throw(
      StackStateError,
      "s.json is not the output of pulumi stack export: deployment.resources must be a list of resources with a urn",
    );
  });
});
