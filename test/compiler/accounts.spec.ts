/**
 * DIALECT.md 1.5 (accounts.yaml) and 1.6 (account references).
 */
import { expect } from "chai";
import type { Diagnostic } from "../../compiler";
import { compileIn, errorsOf, oneLine, planOf, writeStacks } from "../support/stacks";

const ROLE = "roles:\n  web: {allow_to_assume_me: {service: ec2}}\n";
const KNOWN = "known accounts: live (210987654321), sandbox (012345678901), shared (098765432101)";

/** Compiles `sandbox` with the given accounts.yaml. */
function withAccounts(accounts: string, account = "sandbox") {
  return compileIn(writeStacks({ accounts, files: { [`${account}/roles.yaml`]: ROLE } }), account);
}

/** Code, file, line, column and message of each diagnostic (the YAML path is checked on its own below). */
const brief = (diagnostics: Diagnostic[]) => diagnostics.map((d) => [d.code, d.file, d.line, d.column, d.message]);

/** The AWS principal of web's trust statement `{iam: root, account: <value>}`, or the diagnostics. */
function principalFor(accountYaml: string) {
  const yaml = `roles:\n  web:\n    allow_to_assume_me:\n      iam: root\n      account: ${accountYaml}\n`;
  const result = compileIn(writeStacks({ files: { "sandbox/r.yaml": yaml } }));
  return result.ok ? (result.plan.roles.web.trustPolicy.Statement[0].Principal as { AWS: unknown }).AWS : result.diagnostics.map(oneLine);
}

