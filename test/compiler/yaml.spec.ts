/**
 * DIALECT.md 1.4: how every file (account files and accounts.yaml) is read as YAML.
 */
import { expect } from "chai";
import type { Diagnostic } from "../../compiler";
import { compileIn, compileYaml, errorsOf, oneLine, planOf, writeStacks } from "../support/stacks";

const lines = (diagnostics: Diagnostic[]) => diagnostics.map(oneLine);

/** The Condition of web's only trust statement, for a role whose Condition values are `values` (YAML text). */
function conditionValues(values: string): unknown {
  const yaml = `roles:\n  web:\n    allow_to_assume_me:\n      service: ec2\n      Condition:\n        StringEquals:\n${values
    .split("\n")
    .map((l) => `          ${l}`)
    .join("\n")}\n`;
  const plan = planOf(compileYaml(yaml));
  return (plan.roles.web.trustPolicy.Statement[0].Condition as Record<string, unknown>).StringEquals;
}

describe("DIALECT.md 1.4 YAML reading", () => {
  describe("1.4.1 YAML 1.2 core schema", () => {
    it("1.4.1 yes, no, on, off (any case), y and n stay strings", () => {
      expect(conditionValues("a: yes\nb: no\nc: on\nd: off\ne: Yes\nf: NO\ng: On\nh: OFF\ni: y\nj: n")).to.deep.equal({
        a: "yes",
        b: "no",
        c: "on",
        d: "off",
        e: "Yes",
        f: "NO",
        g: "On",
        h: "OFF",
        i: "y",
        j: "n",
      });
    });

    it("1.4.1 dates and timestamps stay strings", () => {
      expect(conditionValues("a: 2024-01-31\nb: 2001-12-14t21:59:43.10-05:00\nc: 2001-12-14 21:59:43.10 -5")).to.deep.equal({
        a: "2024-01-31",
        b: "2001-12-14t21:59:43.10-05:00",
        c: "2001-12-14 21:59:43.10 -5",
      });
    });

    it("1.4.1 012 is the integer 12; 0o17 and 0x1F are core-schema integers", () => {
      expect(conditionValues("a: 012\nb: 0o17\nc: 0x1F\nd: +12\ne: 0012000")).to.deep.equal({ a: 12, b: 15, c: 31, d: 12, e: 12000 });
    });

    it("1.4.1 YAML 1.1-only number forms stay strings (0b binary, sexagesimal, underscores)", () => {
      expect(conditionValues("a: 0b101\nb: 1:30\nc: 1_000\nd: 1_000.5")).to.deep.equal({ a: "0b101", b: "1:30", c: "1_000", d: "1_000.5" });
    });

    it("1.4.1 true/false and null in their core-schema spellings are booleans and null", () => {
      expect(conditionValues("a: true\nb: False\nc: TRUE\nd: null\ne: ~\nf: Null\ng:")).to.deep.equal({
        a: true,
        b: false,
        c: true,
        d: null,
        e: null,
        f: null,
        g: null,
      });
    });

    it("1.4.1 floats are numbers: 1.5, 1e3, .5", () => {
      expect(conditionValues("a: 1.5\nb: 1e3\nc: .5")).to.deep.equal({ a: 1.5, b: 1000, c: 0.5 });
    });

    it("1.4.4 core-schema tags are allowed: !!str 12 is a string, !!int \"7\" a number", () => {
      expect(conditionValues('a: !!str 12\nb: !!int "7"\nc: !!str yes\nd: !!bool "true"')).to.deep.equal({ a: "12", b: 7, c: "yes", d: true });
    });
  });

  describe("1.4.2 one document, a mapping", () => {
    it("1.4.2 an explicit '---' start and '...' end of one document are fine", () => {
      const plan = planOf(compileYaml("---\nroles:\n  web: {allow_to_assume_me: {service: ec2}}\n...\n"));
      expect(Object.keys(plan.roles)).to.deep.equal(["web"]);
    });

    it("1.4.2 a second document is an error pointing at it", () => {
      const [d, ...rest] = errorsOf(compileYaml("roles:\n  web: {allow_to_assume_me: {service: ec2}}\n---\nroles:\n  x: {}\n"));
      expect(rest).to.deep.equal([]);
      expect(d.code).to.equal("E1004");
      expect(d.file).to.equal("sandbox/roles.yaml");
      // spec silent: 11.1 leaves out only unknown parts; where the second document starts is known.
      expect([d.line, d.column]).to.deep.equal([3, 1]);
    });

    it("1.4.2 an empty file is an error", () => {
      expect(lines(errorsOf(compileYaml("")))).to.deep.equal([
        "sandbox/roles.yaml::: error: : the file is empty; expected a mapping of top-level keys [E1005]",
      ]);
    });

    it("1.4.2 a file of only comments, blank lines, directives and document markers is empty", () => {
      for (const text of ["# nothing yet\n\n", "  # indented\r\n\t\n", "%YAML 1.2\n--- # start\n# nothing\n...\n", "---\n"]) {
        expect(lines(errorsOf(compileYaml(text))), JSON.stringify(text)).to.deep.equal([
          "sandbox/roles.yaml::: error: : the file is empty; expected a mapping of top-level keys [E1005]",
        ]);
      }
    });

    it("1.4.2 a document written as null is named as null, not as an empty file", () => {
      for (const text of ["~\n", "# a comment\nnull\n", "--- ~\n"]) {
        expect(lines(errorsOf(compileYaml(text))).map((line) => line.replace(/:\d+:\d+:/, ":L:C:")), JSON.stringify(text)).to.deep.equal([
          "sandbox/roles.yaml:L:C: error: : the document is null; expected a mapping of top-level keys [E1006]",
        ]);
      }
    });

    it("1.4.2 a list document is an error naming the type found", () => {
      expect(lines(errorsOf(compileYaml("- roles\n- buckets\n")))).to.deep.equal([
        "sandbox/roles.yaml:1:1: error: : the document is a list; expected a mapping of top-level keys [E1006]",
      ]);
    });

    it("1.4.2 a scalar document is an error naming the type found", () => {
      expect(lines(errorsOf(compileYaml("hello\n")))).to.deep.equal([
        'sandbox/roles.yaml:1:1: error: : the document is the string "hello"; expected a mapping of top-level keys [E1006]',
      ]);
      expect(lines(errorsOf(compileYaml("42\n")))).to.deep.equal([
        "sandbox/roles.yaml:1:1: error: : the document is the number 42; expected a mapping of top-level keys [E1006]",
      ]);
    });

    it("1.4.2 a null document is an error naming null", () => {
      expect(lines(errorsOf(compileYaml("null\n")))).to.deep.equal([
        "sandbox/roles.yaml:1:1: error: : the document is null; expected a mapping of top-level keys [E1006]",
      ]);
    });
  });

  describe("1.4.3 duplicate keys", () => {
    it("1.4.3 a key repeated in one mapping is an error at the repetition, naming the key", () => {
      const [d, ...rest] = errorsOf(compileYaml("roles:\n  web: {allow_to_assume_me: {service: ec2}}\n  web: {}\n"));
      expect(rest).to.deep.equal([]);
      expect([d.code, d.file, d.line, d.column]).to.deep.equal(["E1004", "sandbox/roles.yaml", 3, 3]);
      // 11.3: messages name the offending value.
      expect(d.message).to.contain("web");
    });

    it("1.4.3 a repeated key deep inside a statement is an error too", () => {
      const yaml = "roles:\n  web:\n    allow_to_assume_me:\n      service: ec2\n      service: lambda\n";
      const [d] = errorsOf(compileYaml(yaml));
      expect([d.code, d.line, d.column]).to.deep.equal(["E1004", 5, 7]);
    });

    it("1.4.3 the same key in two different mappings is not a repetition", () => {
      const yaml = "roles:\n  a: {description: x, allow_to_assume_me: {service: ec2}}\n  b: {description: y, allow_to_assume_me: {service: ec2}}\n";
      expect(compileYaml(yaml).ok).to.equal(true);
    });

    it("1.4.3 a duplicate key in accounts.yaml is an error in accounts.yaml", () => {
      const root = writeStacks({
        accounts: 'sandbox: "012345678901"\nsandbox: "012345678901"\n',
        files: { "sandbox/roles.yaml": "roles:\n  web: {allow_to_assume_me: {service: ec2}}\n" },
      });
      const [d] = errorsOf(compileIn(root));
      expect([d.code, d.file, d.line, d.column]).to.deep.equal(["E1004", "accounts.yaml", 2, 1]);
    });
  });

  describe("1.4.4 anchors, aliases, merge keys, tags", () => {
    it("1.4.4 an alias repeats an anchored value", () => {
      const yaml = [
        "roles:",
        "  a:",
        "    allow_to_assume_me: &trust {service: ec2}",
        "    allow_permission: &perms",
        "      - {action: 's3:GetObject', resource: '*'}",
        "  b:",
        "    allow_to_assume_me: *trust",
        "    allow_permission: *perms",
        "",
      ].join("\n");
      const plan = planOf(compileYaml(yaml));
      expect(plan.roles.b.trustPolicy).to.deep.equal(plan.roles.a.trustPolicy);
      expect(plan.roles.b.policy).to.deep.equal({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
      });
    });

    it("1.4.4 a merge key (<<) brings in an anchored mapping; explicit keys win over merged ones", () => {
      const yaml = [
        "roles:",
        "  a: &base",
        "    description: from a",
        "    allow_to_assume_me: {service: ec2}",
        "  b:",
        "    <<: *base",
        "    description: from b",
        "",
      ].join("\n");
      const plan = planOf(compileYaml(yaml));
      expect(plan.roles.b.description).to.equal("from b");
      expect(plan.roles.b.trustPolicy).to.deep.equal(plan.roles.a.trustPolicy);
    });

    it("1.4.4 a merge key takes a list of mappings", () => {
      const yaml = [
        "templates:",
        "  x:",
        "    tags: &t1 {team: a}",
        "roles:",
        "  web:",
        "    allow_to_assume_me: {service: ec2}",
        "    tags:",
        "      <<: [*t1, {env: prod}]",
        "",
      ].join("\n");
      expect(planOf(compileYaml(yaml)).roles.web.tags).to.deep.equal({ env: "prod", team: "a" });
    });

    for (const [tag, value] of [
      ["!!binary", "aGVsbG8="],
      ["!!timestamp", "2001-12-14"],
      ["!!set", "{a, b}"],
      ["!!python/object:os.system", "x"],
      ["!custom", "x"],
    ]) {
      it(`1.4.4 the explicit non-core tag ${tag} is an error on its line`, () => {
        const yaml = `roles:\n  web:\n    description: ${tag} ${value}\n    allow_to_assume_me: {service: ec2}\n`;
        const [d, ...rest] = errorsOf(compileYaml(yaml));
        expect(rest).to.deep.equal([]);
        expect(d.code).to.equal("E1004");
        expect(d.file).to.equal("sandbox/roles.yaml");
        expect(d.message).to.contain(tag.replace(/^!+/, "").split(":")[0]);
        expect(d.line).to.equal(3);
      });
    }

    it("1.4.4 / 11.1 the error for a non-core tag points at the tag, not past the end of the line", () => {
      const [d] = errorsOf(compileYaml("roles:\n  web:\n    description: !!binary aGVsbG8=\n    allow_to_assume_me: {service: ec2}\n"));
      expect([d.code, d.line, d.column]).to.deep.equal(["E1004", 3, 18]);
    });
  });

  describe("1.4.5 keys must be strings", () => {
    it("1.4.5 keys that parse as a number, boolean or null are errors at the key", () => {
      const yaml = "roles:\n  web:\n    allow_to_assume_me: {service: ec2}\n    tags:\n      1: x\n      true: y\n      null: z\n      1.5: w\n";
      expect(
        errorsOf(compileYaml(yaml)).map((d) => [d.code, d.line, d.column, d.message]),
      ).to.deep.equal([
        ["E1007", 5, 7, 'mapping key 1 is a number; keys must be strings (write "1" to quote it)'],
        ["E1007", 6, 7, 'mapping key true is a boolean; keys must be strings (write "true" to quote it)'],
        ["E1007", 7, 7, 'mapping key null is null; keys must be strings (write "null" to quote it)'],
        ["E1007", 8, 7, 'mapping key 1.5 is a number; keys must be strings (write "1.5" to quote it)'],
      ]);
    });

    it("1.4.5 quoted keys and keys that only look similar are strings", () => {
      const yaml = "roles:\n  web:\n    allow_to_assume_me: {service: ec2}\n    tags:\n      '1': x\n      \"true\": y\n      yes: z\n      1a: w\n";
      expect(planOf(compileYaml(yaml)).roles.web.tags).to.deep.equal({ "1": "x", "1a": "w", true: "y", yes: "z" });
    });

    it("1.4.5 a top-level key that is a number is an error", () => {
      const [d] = errorsOf(compileYaml("1: x\nroles:\n  web: {allow_to_assume_me: {service: ec2}}\n"));
      expect([d.code, d.line, d.column]).to.deep.equal(["E1007", 1, 1]);
    });

    it("1.4.5 a list or a mapping used as a key is an error at the key, naming the mapping it is in (never [object Object])", () => {
      const yaml = "roles:\n  web:\n    allow_to_assume_me: {service: ec2}\n    tags:\n      ? [a]\n      : y\n  ? {a: b}\n  : {allow_to_assume_me: {service: ec2}}\n";
      expect(lines(errorsOf(compileYaml(yaml)))).to.deep.equal([
        "sandbox/roles.yaml:5:9: error: roles.web.tags: a list is used as a mapping key; keys must be strings [E1018]",
        "sandbox/roles.yaml:7:5: error: roles: a mapping is used as a mapping key; keys must be strings [E1018]",
      ]);
    });
  });

  describe("1.4.5 keys that are lists or mappings, whatever comments and placeholders surround them", () => {
    it("a mapping used as a key in flow style, on a line with a comment, is still an error", () => {
      const yaml = "# {a: b}: in a comment is not code\nroles:\n  web:\n    allow_to_assume_me: {service: ec2}\n    tags: {{a: b}: y}  # and here\n";
      expect(lines(errorsOf(compileYaml(yaml)))).to.deep.equal([
        "sandbox/roles.yaml:5:12: error: roles.web.tags: a mapping is used as a mapping key; keys must be strings [E1018]",
      ]);
    });

    it("a key with a {{placeholder}} and a comment with }: are plain keys (nothing reported)", () => {
      const yaml = "# see {s3: __self__}: the bucket itself\nroles:\n  web:\n    allow_to_assume_me: {service: ec2}\n    tags:\n      x-{{y}}: z\n";
      expect(planOf(compileYaml(yaml)).roles.web.tags).to.deep.equal({ "x-{{y}}": "z" });
    });
  });

  describe("1.4.5 syntax errors with line and column", () => {
    it("1.4.5 bad indentation points at the offending line and column", () => {
      const yaml = "roles:\n  web:\n    description: x\n   tags: {}\n";
      expect(lines(errorsOf(compileYaml(yaml)))).to.deep.equal([
        "sandbox/roles.yaml:4:4: error: : YAML: bad indentation of a mapping entry [E1004]",
      ]);
    });

    it("1.4.5 an unclosed flow collection points at where it breaks", () => {
      expect(lines(errorsOf(compileYaml("roles:\n  web: {description: [a, b}\n")))).to.deep.equal([
        "sandbox/roles.yaml:2:27: error: : YAML: missed comma between flow collection entries [E1004]",
      ]);
    });

    it("1.4.5 a tab used for indentation is an error at that line", () => {
      expect(lines(errorsOf(compileYaml("roles:\n\tweb: {}\n")))).to.deep.equal([
        "sandbox/roles.yaml:2:1: error: : YAML: tab characters must not be used in indentation [E1004]",
      ]);
    });

    it("1.4.5 a tab inside a quoted value is not a syntax error (it is just a character)", () => {
      const plan = planOf(compileYaml('roles:\n  web:\n    allow_to_assume_me: {service: ec2, Condition: {StringEquals: {k: "a\tb"}}}\n'));
      expect((plan.roles.web.trustPolicy.Statement[0].Condition as { StringEquals: unknown }).StringEquals).to.deep.equal({ k: "a\tb" });
    });

    it("11.2 the YAML errors of several files are all reported in one run, and nothing else", () => {
      const root = writeStacks({
        files: {
          "sandbox/a.yaml": "roles:\n\tweb: {}\n",
          "sandbox/b/c.yml": "- x\n",
        },
      });
      expect(lines(errorsOf(compileIn(root)))).to.deep.equal([
        "sandbox/a.yaml:2:1: error: : YAML: tab characters must not be used in indentation [E1004]",
        "sandbox/b/c.yml:1:1: error: : the document is a list; expected a mapping of top-level keys [E1006]",
      ]);
    });

    it("1.4 accounts.yaml is read by the same rules: a tab is a syntax error there", () => {
      const root = writeStacks({ accounts: 'sandbox:\t"012345678901"\nlive:\n\t- x\n', files: { "sandbox/r.yaml": "roles: {}\n" } });
      const [d] = errorsOf(compileIn(root));
      expect([d.code, d.file, d.line]).to.deep.equal(["E1004", "accounts.yaml", 3]);
    });
  });
});
