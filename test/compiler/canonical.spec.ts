/**
 * DIALECT.md §13: canonical JSON. The text (13.3) through compiler/canonical.ts's canonicalJson, compared with
 * what Python's `json.dumps(document, indent=2)` prints (the expected texts below were produced with
 * `python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin), indent=2), end="")'`), the document
 * shape (13.1), the key orders (13.2) and YAML types (13.3).
 */
import { expect } from "chai";
import * as fc from "fast-check";
import { canonicalJson, type Plan } from "../../compiler";
import { canonicalSizes, writeCanonicalJson } from "../../compiler/canonical";
import { compileIn, compileYaml, planOf, writeStacks } from "../support/stacks";
import { lines } from "../support/assertions";

const A = "012345678901";

function role(...body: string[]): string {
  return lines("roles:", "  web:", ...body.map((l) => `    ${l}`));
}
function keysOf(value: unknown): string[] {
  return Object.keys(value as object);
}

describe("§13 canonical JSON", () => {
  describe("13.3 canonicalJson text", () => {
    it("13.3 two-space indentation and no trailing newline", () => {
      const text = canonicalJson({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["a", "b"] }] });
      expect(text).to.equal(
        [
          "{",
          '  "Version": "2012-10-17",',
          '  "Statement": [',
          "    {",
          '      "Effect": "Allow",',
          '      "Action": [',
          '        "a",',
          '        "b"',
          "      ]",
          "    }",
          "  ]",
          "}",
        ].join("\n"),
      );
      expect(text.endsWith("\n")).to.equal(false);
    });

    it("13.3 characters above U+007F become lower-case \\uXXXX escapes", () => {
      expect(canonicalJson("É")).to.equal('"\\u00c9"');
      expect(canonicalJson("\u0080")).to.equal('"\\u0080"');
      expect(canonicalJson("€ and ÿ")).to.equal('"\\u20ac and \\u00ff"');
      expect(canonicalJson("\u2028\u2029")).to.equal('"\\u2028\\u2029"');
      expect(canonicalJson("\uFFFD")).to.equal('"\\ufffd"');
    });

    it("13.3 characters above U+FFFF become surrogate pair escapes", () => {
      expect(canonicalJson("😀")).to.equal('"\\ud83d\\ude00"');
      expect(canonicalJson({ "k\u{10FFFF}": "\u{1F1E6}" })).to.equal('{\n  "k\\udbff\\udfff": "\\ud83c\\udde6"\n}');
    });

    it("13.3 ASCII stays as written, with JSON's escapes for quotes, backslashes and control characters", () => {
      expect(canonicalJson('a/b "q" c\\d ~')).to.equal('"a/b \\"q\\" c\\\\d ~"');
      expect(canonicalJson("\u0000\b\f\n\r\t\u001f")).to.equal('"\\u0000\\b\\f\\n\\r\\t\\u001f"');
    });

    it("13.3 DEL (U+007F) is escaped as Python's json.dumps does", () => {
      // spec ambiguous: 13.3 says escapes are for characters "above U+007F" but also that the text is
      // byte-identical to json.dumps(document, indent=2), which escapes U+007F (\u007f); byte identity with
      // the original's output is what a user of the original expects.
      expect(canonicalJson({ a: "\u007f" })).to.equal('{\n  "a": "\\u007f"\n}');
    });

    it("13.3 empty lists and mappings are [] and {} as in Python", () => {
      expect(canonicalJson({ a: [], b: {}, c: [[]] })).to.equal('{\n  "a": [],\n  "b": {},\n  "c": [\n    []\n  ]\n}');
    });

    it("13.3 the text equals Python's json.dumps(document, indent=2) for a sample document", () => {
      const document = {
        Version: "2012-10-17",
        Statement: [
          {
            Condition: {
              StringEquals: { "aws:PrincipalTag/name": "Zoë Ünal €5 😀", "s3:prefix": ["a/b", "c\\d", 'say "hi"'] },
              Bool: { "aws:SecureTransport": true },
              NumericLessThan: { "s3:max-keys": 10 },
              Null: { "aws:TokenIssueTime": null },
            },
            Effect: "Allow",
            Action: [],
            Resource: {},
            Sid: "\u0080\u2028\u001f\t",
          },
        ],
      };
      const python = String.raw`{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Condition": {
        "StringEquals": {
          "aws:PrincipalTag/name": "Zo\u00eb \u00dcnal \u20ac5 \ud83d\ude00",
          "s3:prefix": [
            "a/b",
            "c\\d",
            "say \"hi\""
          ]
        },
        "Bool": {
          "aws:SecureTransport": true
        },
        "NumericLessThan": {
          "s3:max-keys": 10
        },
        "Null": {
          "aws:TokenIssueTime": null
        }
      },
      "Effect": "Allow",
      "Action": [],
      "Resource": {},
      "Sid": "\u0080\u2028\u001f\t"
    }
  ]
}`;
      expect(canonicalJson(document)).to.equal(python);
    });

    it("13.3 a compiled trust policy's canonical text equals Python's json.dumps of the same document", () => {
      const plan = planOf(compileYaml(role("allow_to_assume_me:", "  Condition: {StringEquals: {'aws:PrincipalTag/name': 'Zoë 😀'}}", "  service: ec2")));
      const python = String.raw`{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Condition": {
        "StringEquals": {
          "aws:PrincipalTag/name": "Zo\u00eb \ud83d\ude00"
        }
      },
      "Principal": {
        "Service": "ec2.amazonaws.com"
      },
      "Action": "sts:AssumeRole",
      "Effect": "Allow",
      "Sid": ""
    }
  ]
}`;
      expect(canonicalJson(plan.roles.web.trustPolicy)).to.equal(python);
    });
  });

  describe("13.1 documents", () => {
    it('13.1 every document is {"Version": "2012-10-17", "Statement": [...]} in that order, Statement always a list', () => {
      const plan = planOf(
        compileYaml(
          lines(
            "roles:",
            "  web:",
            "    allow_to_assume_me: {service: ec2}",
            "    allow_permission: {action: s3:GetObject, resource: '*'}",
            "buckets:",
            "  my-bucket:",
            "    allow_permission: {principal: {iam: root}, action: s3:GetObject, resource: {s3: __self__}}",
            "keys:",
            "  app: {description: k, location: us-east-1}",
          ),
        ),
      );
      for (const document of [plan.roles.web.trustPolicy, plan.roles.web.policy, plan.buckets["my-bucket"].policy, plan.keys.app.policy]) {
        expect(keysOf(document)).to.deep.equal(["Version", "Statement"]);
        expect(document!.Version).to.equal("2012-10-17");
        expect(Array.isArray(document!.Statement)).to.equal(true);
        expect(document!.Statement).to.have.length(1);
      }
    });
  });

  describe("13.2 key order", () => {
    it("13.2 trust: pass-through keys; Principal; Action; Effect; Sid", () => {
      const plan = planOf(compileYaml(role("allow_to_assume_me:", "  service: ec2", "  Condition: {Bool: {'aws:SecureTransport': true}}")));
      expect(keysOf(plan.roles.web.trustPolicy.Statement[0])).to.deep.equal(["Condition", "Principal", "Action", "Effect", "Sid"]);
    });

    it("13.2 trust (disallow): pass-through keys; NotPrincipal; Action; Effect; Sid", () => {
      const plan = planOf(compileYaml(role("allow_to_assume_me: {service: ec2}", "disallow_to_assume_me: {iam: root, account: live, Condition: {Bool: {'aws:SecureTransport': true}}}")));
      expect(keysOf(plan.roles.web.trustPolicy.Statement[1])).to.deep.equal(["Condition", "NotPrincipal", "Action", "Effect", "Sid"]);
    });

    it("13.2 trust: the federated Action comes after Principal, before Effect", () => {
      const plan = planOf(compileYaml(role("allow_to_assume_me: {federated: {iam: saml-provider/corp}}")));
      expect(keysOf(plan.roles.web.trustPolicy.Statement[0])).to.deep.equal(["Principal", "Action", "Effect", "Sid"]);
    });

    it("13.2 permission (role): pass-through; Effect; Action; NotAction…; Resource; NotResource, whatever the YAML order", () => {
      const plan = planOf(
        compileYaml(
          role(
            "allow_to_assume_me: {service: ec2}",
            "allow_permission:",
            "  - {resource: '*', action: s3:GetObject, Condition: {Bool: {'aws:SecureTransport': true}}}",
            "  - {notresource: 'arn:aws:s3:::x', notaction: s3:DeleteObject}",
          ),
        ),
      );
      expect(plan.roles.web.policy!.Statement.map(keysOf)).to.deep.equal([
        ["Condition", "Effect", "Action", "Resource"],
        ["Effect", "NotAction", "NotResource"],
      ]);
    });

    it("13.2 permission (bucket): Effect; Action; Resource; Principal; Action (federated) comes later; Sid last", () => {
      const plan = planOf(
        compileYaml(
          lines(
            "buckets:",
            "  my-bucket:",
            "    allow_permission:",
            "      - {principal: {service: s3}, resource: {s3: __self__}, action: s3:PutObject}",
            "      - {notprincipal: {iam: root}, notresource: {s3: __self__}, notaction: s3:PutObject}",
          ),
        ),
      );
      expect(plan.buckets["my-bucket"].policy!.Statement.map(keysOf)).to.deep.equal([
        ["Effect", "Action", "Resource", "Principal", "Sid"],
        ["Effect", "NotAction", "NotResource", "NotPrincipal", "Sid"],
      ]);
    });

    it("13.2 permission (bucket, federated without action): Effect; Resource; Principal; Action; Sid", () => {
      const plan = planOf(
        compileYaml(lines("buckets:", "  my-bucket:", "    allow_permission: {principal: {federated: {iam: saml-provider/corp}}, resource: {s3: __self__}}")),
      );
      expect(keysOf(plan.buckets["my-bucket"].policy!.Statement[0])).to.deep.equal(["Effect", "Resource", "Principal", "Action", "Sid"]);
    });

    it("13.2 key root and admin statements: Sid, Effect, Action, Resource, Principal", () => {
      const plan = planOf(compileYaml(lines("keys:", "  app:", "    description: k", "    location: us-east-1", "    admin_users: {iam: role/admin}")));
      expect(plan.keys.app.policy.Statement.map(keysOf)).to.deep.equal([
        ["Sid", "Effect", "Action", "Resource", "Principal"],
        ["Sid", "Effect", "Action", "Resource", "Principal"],
      ]);
    });

    it("13.2 inside a principal mapping: pass-through entries in input order, then Service, Federated, AWS by first addition", () => {
      const plan = planOf(
        compileYaml(
          role(
            "allow_to_assume_me:",
            "  Principal: {Federated: 'arn:aws:iam::111122223333:saml-provider/x', CanonicalUser: abc}",
            "  iam: root",
            "  service: ec2",
            "  federated: {iam: saml-provider/corp}",
          ),
        ),
      );
      const principal = plan.roles.web.trustPolicy.Statement[0].Principal;
      expect(keysOf(principal)).to.deep.equal(["Federated", "CanonicalUser", "Service", "AWS"]);
      expect(principal).to.deep.equal({
        Federated: [`arn:aws:iam::${A}:saml-provider/corp`, "arn:aws:iam::111122223333:saml-provider/x"],
        CanonicalUser: "abc",
        Service: "ec2.amazonaws.com",
        AWS: `arn:aws:iam::${A}:root`,
      });
    });
  });

  describe("13.3 YAML types are kept", () => {
    it("13.3 a Bool condition written true is the JSON true; written \"true\" it is a string", () => {
      const plan = planOf(
        compileYaml(
          role(
            "allow_to_assume_me: {service: ec2}",
            "allow_permission:",
            "  - {action: s3:GetObject, resource: '*', Condition: {Bool: {'aws:SecureTransport': true}}}",
            "  - {action: s3:PutObject, resource: '*', Condition: {Bool: {'aws:SecureTransport': \"true\"}}}",
          ),
        ),
      );
      const [first, second] = plan.roles.web.policy!.Statement;
      expect((first.Condition as { Bool: Record<string, unknown> }).Bool["aws:SecureTransport"]).to.equal(true);
      expect((second.Condition as { Bool: Record<string, unknown> }).Bool["aws:SecureTransport"]).to.equal("true");
      const text = canonicalJson(plan.roles.web.policy);
      expect(text).to.include('"aws:SecureTransport": true\n');
      expect(text).to.include('"aws:SecureTransport": "true"\n');
    });

    it("13.3 numbers stay numbers, quoted numbers stay strings, null stays null; yes and dates are strings (YAML 1.2)", () => {
      const plan = planOf(
        compileYaml(
          role(
            "allow_to_assume_me: {service: ec2}",
            "allow_permission:",
            "  action: s3:ListBucket",
            "  resource: '*'",
            "  Condition:",
            "    NumericLessThanEquals: {'s3:max-keys': 10, 'aws:MultiFactorAuthAge': '3600'}",
            "    'Null': {'aws:TokenIssueTime': null}",
            "    StringEquals: {'aws:PrincipalTag/flag': yes, 'aws:PrincipalTag/day': 2024-01-31}",
          ),
        ),
      );
      expect(plan.roles.web.policy!.Statement[0].Condition).to.deep.equal({
        NumericLessThanEquals: { "s3:max-keys": 10, "aws:MultiFactorAuthAge": "3600" },
        Null: { "aws:TokenIssueTime": null },
        StringEquals: { "aws:PrincipalTag/flag": "yes", "aws:PrincipalTag/day": "2024-01-31" },
      });
    });
  });

  describe("13.4 determinism", () => {
    it("13.4 the same files give byte-identical documents, whatever order they were written to disk in", () => {
      const files = {
        "sandbox/b.yaml": lines("roles:", "  b:", "    allow_to_assume_me: {service: [lambda, ec2]}", "    allow_permission: {action: [s3:Put*, s3:Get*], resource: {s3: x}}"),
        "sandbox/a.yaml": lines("buckets:", "  bkt-one:", "    allow_permission: {principal: [{iam: root, account: live}, {service: s3}], action: s3:*, resource: {s3: __self__}}"),
      };
      const reversed = Object.fromEntries(Object.entries(files).reverse());
      const texts = [files, reversed].map((f) => {
        const plan: Plan = planOf(compileIn(writeStacks({ files: f })));
        return canonicalJson([plan.roles, plan.buckets, plan.keys]);
      });
      expect(texts[0]).to.equal(texts[1]);
    });
  });
});