describe("DIALECT.md 1.5 accounts.yaml", () => {
  describe("1.5.2 ids", () => {
    it("1.5.2 a quoted 12-digit id is kept as written", () => {
      expect(planOf(withAccounts('sandbox: "012345678901"\n')).account).to.deep.equal({ name: "sandbox", id: "012345678901" });
    });

    it("1.5.3 an unquoted integer is padded with 0 to 12 digits: shared: 98765432101 gives 098765432101", () => {
      expect(planOf(withAccounts("shared: 98765432101\n", "shared")).account).to.deep.equal({ name: "shared", id: "098765432101" });
    });

    it("1.5.2 an unquoted id written with its leading zero keeps it (012345678901 reads as 12345678901)", () => {
      expect(planOf(withAccounts("sandbox: 012345678901\n")).account.id).to.equal("012345678901");
    });

    it("1.5.2 the integer 0 is 000000000000", () => {
      expect(planOf(withAccounts("sandbox: 0\n")).account.id).to.equal("000000000000");
    });

    it("1.5.2 a float is an error naming the entry", () => {
      expect(brief(errorsOf(withAccounts('sandbox: "012345678901"\nx: 1.5\n')))).to.deep.equal([
        ["E1014", "accounts.yaml", 2, 4, 'account "x" has an invalid id 1.5: an account id cannot be a fractional number'],
      ]);
    });

    it("1.5.2 a float with an integral value (123456789012.0) is still a float: error", () => {
      const [d] = errorsOf(withAccounts('sandbox: "012345678901"\nx: 123456789012.0\n'));
      expect([d.code, d.line, d.column]).to.deep.equal(["E1014", 2, 4]);
      expect(d.message).to.match(/^account "x" has an invalid id /);
    });

    it("1.5.2 a float written with an exponent is found beside comments that hold digits and dots", () => {
      const [d] = errorsOf(withAccounts('# ids are 12 digits, e.g. 012345678901.\nsandbox: "012345678901"\nx: 1.23456789012e11  # 123456789012.\n'));
      expect([d.code, d.line, d.column]).to.deep.equal(["E1014", 3, 4]);
      expect(d.message).to.equal('account "x" has an invalid id 123456789012: an account id cannot be a fractional number');
    });

    it("1.5.2 a negative number is an error naming the entry", () => {
      expect(brief(errorsOf(withAccounts('sandbox: "012345678901"\nx: -1\n')))).to.deep.equal([
        ["E1014", "accounts.yaml", 2, 4, 'account "x" has an invalid id -1: an account id cannot be negative'],
      ]);
    });

    it("1.5.2 an integer of more than 12 digits is an error", () => {
      expect(brief(errorsOf(withAccounts('sandbox: "012345678901"\nx: 1234567890123\n')))).to.deep.equal([
        ["E1014", "accounts.yaml", 2, 4, 'account "x" has an invalid id 1234567890123: an account id has 12 digits, this number has 13'],
      ]);
    });

    it("1.5.2 a string of 11 digits is not padded: error", () => {
      expect(brief(errorsOf(withAccounts('sandbox: "012345678901"\nx: "98765432101"\n')))).to.deep.equal([
        ["E1014", "accounts.yaml", 2, 4, 'account "x" has an invalid id "98765432101": an account id is exactly 12 digits, this string has 11 characters'],
      ]);
    });

    it("1.5.2 a string of 13 digits is an error", () => {
      const [d] = errorsOf(withAccounts('sandbox: "012345678901"\nx: "0123456789012"\n'));
      expect([d.code, d.line, d.column]).to.deep.equal(["E1014", 2, 4]);
    });

    it("1.5.2 12 characters that are not all ASCII digits are an error (letters, full-width digits)", () => {
      const diagnostics = errorsOf(withAccounts('sandbox: "012345678901"\nx: "12345678901a"\ny: "０１２３４５６７８９０１"\n'));
      expect(diagnostics.map((d) => [d.code, d.line, d.message.slice(0, 23)])).to.deep.equal([
        ["E1014", 2, 'account "x" has an inva'],
        ["E1014", 3, 'account "y" has an inva'],
      ]);
    });

    it("1.5.2 a boolean, null or a list is an error naming the entry; a mapping is the form of 1.5.4, whose id is required", () => {
      const diagnostics = errorsOf(withAccounts('sandbox: "012345678901"\na: true\nb: null\nc: [1]\nd: {e: 1}\n'));
      expect(diagnostics.map((d) => [d.code, d.line, d.column, d.path, d.message])).to.deep.equal([
        ["E1014", 2, 4, "a", 'account "a" has an invalid id true: expected 12 digits, found the boolean true'],
        ["E1014", 3, 4, "b", 'account "b" has an invalid id null: expected 12 digits, found null'],
        ["E1014", 4, 4, "c", 'account "c" has an invalid id [1]: expected 12 digits, found a list'],
        ["E0004", 5, 1, "d", 'missing required key "id"'],
        ["E0001", 5, 5, "d.e", 'unknown key "e"; did you mean "id"?'],
      ]);
    });

    it("11.1 a diagnostic about an accounts.yaml entry has the entry's name as its YAML path", () => {
      const [d] = errorsOf(withAccounts('sandbox: "012345678901"\nx: -1\n'));
      expect(oneLine(d)).to.equal('accounts.yaml:2:4: error: x: account "x" has an invalid id -1: an account id cannot be negative [E1014]');
    });

    it("1.5.3 several names may share one id", () => {
      const root = writeStacks({ accounts: 'sandbox: "012345678901"\nplayground: "012345678901"\n', files: { "playground/r.yaml": ROLE } });
      expect(planOf(compileIn(root, "playground")).account).to.deep.equal({ name: "playground", id: "012345678901" });
    });
  });

  describe("1.5.1 names", () => {
    it("1.5.1 names of A-Z a-z 0-9 _ . - are valid", () => {
      const root = writeStacks({ accounts: 'sandbox: "012345678901"\nOps_2.eu-west: "111111111111"\n', files: { "Ops_2.eu-west/r.yaml": ROLE } });
      expect(planOf(compileIn(root, "Ops_2.eu-west")).account).to.deep.equal({ name: "Ops_2.eu-west", id: "111111111111" });
    });

    it("1.5.1 an empty name, or one with other characters, is an error", () => {
      const diagnostics = errorsOf(withAccounts('sandbox: "012345678901"\n"": "111111111111"\nbad name: "222222222222"\nteam/x: "333333333333"\n'));
      expect(brief(diagnostics)).to.deep.equal([
        ["E1013", "accounts.yaml", 2, 1, 'account name "" must be a non-empty string of A-Z a-z 0-9 _ . -'],
        ["E1013", "accounts.yaml", 3, 1, 'account name "bad name" must be a non-empty string of A-Z a-z 0-9 _ . -'],
        ["E1013", "accounts.yaml", 4, 1, 'account name "team/x" must be a non-empty string of A-Z a-z 0-9 _ . -'],
      ]);
    });

    it("1.5.1 a name of 12 digits is an error", () => {
      expect(brief(errorsOf(withAccounts('sandbox: "012345678901"\n"123456789012": "111111111111"\n')))).to.deep.equal([
        ["E1013", "accounts.yaml", 2, 1, 'account name "123456789012" is 12 digits, which would read as an account id; choose a name'],
      ]);
    });

    it("1.4.5 an unquoted numeric name is a key that is not a string: error", () => {
      const [d] = errorsOf(withAccounts('sandbox: "012345678901"\n123: "111111111111"\n'));
      expect([d.code, d.file, d.line, d.column]).to.deep.equal(["E1007", "accounts.yaml", 2, 1]);
    });
  });

  describe("1.5 the file as a whole", () => {
    it("1.5 an empty mapping is an error", () => {
      expect(errorsOf(withAccounts("{}\n")).map(oneLine)).to.deep.equal([
        "accounts.yaml::: error: : accounts.yaml must map at least one account name to its 12-digit id [E1012]",
      ]);
    });

    it("1.4.2 an empty accounts.yaml is an error", () => {
      expect(errorsOf(withAccounts("")).map(oneLine)).to.deep.equal([
        "accounts.yaml::: error: : the file is empty; expected a mapping of account names to 12-digit account ids [E1005]",
      ]);
    });

    it("1.4.2 a list is an error naming the type found", () => {
      expect(errorsOf(withAccounts("- sandbox\n")).map(oneLine)).to.deep.equal([
        "accounts.yaml:1:1: error: : the document is a list; expected a mapping of account names to 12-digit account ids [E1006]",
      ]);
    });

    it("11.2 every invalid entry is reported in one run", () => {
      const diagnostics = errorsOf(withAccounts('sandbox: "012345678901"\na: -1\n"": "111111111111"\nb: "1"\n'));
      expect(diagnostics.map((d) => [d.code, d.line])).to.deep.equal([
        ["E1014", 2],
        ["E1013", 3],
        ["E1014", 4],
      ]);
    });
  });
});

