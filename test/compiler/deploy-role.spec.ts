/**
 * accounts.yaml `deploy_role` and `_defaults` (docs/credentials.md, an extension of DIALECT.md 1.5): the role
 * each account is deployed through, resolved to its ARN in the plan's account.
 */
import { expect } from "chai";
import { compileIn, errorsOf, oneLine, planOf, writeStacks } from "../support/stacks";

const ROLE = "roles:\n  web: {allow_to_assume_me: {service: ec2}}\n";

/** Compiles `account` (default sandbox) with the given accounts.yaml. */
function withAccounts(accounts: string, account = "sandbox") {
  return compileIn(writeStacks({ accounts, files: { [`${account}/roles.yaml`]: ROLE } }), account);
}

const planAccount = (accounts: string, account = "sandbox") => planOf(withAccounts(accounts, account)).account;
const errors = (accounts: string, account = "sandbox") => errorsOf(withAccounts(accounts, account)).map(oneLine);

describe("accounts.yaml deploy_role: the role each account is deployed through", () => {
  it("a role name means the role of that name in the account itself", () => {
    expect(planAccount('sandbox: {id: "012345678901", deploy_role: iam-syncr-deployer}\n')).to.deep.equal({
      name: "sandbox",
      id: "012345678901",
      deployRoleArn: "arn:aws:iam::012345678901:role/iam-syncr-deployer",
    });
  });

  it("a name with a path is the role with that path, as role names are (ops/deployer is role/ops/deployer)", () => {
    expect(planAccount('sandbox: {id: "012345678901", deploy_role: ops/ci/deployer}\n').deployRoleArn).to.equal(
      "arn:aws:iam::012345678901:role/ops/ci/deployer",
    );
  });

  it("the ARN of a role of the same account is kept as written", () => {
    const accounts = 'sandbox: {id: 12345678901, deploy_role: "arn:aws:iam::012345678901:role/ops/deployer"}\n';
    expect(planAccount(accounts).deployRoleArn).to.equal("arn:aws:iam::012345678901:role/ops/deployer");
  });

  it("the ARN of a role of another account is an error naming both accounts, with file, line and YAML path", () => {
    const accounts = 'sandbox: {id: "012345678901", deploy_role: "arn:aws:iam::210987654321:role/deployer"}\nlive: "210987654321"\n';
    expect(errors(accounts)).to.deep.equal([
      'accounts.yaml:1:44: error: sandbox.deploy_role: deploy_role arn:aws:iam::210987654321:role/deployer is a role of account 210987654321, not of account "sandbox" (012345678901): its credentials would act in another account; name a role of 012345678901, or just its name [E1023]',
    ]);
  });

  it("an error in one account's deploy_role fails the compilation of every account (accounts.yaml is shared)", () => {
    const accounts = 'sandbox: {id: "012345678901", deploy_role: "arn:aws:iam::210987654321:role/deployer"}\nlive: "210987654321"\n';
    expect(errors(accounts, "live").map((line) => line.slice(-7))).to.deep.equal(["[E1023]"]);
  });

  it("without deploy_role (and without _defaults) the plan's account has no deployRoleArn at all", () => {
    const account = planAccount('sandbox: {id: "012345678901", groups: [dev]}\n');
    expect(account).to.deep.equal({ name: "sandbox", id: "012345678901" });
    expect(Object.keys(account)).to.deep.equal(["name", "id"]);
  });

  it("values that are neither a role name nor a role ARN are errors, each at its entry", () => {
    const accounts = [
      'a: {id: "000000000001", deploy_role: 5}',
      'b: {id: "000000000002", deploy_role: ""}',
      'c: {id: "000000000003", deploy_role: ops//deployer}',
      'd: {id: "000000000004", deploy_role: "deploy er"}',
      'e: {id: "000000000005", deploy_role: "arn:aws:iam::000000000005:user/deployer"}',
      'f: {id: "000000000006", deploy_role: "arn:aws-cn:iam::000000000006:role/deployer"}',
      'g: {id: "000000000007", deploy_role: "arn:aws:iam::000000000007:role/ops/de ployer"}',
      `h: {id: "000000000008", deploy_role: ${"x".repeat(65)}}`,
      'i: {id: "000000000009", deploy_role: [deployer]}',
      "sandbox: \"012345678901\"",
    ].join("\n");
    expect(errors(`${accounts}\n`)).to.deep.equal([
      "accounts.yaml:1:38: error: a.deploy_role: expected a role name or a role ARN, found the number 5 [E0002]",
      'accounts.yaml:2:38: error: b.deploy_role: deploy_role "" is empty; give a role name (such as iam-syncr-deployer or ops/deployer) or a role ARN (arn:aws:iam::<account id>:role/<name>) [E1022]',
      'accounts.yaml:3:38: error: c.deploy_role: deploy_role "ops//deployer" must not start or end with "/" or contain "//"; give a role name (such as iam-syncr-deployer or ops/deployer) or a role ARN (arn:aws:iam::<account id>:role/<name>) [E1022]',
      'accounts.yaml:4:38: error: d.deploy_role: deploy_role "deploy er" has the role name "deploy er", which contains characters IAM does not allow: IAM role names are 1 to 64 characters of A-Z a-z 0-9 + = , . @ _ -; give a role name (such as iam-syncr-deployer or ops/deployer) or a role ARN (arn:aws:iam::<account id>:role/<name>) [E1022]',
      'accounts.yaml:5:38: error: e.deploy_role: deploy_role "arn:aws:iam::000000000005:user/deployer" is not a role ARN: a role ARN is arn:aws:iam::<12-digit account id>:role/<name> [E1022]',
      'accounts.yaml:6:38: error: f.deploy_role: deploy_role "arn:aws-cn:iam::000000000006:role/deployer" is not a role ARN: a role ARN is arn:aws:iam::<12-digit account id>:role/<name> [E1022]',
      'accounts.yaml:7:38: error: g.deploy_role: deploy_role "arn:aws:iam::000000000007:role/ops/de ployer" has the role name "de ployer", which contains characters IAM does not allow: IAM role names are 1 to 64 characters of A-Z a-z 0-9 + = , . @ _ - [E1022]',
      `accounts.yaml:8:38: error: h.deploy_role: deploy_role "${"x".repeat(65)}" has the role name "${"x".repeat(65)}", which is 65 characters, more than 64: IAM role names are 1 to 64 characters of A-Z a-z 0-9 + = , . @ _ -; give a role name (such as iam-syncr-deployer or ops/deployer) or a role ARN (arn:aws:iam::<account id>:role/<name>) [E1022]`,
      "accounts.yaml:9:38: error: i.deploy_role: expected a role name or a role ARN, found a list [E0002]",
    ]);
  });

  it("a misspelt key of an entry stays an error, with a suggestion", () => {
    expect(errors('sandbox: {id: "012345678901", deployrole: deployer}\n')).to.deep.equal([
      'accounts.yaml:1:31: error: sandbox.deployrole: unknown key "deployrole"; did you mean "deploy_role"? [E0001]',
    ]);
  });
});