describe("writeCanonicalJson: the canonical text in pieces (what `iam-syncr compile` writes)", () => {
  const streamed = (value: unknown, depth?: number): { text: string; pieces: string[] } => {
    const pieces: string[] = [];
    writeCanonicalJson(value, (piece) => pieces.push(piece), depth);
    return { text: pieces.join(""), pieces };
  };

  it("equals canonicalJson for any JSON value, at any splitting depth (fast-check, fixed seed)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 4 }), (value, depth) => {
        expect(streamed(value, depth).text).to.equal(canonicalJson(value));
      }),
      { seed: 20261206, numRuns: 400 },
    );
  });

  it("escapes above U+007E in every piece and leaves out what JSON.stringify leaves out", () => {
    const value = { "ключ": ["é", undefined, "😀"], skipped: undefined, nested: { deeper: { "\u007f": "\u00e9" } }, empty: {}, none: [] };
    expect(streamed(value, 3).text).to.equal(canonicalJson(value));
    expect(streamed(value, 3).text).to.match(/^[\x00-\x7e]*$/);
  });

  it("escapes DEL in a piece that has no other character to escape (DEL is one byte in UTF-8, as ASCII is)", () => {
    expect(streamed({ roles: { web: { description: "a\u007fb" } } }).text).to.equal('{\n  "roles": {\n    "web": {\n      "description": "a\\u007fb"\n    }\n  }\n}');
  });

  it("writes a large plan in pieces of about 64 KiB, never the whole text at once", () => {
    const roles: Record<string, unknown> = {};
    for (let i = 0; i < 2000; i++) roles[`role-${i}`] = { name: `role-${i}`, description: `caf\u00e9 ${"x".repeat(50)}`, trustPolicy: { Version: "2012-10-17", Statement: [{ Action: "sts:AssumeRole" }] } };
    const plan = { format: "iam-syncr/plan@1", roles, warnings: [] };
    const { text, pieces } = streamed(plan);
    expect(text).to.equal(canonicalJson(plan));
    expect(pieces.length).to.be.above(5);
    expect(Math.max(...pieces.map((p) => p.length))).to.be.below(80 * 1024);
  });
});