describe("DIALECT.md 1.5.4 accounts.yaml entries as mappings: id, groups, limits", () => {
  it("1.5.4 a mapping entry with id and groups compiles like name: id", () => {
    const accounts = 'sandbox: {id: "012345678901", groups: [dev, eu]}\nlive: {id: 210987654321, groups: [prod, eu], limits: {trust_policy_size: 4096}}\n';
    expect(planOf(withAccounts(accounts)).account).to.deep.equal({ name: "sandbox", id: "012345678901" });
    expect(planOf(withAccounts(accounts, "live")).account).to.deep.equal({ name: "live", id: "210987654321" });
  });

  it("1.5.4 an unknown key is an error with suggestion among id, groups and limits", () => {
    const result = withAccounts('sandbox: {id: "012345678901", group: [dev]}\n');
    expect(errorsOf(result).map(oneLine)).to.deep.equal(['accounts.yaml:1:31: error: sandbox.group: unknown key "group"; did you mean "groups"? [E0001]']);
  });

  it("1.5.4 group names use the character set of account names; groups must be a list", () => {
    const result = withAccounts('sandbox: {id: "012345678901", groups: [dev, "*", "a b", 5]}\nlive: {id: "210987654321", groups: prod}\n');
    expect(errorsOf(result).map(oneLine)).to.deep.equal([
      'accounts.yaml:1:45: error: sandbox.groups[1]: group name "*" must be a non-empty string of A-Z a-z 0-9 _ . - [E1019]',
      'accounts.yaml:1:50: error: sandbox.groups[2]: group name "a b" must be a non-empty string of A-Z a-z 0-9 _ . - [E1019]',
      "accounts.yaml:1:57: error: sandbox.groups[3]: group name 5 must be a non-empty string of A-Z a-z 0-9 _ . - [E1019]",
      "accounts.yaml:2:36: error: live.groups: expected a list of group names, found the string \"prod\" [E0002]",
    ]);
  });

  it("1.5.4 a group name that is also an account name is an error", () => {
    const result = withAccounts('sandbox: {id: "012345678901", groups: [dev, live]}\nlive: "210987654321"\n');
    expect(errorsOf(result).map(oneLine)).to.deep.equal([
      'accounts.yaml:1:45: error: sandbox.groups[1]: group "live" of account "sandbox" is also the name of an account; a name in accounts or except_accounts must mean one thing [E1020]',
    ]);
  });
});

