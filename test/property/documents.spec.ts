/**
 * Property tests: every document of a compiled plan is in canonical form (DIALECT.md 13: its text is what the
 * reference serialiser of 13.3 writes) and within the size limits (11.6), and what the Pulumi program declares
 * from the plan carries exactly those texts. Key order at every level: key-order.spec.ts; each limit on both
 * sides of its boundary: size-limits.spec.ts.
 */
import { expect } from "chai";
import fc from "fast-check";
import { canonicalJson, formatDiagnostic, type Plan, type PolicyDocument } from "../../compiler";
import { declareResources, ResourceType } from "../../pulumi/declarations";
import { bulkyConfigurations, configurations } from "./generators";
import { compileConfiguration, shuffledFiles } from "./layout";
import { referenceJson } from "./reference-json";
import { runs } from "./settings";

interface Limit {
  what: string;
  /** IAM counts characters other than white space; S3 and KMS count UTF-8 bytes. */
  unit: "characters" | "bytes";
  limit: number;
}

const TRUST: Limit = { what: "trust policy", unit: "characters", limit: 4096 };
const INLINE: Limit = { what: "inline policy", unit: "characters", limit: 10240 };
const BUCKET: Limit = { what: "bucket policy", unit: "bytes", limit: 20480 };
const KEY: Limit = { what: "key policy", unit: "bytes", limit: 32768 };
const ANY_DOCUMENT = 131072;

/** Every document of a plan with the limit it must meet. */
function documentsOf(plan: Plan): { name: string; document: PolicyDocument; limit: Limit }[] {
  return [
    ...Object.entries(plan.roles).flatMap(([name, role]) => [
      { name: `roles.${name} trust`, document: role.trustPolicy, limit: TRUST },
      ...(role.policy === null ? [] : [{ name: `roles.${name} inline`, document: role.policy, limit: INLINE }]),
    ]),
    ...Object.entries(plan.buckets).flatMap(([name, bucket]) => (bucket.policy === null ? [] : [{ name: `buckets.${name}`, document: bucket.policy, limit: BUCKET }])),
    ...Object.entries(plan.keys).map(([name, key]) => ({ name: `keys.${name}`, document: key.policy, limit: KEY })),
  ];
}

/** The size as 11.6 defines it, measured here independently of compiler/limits.ts. */
function sizeOf(text: string, unit: Limit["unit"]): number {
  return unit === "bytes" ? Buffer.byteLength(text, "utf8") : text.replace(/[ \t\n\r]/g, "").length;
}

function checkDocument(name: string, document: PolicyDocument, limit: Limit): void {
  const text = canonicalJson(document);
  expect(text, `${name} is the reference text of 13.3`).to.equal(referenceJson(document));
  expect(Object.keys(document), `${name} has Version then Statement`).to.deep.equal(["Version", "Statement"]);
  expect(document.Version).to.equal("2012-10-17");
  expect(Array.isArray(document.Statement) && document.Statement.length > 0, `${name} has statements`).to.equal(true);
  expect(/^[\x00-\x7e]*$/.test(text), `${name} is ASCII (13.3)`).to.equal(true);
  expect(text.length, `${name} within any document's limit`).to.be.at.most(ANY_DOCUMENT);
  expect(sizeOf(text, limit.unit), `${name} within the ${limit.what} limit`).to.be.at.most(limit.limit);
}

/** What the program registers carries exactly the reference texts of the plan's documents, kind by kind. */
function checkDeclarations(plan: Plan): void {
  const declarations = declareResources(plan);
  const declared = (type: string, input: "assumeRolePolicy" | "policy") =>
    declarations
      .filter((d) => d.type === type)
      .map((d) => (d.inputs as unknown as Record<string, unknown>)[input])
      .sort();
  const reference = (documents: (PolicyDocument | null)[]) => documents.flatMap((d) => (d === null ? [] : [referenceJson(d)])).sort();
  const roles = Object.values(plan.roles);
  expect(declared(ResourceType.role, "assumeRolePolicy"), "trust policies").to.deep.equal(reference(roles.map((r) => r.trustPolicy)));
  expect(declared(ResourceType.rolePolicy, "policy"), "inline policies").to.deep.equal(reference(roles.map((r) => r.policy)));
  expect(declared(ResourceType.bucketPolicy, "policy"), "bucket policies").to.deep.equal(reference(Object.values(plan.buckets).map((b) => b.policy)));
  expect(declared(ResourceType.key, "policy"), "key policies").to.deep.equal(reference(Object.values(plan.keys).map((k) => k.policy)));
}

describe("property: documents", function () {
  this.timeout(60_000);

  it("are valid canonical JSON, ASCII, within their size limits, and declared as such", () => {
    fc.assert(
      fc.property(configurations, fc.integer({ min: 1, max: 2 ** 31 - 1 }), (config, seed) => {
        const result = compileConfiguration(config, shuffledFiles(config, seed));
        if (!result.ok) throw new Error(result.diagnostics.map(formatDiagnostic).join("\n"));
        for (const { name, document, limit } of documentsOf(result.plan)) checkDocument(name, document, limit);
        checkDeclarations(result.plan);
      }),
      runs(80),
    );
  });

  it("around the inline policy limit: within it the plan is made, above it the only errors are its size", () => {
    let below = 0;
    let above = 0;
    fc.assert(
      fc.property(bulkyConfigurations, (config) => {
        const files = shuffledFiles(config, 1);
        const result = compileConfiguration(config, files);
        if (result.ok) {
          below++;
          for (const { name, document, limit } of documentsOf(result.plan)) checkDocument(name, document, limit);
          return;
        }
        above++;
        const errors = result.diagnostics.filter((d) => d.severity === "error");
        expect(errors.map((d) => d.code)).to.deep.equal(["E9101"]);
        const [error] = errors;
        // One file holds the role (a single definition): the error names it.
        expect(error.file).to.equal(Object.keys(files).find((f) => f !== "accounts.yaml"));
        const reported = /^inline policy is ([\d,]+) characters, limit 10,240/.exec(error.message);
        expect(reported, error.message).to.not.equal(null);
        expect(Number(reported![1].replace(/,/g, ""))).to.be.above(INLINE.limit);
      }),
      runs(60),
    );
    // Both sides of the limit must have been exercised, or the property says nothing.
    expect(below, "configurations under the limit").to.be.above(5);
    expect(above, "configurations over the limit").to.be.above(5);
  });
});