describe("accounts.yaml _defaults: the deploy role of every account", () => {
  const DEFAULTS = `_defaults: {deploy_role: iam-syncr-deployer}
sandbox: "012345678901"
live: {id: "210987654321", groups: [prod]}
partner: {id: "111122223333", deploy_role: ops/partner-deployer}
ci: {id: "444455556666", deploy_role: null}
`;

  it("applies to short entries and to mapping entries without deploy_role, in each account", () => {
    expect(planAccount(DEFAULTS).deployRoleArn).to.equal("arn:aws:iam::012345678901:role/iam-syncr-deployer");
    expect(planAccount(DEFAULTS, "live").deployRoleArn).to.equal("arn:aws:iam::210987654321:role/iam-syncr-deployer");
  });

  it("an entry's own deploy_role wins over the default", () => {
    expect(planAccount(DEFAULTS, "partner").deployRoleArn).to.equal("arn:aws:iam::111122223333:role/ops/partner-deployer");
  });

  it("deploy_role: null in an entry means no role for that account, whatever the default", () => {
    expect(planAccount(DEFAULTS, "ci")).to.deep.equal({ name: "ci", id: "444455556666" });
  });

  it("_defaults is not an account: an account reference to it is an unknown account", () => {
    const root = writeStacks({
      accounts: DEFAULTS,
      files: { "sandbox/roles.yaml": "roles:\n  web:\n    allow_to_assume_me: {iam: root, account: _defaults}\n" },
    });
    expect(errorsOf(compileIn(root)).map(oneLine)).to.deep.equal([
      'sandbox/roles.yaml:3:46: error: roles.web.allow_to_assume_me.account: unknown account "_defaults"; known accounts: ci (444455556666), live (210987654321), partner (111122223333), sandbox (012345678901) [E1016]',
    ]);
  });

  it("an account cannot be named _defaults: a value that is not a mapping is an error saying so", () => {
    expect(errors('_defaults: "123456789012"\nsandbox: "012345678901"\n')).to.deep.equal([
      'accounts.yaml:1:12: error: _defaults: "_defaults" holds the settings every account shares and must be a mapping (of deploy_role), found the string "123456789012"; an account cannot be named "_defaults" [E1021]',
    ]);
  });

  it("a default deploy_role must be a name: an ARN names one account's role", () => {
    expect(errors('_defaults: {deploy_role: "arn:aws:iam::012345678901:role/deployer"}\nsandbox: "012345678901"\n')).to.deep.equal([
      "accounts.yaml:1:26: error: _defaults.deploy_role: the deploy_role of _defaults must be a role name, which each account resolves to arn:aws:iam::<its id>:role/<name>; the ARN arn:aws:iam::012345678901:role/deployer names a role of one account [E1024]",
    ]);
  });

  it("unknown keys of _defaults are errors with a suggestion; an invalid default is reported once", () => {
    expect(errors('_defaults: {deploy_roles: x, id: "012345678901", deploy_role: "a b"}\nsandbox: "012345678901"\nlive: "210987654321"\n')).to.deep.equal([
      'accounts.yaml:1:13: error: _defaults.deploy_roles: unknown key "deploy_roles"; did you mean "deploy_role"? [E0001]',
      'accounts.yaml:1:30: error: _defaults.id: unknown key "id" [E0001]',
      'accounts.yaml:1:63: error: _defaults.deploy_role: deploy_role "a b" has the role name "a b", which contains characters IAM does not allow: IAM role names are 1 to 64 characters of A-Z a-z 0-9 + = , . @ _ -; give a role name (such as iam-syncr-deployer or ops/deployer) or a role ARN (arn:aws:iam::<account id>:role/<name>) [E1022]',
    ]);
  });

  it("a misspelt _defaults reads as an account without an id, and the error says which key was meant", () => {
    expect(errors('_default: {deploy_role: deployer}\nsandbox: "012345678901"\n')).to.deep.equal([
      'accounts.yaml:1:1: error: _default: missing required key "id"; did you mean "_defaults" (the settings every account shares)? [E0004]',
    ]);
  });

  it("_defaults alone is no account: accounts.yaml must still name one", () => {
    expect(errorsOf(withAccounts("_defaults: {deploy_role: deployer}\n")).map((d) => d.code)).to.deep.equal(["E1012"]);
  });
});