describe("writeCanonicalJson: members written in batches", () => {
  it("a member named __proto__, empty members, members without JSON form, arrays of arrays", () => {
    const roles = JSON.parse('{"__proto__": {"name": "x"}, "constructor": {"tags": {}}, "a": {"list": [[], [1, [2]]]}}');
    const value = { roles, none: {}, skipped: undefined, items: [undefined, () => 1, { "é": "ü" }], deep: { a: { b: { c: [1] } } } };
    for (const depth of [0, 1, 2, 3, 5]) {
      const pieces: string[] = [];
      writeCanonicalJson(value, (piece) => pieces.push(piece), depth);
      expect(pieces.join(""), `depth ${depth}`).to.equal(canonicalJson(value));
    }
  });
});

describe("canonicalSizes: the sizes of the canonical text, without building it (what the size limits of 11.6 measure)", () => {
  const textSizes = (value: unknown) => {
    const text = canonicalJson(value);
    return { iam: text.replace(/[ \n]/g, "").length, length: text.length };
  };
  /** Strings with what changes a string's size: escapes of JSON and of 13.3, spaces, lone surrogates. */
  const tricky = fc.string({
    unit: fc.oneof(
      { weight: 4, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }) },
      { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
      { weight: 1, arbitrary: fc.constantFrom(" ", '"', "\\", "\t", "\n", "\u0000", "\u007f", "é", "\u2028", "\ud800", "\udfff", "\u{1f600}") },
    ),
    maxLength: 12,
  });

  it("equals the canonical text's length, and its characters other than white space, for any JSON value (fast-check, fixed seed)", () => {
    const value = fc.letrec((tie) => ({
      any: fc.oneof(
        { depthSize: "small" },
        tricky,
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie("any"), { maxLength: 4 }),
        fc.dictionary(tricky, tie("any"), { maxKeys: 4 }),
      ),
    })).any;
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalSizes(v)).to.deep.equal(textSizes(v));
      }),
      { seed: 20261206, numRuns: 1000 },
    );
  });

  it("leaves out what JSON.stringify leaves out, and measures a policy document as IAM and S3 count it", () => {
    const value = { skipped: undefined, items: [undefined, () => 1, Symbol("s")], "ключ": "caf\u00e9 au lait", n: [NaN, -0, 1e21] };
    expect(canonicalSizes(value)).to.deep.equal(textSizes(value));
    const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::b/a key" }] };
    // IAM: the compact JSON's 117 characters less the space inside the ARN; its canonical text has 179.
    expect(canonicalSizes(policy)).to.deep.equal({ iam: 116, length: 179 });
  });
});
