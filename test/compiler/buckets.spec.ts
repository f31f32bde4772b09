/**
 * DIALECT.md §7: bucket definitions, bucket names, bucket policies and the bucket policy size limit.
 */
import { expect } from "chai";
import type { PolicyDocument } from "../../compiler";
import { compileYaml, planOf } from "../support/stacks";
import { errors, expectExact, lines } from "../support/assertions";

const A = "012345678901";

/** A file with one bucket `name`; body line n is file line n + 2, indented by 4. */
function bucket(name: string, ...body: string[]): string {
  return lines("buckets:", `  ${JSON.stringify(name)}:`, ...body.map((l) => `    ${l}`));
}
/** 13.3 for an ASCII-only document: JSON.stringify with 2 spaces (no character above U+007F to escape). */
function canonicalAscii(document: unknown): string {
  return JSON.stringify(document, null, 2);
}

const READ_STATEMENT = ["allow_permission:", "  principal: {iam: root}", "  action: s3:GetObject", "  resource: {s3: __self__}"];
const READ_DOCUMENT: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"],
      Principal: { AWS: `arn:aws:iam::${A}:root` },
      Sid: "",
    },
  ],
};

describe("§7 buckets", () => {
  describe("7.1 definition", () => {
    it("7.1 location defaults to ap-southeast-2; no statements means no policy; no tags means {}", () => {
      const plan = planOf(compileYaml(lines("buckets:", "  my-bucket: {}")));
      expect(plan.buckets).to.deep.equal({ "my-bucket": { location: "ap-southeast-2", policy: null, tags: {} } });
    });

    it("7.1 an empty statement list is no policy", () => {
      const plan = planOf(compileYaml(bucket("my-bucket", "allow_permission: []")));
      expect(plan.buckets["my-bucket"].policy).to.equal(null);
    });

    it("7.1 location, tags and the policy are taken from the definition", () => {
      const plan = planOf(compileYaml(bucket("my-bucket", "location: us-east-1", "tags: {team: web, cost-centre: '42'}", ...READ_STATEMENT)));
      expect(plan.buckets["my-bucket"]).to.deep.equal({ location: "us-east-1", policy: READ_DOCUMENT, tags: { "cost-centre": "42", team: "web" } });
    });

    it("7.1 a location that is not a region is an error", () => {
      const d = errors(compileYaml(bucket("my-bucket", "location: Sydney")));
      expect(d.map((x) => [x.file, x.line, x.column, x.path])).to.deep.equal([["sandbox/roles.yaml", 3, 15, "buckets.my-bucket.location"]]);
    });

    it("7.1 an unknown key is an error with suggestion (tag -> tags)", () => {
      const found = errors(compileYaml(bucket("my-bucket", "tag: {team: web}")));
      expect(found.map((d) => [d.file, d.line, d.column, d.path])).to.deep.equal([["sandbox/roles.yaml", 3, 5, "buckets.my-bucket.tag"]]);
      expect(found[0].message).to.include('"tag"').and.to.include('did you mean "tags"?');
    });

    it("7.1 an unknown key is an error with suggestion (locaton -> location)", () => {
      const found = errors(compileYaml(bucket("my-bucket", "locaton: us-east-1")));
      expect(found.map((d) => d.path)).to.deep.equal(["buckets.my-bucket.locaton"]);
      expect(found[0].message).to.include('did you mean "location"?');
    });

    it("3.1/7.1 use in a bucket is an unknown key", () => {
      const found = errors(compileYaml(lines("templates:", "  base: {description: x}", "buckets:", "  my-bucket:", "    use: base")));
      expect(found.map((d) => [d.line, d.path])).to.deep.equal([[5, "buckets.my-bucket.use"]]);
      expect(found[0].message).to.include('"use"');
    });

    it("7.1/4.11 a tag value that is not a string is an error; the path quotes a bucket name with dots (11.1)", () => {
      const found = errors(compileYaml(bucket("assets.example.com", "tags: {cost: 42}")));
      expect(found).to.have.length(1);
      expect(found[0]).to.include({ file: "sandbox/roles.yaml", line: 3 });
      expect(found[0].path).to.match(/^buckets\["assets\.example\.com"\]\.tags/);
    });
  });

  describe("7.2 bucket names", () => {
    const invalid: [string, string][] = [
      ["ab", "shorter than 3 characters"],
      ["a".repeat(64), "longer than 63 characters"],
      ["My-bucket", "an upper-case letter"],
      ["my_bucket", "an underscore"],
      ["-bucket", "starting with a hyphen"],
      [".bucket", "starting with a dot"],
      ["bucket-", "ending with a hyphen"],
      ["bucket.", "ending with a dot"],
      ["my..bucket", "two adjacent dots"],
      ["192.168.5.4", "shaped like an IP address"],
      ["xn--bucket", 'starting with "xn--"'],
      ["sthree-bucket", 'starting with "sthree-"'],
      ["amzn-s3-demo-bucket", 'starting with "amzn-s3-demo-"'],
      ["bucket-s3alias", 'ending with "-s3alias"'],
      ["bucket--ol-s3", 'ending with "--ol-s3"'],
      ["bucket.mrap", 'ending with ".mrap"'],
      ["bucket--x-s3", 'ending with "--x-s3"'],
    ];
    for (const [name, why] of invalid) {
      it(`7.2 "${name.length > 20 ? `${name.slice(0, 8)}…(${name.length})` : name}" is an error: ${why}`, () => {
        const found = errors(compileYaml(bucket(name, "location: us-east-1")));
        expect(found).to.have.length(1);
        expect(found[0]).to.include({ code: "E7001", file: "sandbox/roles.yaml", line: 2 });
        expect(found[0].message).to.include(`"${name}"`);
      });
    }

    const valid = ["abc", "a".repeat(63), "my.bucket-1", "1bucket", "192.168.5", "xn-bucket", "sthree", "bucket-s3", "bucket.mrap2", "0.0.0.0a"];
    for (const name of valid) {
      it(`7.2 "${name.length > 20 ? `${name.slice(0, 8)}…(${name.length})` : name}" is a valid bucket name`, () => {
        const plan = planOf(compileYaml(bucket(name, "location: us-east-1")));
        expect(Object.keys(plan.buckets)).to.deep.equal([name]);
      });
    }
  });

  describe("7.3 bucket policy", () => {
    it("7.3 a statement gets Sid \"\" and {s3: __self__} is the bucket's own ARNs", () => {
      const plan = planOf(compileYaml(bucket("my-bucket", ...READ_STATEMENT)));
      expectExact(plan.buckets["my-bucket"].policy, READ_DOCUMENT);
    });

    it("7.3 statements in order: permission, allow_permission, deny_permission, each in list order", () => {
      const plan = planOf(
        compileYaml(
          bucket(
            "my-bucket",
            "deny_permission: {principal: '*', action: s3:DeleteBucket, resource: {s3: __self__}}",
            "allow_permission: [{principal: '*', action: s3:GetObject, resource: {s3: __self__}}, {principal: '*', action: s3:ListBucket, resource: {s3: __self__}}]",
            "permission: {allow: false, principal: '*', action: s3:PutObject, resource: {s3: __self__}}",
          ),
        ),
      );
      expect(plan.buckets["my-bucket"].policy!.Statement.map((s) => [s.Effect, s.Action])).to.deep.equal([
        ["Deny", "s3:PutObject"],
        ["Allow", "s3:GetObject"],
        ["Allow", "s3:ListBucket"],
        ["Deny", "s3:DeleteBucket"],
      ]);
    });

    it("7.3 a principal is required", () => {
      const found = errors(compileYaml(bucket("my-bucket", "allow_permission:", "  action: s3:GetObject", "  resource: {s3: __self__}")));
      expect(found.map((d) => [d.code, d.file, d.line, d.path])).to.deep.equal([["E5206", "sandbox/roles.yaml", 4, "buckets.my-bucket.allow_permission"]]);
    });

    it("7.3 {iam: __self__} is an error in a bucket policy", () => {
      const found = errors(compileYaml(bucket("my-bucket", "allow_permission:", "  principal: {iam: __self__}", "  action: s3:GetObject", "  resource: {s3: __self__}")));
      expect(found).to.have.length(1);
      expect(found[0]).to.include({ code: "E6005", file: "sandbox/roles.yaml", line: 4 });
      expect(found[0].path).to.match(/^buckets\.my-bucket\.allow_permission\.principal/);
    });

    describe("7.3 size limit: 20,480 bytes of canonical text", () => {
      /** A bucket whose policy has one statement with a Resource of `pad` after the bucket ARN. */
      function sized(pad: string) {
        const resource = `arn:aws:s3:::my-bucket/${pad}`;
        const yaml = bucket("my-bucket", "allow_permission:", "  principal: {iam: root}", "  action: s3:GetObject", `  resource: "${resource}"`);
        const document = {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: resource, Principal: { AWS: `arn:aws:iam::${A}:root` }, Sid: "" }],
        };
        return { yaml, document };
      }
      const base = canonicalAscii(sized("").document).length;

      it("7.3 a policy of exactly 20,480 bytes passes", () => {
        const { yaml, document } = sized("a".repeat(20480 - base));
        expect(canonicalAscii(document).length).to.equal(20480);
        const plan = planOf(compileYaml(yaml));
        expect(plan.buckets["my-bucket"].policy).to.deep.equal(document);
        expect(canonicalAscii(plan.buckets["my-bucket"].policy)).to.have.length(20480);
      });

      it("7.3 a policy of 20,481 bytes is an error naming the bucket", () => {
        const { yaml, document } = sized("a".repeat(20481 - base));
        expect(canonicalAscii(document).length).to.equal(20481);
        const found = errors(compileYaml(yaml));
        expect(found).to.have.length(1);
        expect(found[0]).to.include({ code: "E9101", file: "sandbox/roles.yaml", line: 2, path: "buckets.my-bucket" });
        expect(found[0].message).to.match(/bucket policy/).and.to.match(/20,?481/).and.to.match(/20,?480/);
      });

      it("7.3/13.3 a non-ASCII character counts as its \\uXXXX escape (6 bytes), not as its UTF-8 encoding", () => {
        // 20,481 bytes of canonical text with "é" escaped as \u00e9; only 20,477 if "é" were counted as its two UTF-8 bytes.
        const { yaml } = sized(`${"a".repeat(20481 - base - 6)}é`);
        const found = errors(compileYaml(yaml));
        expect(found.map((d) => d.code)).to.deep.equal(["E9101"]);
        const { yaml: fits } = sized(`${"a".repeat(20480 - base - 6)}é`);
        expect(planOf(compileYaml(fits)).buckets["my-bucket"].policy!.Statement[0].Resource).to.equal(`arn:aws:s3:::my-bucket/${"a".repeat(20480 - base - 6)}é`);
      });
    });
  });
});