describe("DIALECT.md 1.6 account references", () => {
  it("1.6 absent resolves to A", () => {
    const plan = planOf(compileIn(writeStacks({ files: { "sandbox/r.yaml": "roles:\n  web: {allow_to_assume_me: {iam: root}}\n" } })));
    expect((plan.roles.web.trustPolicy.Statement[0].Principal as { AWS: unknown }).AWS).to.equal("arn:aws:iam::012345678901:root");
  });

  it("1.6 null resolves to A", () => {
    expect(principalFor("null")).to.equal("arn:aws:iam::012345678901:root");
  });

  it('1.6 "" resolves to A', () => {
    expect(principalFor('""')).to.equal("arn:aws:iam::012345678901:root");
  });

  it("1.6 A is the id of the folder being compiled", () => {
    const yaml = "roles:\n  web:\n    allow_to_assume_me: {iam: root, account: null}\n";
    const plan = planOf(compileIn(writeStacks({ files: { "live/r.yaml": yaml } }), "live"));
    expect((plan.roles.web.trustPolicy.Statement[0].Principal as { AWS: unknown }).AWS).to.equal("arn:aws:iam::210987654321:root");
  });

  it("1.6 an account name resolves to its id", () => {
    expect(principalFor("live")).to.equal("arn:aws:iam::210987654321:root");
  });

  it("1.6 an account name whose id was written unquoted resolves to the padded id", () => {
    expect(principalFor("shared")).to.equal("arn:aws:iam::098765432101:root");
  });

  it("1.6 a 12-digit string listed in accounts.yaml resolves to itself", () => {
    expect(principalFor('"210987654321"')).to.equal("arn:aws:iam::210987654321:root");
  });

  it("1.6 Δ a 12-digit string matches an id that accounts.yaml wrote unquoted", () => {
    expect(principalFor('"098765432101"')).to.equal("arn:aws:iam::098765432101:root");
  });

  it("1.6 an integer is padded to 12 digits, then matched", () => {
    expect(principalFor("98765432101")).to.equal("arn:aws:iam::098765432101:root");
    expect(principalFor("210987654321")).to.equal("arn:aws:iam::210987654321:root");
    expect(principalFor("012345678901")).to.equal("arn:aws:iam::012345678901:root");
  });

  it("1.6 a 12-digit string not listed is an error 'unknown account' listing the known accounts", () => {
    expect(principalFor('"999999999999"')).to.deep.equal([
      `sandbox/r.yaml:5:16: error: roles.web.allow_to_assume_me.account: unknown account "999999999999"; ${KNOWN} [E1016]`,
    ]);
  });

  it("1.6 an integer whose padded id is not listed is an error", () => {
    expect(principalFor("999999999999")).to.deep.equal([
      `sandbox/r.yaml:5:16: error: roles.web.allow_to_assume_me.account: unknown account 999999999999; ${KNOWN} [E1016]`,
    ]);
  });

  it("1.6 a negative integer is an unknown account", () => {
    const [line] = principalFor("-1") as string[];
    expect(line).to.match(/: unknown account -1; known accounts: /);
  });

  it("1.6 an unknown name is an error with the known accounts and a suggestion (11.1's example)", () => {
    expect(principalFor("lvie")).to.deep.equal([
      `sandbox/r.yaml:5:16: error: roles.web.allow_to_assume_me.account: unknown account "lvie"; ${KNOWN}; did you mean "live"? [E1016]`,
    ]);
  });

  it("1.6 names are case-sensitive: Live is unknown, with a suggestion", () => {
    expect(principalFor("Live")).to.deep.equal([
      `sandbox/r.yaml:5:16: error: roles.web.allow_to_assume_me.account: unknown account "Live"; ${KNOWN}; did you mean "live"? [E1016]`,
    ]);
  });

  it("1.6 anything else (a boolean, a float, a mapping) is the error 'unknown account' listing the known accounts", () => {
    for (const value of ["true", "1.5", "{name: live}"]) {
      const diagnostics = principalFor(value) as string[];
      expect(diagnostics, value).to.have.length(1);
      expect(diagnostics[0], value).to.match(/^sandbox\/r\.yaml:5:16: error: roles\.web\.allow_to_assume_me\.account: unknown account /);
      expect(diagnostics[0], value).to.contain(KNOWN);
    }
  });

  it("1.6 an empty list is an error", () => {
    expect(principalFor("[]")).to.deep.equal([
      "sandbox/r.yaml:5:16: error: roles.web.allow_to_assume_me.account: account must not be an empty list [E1017]",
    ]);
  });

  it("1.6 a list: each value resolves by the table (null is A)", () => {
    expect(principalFor("[live, null, 98765432101]")).to.deep.equal([
      "arn:aws:iam::012345678901:root",
      "arn:aws:iam::098765432101:root",
      "arn:aws:iam::210987654321:root",
    ]);
  });

  it("1.6 a list: every bad item is reported at its index", () => {
    expect(principalFor("[live, lvie, 5]")).to.deep.equal([
      `sandbox/r.yaml:5:23: error: roles.web.allow_to_assume_me.account[1]: unknown account "lvie"; ${KNOWN}; did you mean "live"? [E1016]`,
      `sandbox/r.yaml:5:29: error: roles.web.allow_to_assume_me.account[2]: unknown account 5; ${KNOWN} [E1016]`,
    ]);
  });

  it("1.6 the same resolution applies to kms and sns specifiers", () => {
    const yaml = [
      "roles:",
      "  web:",
      "    allow_to_assume_me: {service: ec2}",
      "    allow_permission:",
      "      - action: kms:Decrypt",
      "        resource: {kms: data, account: 98765432101, location: us-east-1}",
      "      - action: sns:Publish",
      "        resource: {sns: alerts, account: live, location: eu-west-1}",
      "",
    ].join("\n");
    const plan = planOf(compileIn(writeStacks({ files: { "sandbox/r.yaml": yaml } })));
    expect(plan.roles.web.policy!.Statement.map((s) => s.Resource)).to.deep.equal([
      "arn:aws:kms:us-east-1:098765432101:alias/data",
      "arn:aws:sns:eu-west-1:210987654321:alerts",
    ]);
  });
});
