import { expect } from "chai";
import { decodePolicyDocument } from "../../pulumi/role-removal";

describe("decodePolicyDocument", () => {
  const document = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:Get%2A", Resource: "*" }] };

  it("reads the URL-encoded JSON IAM returns", () => {
    expect(decodePolicyDocument(encodeURIComponent(JSON.stringify(document)))).to.deep.equal(document);
  });

  it("reads raw JSON as it is, even when it contains %", () => {
    expect(decodePolicyDocument(JSON.stringify(document))).to.deep.equal(document);
  });

  it("keeps text that is not JSON either way, so nothing is lost", () => {
    expect(decodePolicyDocument("%7Bnot json")).to.equal("%7Bnot json");
    expect(decodePolicyDocument("%E0%A4%A")).to.equal("%E0%A4%A");
  });
});
