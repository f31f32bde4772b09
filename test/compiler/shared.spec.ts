/**
 * DIALECT.md §14: definitions shared by several accounts, `<root>/_shared`, selected per account. Written from the
 * spec: every rule with the exact diagnostics a user sees (file, line, column, YAML path, message).
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { canonicalJson, type CompileResult } from "../../compiler";
import { lines, show } from "../support/assertions";
import { compileIn, errorsOf, oneLine, planOf, writeStacks } from "../support/stacks";

/** Three accounts in two groups; staging is in both. */
const ACCOUNTS = lines(
  'sandbox: {id: "012345678901", groups: [dev]}',
  'staging: {id: "111111111111", groups: [dev, prod]}',
  'live: {id: "210987654321", groups: [prod]}',
);
const SANDBOX = "012345678901";
const LIVE = "210987654321";
const TRUST = "allow_to_assume_me: {service: ec2}";
/** An account file with one role of its own, so that every account folder has a file. */
const OWN = (name: string) => lines("roles:", `  ${name}-own: {${TRUST}}`);

/** A stacks root with the three accounts, each with a file of its own, and these files (paths under the root). */
function root(files: Record<string, string>, accounts = ACCOUNTS): string {
  return writeStacks({ accounts, files: { "sandbox/own.yaml": OWN("sandbox"), "staging/own.yaml": OWN("staging"), "live/own.yaml": OWN("live"), ...files } });
}
const all = (result: CompileResult): string[] => result.diagnostics.map(show);
const roleNames = (result: CompileResult): string[] => Object.keys(planOf(result).roles);

describe("DIALECT.md §14 definitions shared by several accounts", () => {
  describe("14.1 _shared is read by every account's compilation", () => {
    it("14.1 a shared role is in the plan of every account selected, beside the account's own", () => {
      const stacks = root({ "_shared/roles.yaml": lines("roles:", "  ci:", '    accounts: "*"', `    ${TRUST}`) });
      for (const account of ["sandbox", "staging", "live"]) expect(roleNames(compileIn(stacks, account)), account).to.deep.equal(["ci", `${account}-own`]);
    });

    it("14.1 a missing _shared is no error; an empty one adds nothing", () => {
      const without = root({});
      expect(compileIn(without).diagnostics).to.deep.equal([]);
      fs.mkdirSync(path.join(without, "_shared"));
      expect(compileIn(without).diagnostics).to.deep.equal([]);
      expect(roleNames(compileIn(without))).to.deep.equal(["sandbox-own"]);
    });

    it("14.1 files of _shared are read with the rules of 1.3 and 1.4: .yml at any depth, and YAML errors reported", () => {
      const stacks = root({
        "_shared/a/b/deep.yml": lines("roles:", "  deep:", "    accounts: sandbox", `    ${TRUST}`),
        "_shared/README.md": "not read",
      });
      expect(roleNames(compileIn(stacks))).to.deep.equal(["deep", "sandbox-own"]);
      const broken = root({ "_shared/bad.yaml": "roles: [a\n" });
      expect(errorsOf(compileIn(broken)).map(show)).to.deep.equal([
        "_shared/bad.yaml:2:1: error: undefined: YAML: unexpected end of the stream within a flow collection",
      ]);
    });

    it("14.1 its files come first in the configuration order: a name defined twice lists the shared place first", () => {
      const stacks = root({
        "_shared/t.yaml": lines("templates:", "  base: {description: shared}"),
        "sandbox/A.yaml": lines("templates:", "  base: {description: own}"),
      });
      expect(errorsOf(compileIn(stacks)).map(show)).to.deep.equal([
        'sandbox/A.yaml:2:3: error: templates.base: template "base" is defined both in _shared and in this account: _shared/t.yaml:2, sandbox/A.yaml:2; a shared template is not overridden: give one of them another name',
      ]);
    });

    it("14.1/1.1 compile <root>/_shared is an error: a folder whose name begins with _ is never an account", () => {
      const stacks = root({ "_shared/roles.yaml": lines("roles:", "  ci:", '    accounts: "*"', `    ${TRUST}`) });
      expect(errorsOf(compileIn(stacks, "_shared")).map(oneLine)).to.deep.equal([
        '::: error: : folder "_shared" is not an account: a folder whose name begins with "_" never is (DIALECT.md 1.1) [E2109]',
      ]);
    });

    it("14.1 a _shared that is a file, not a folder, is an error", () => {
      const stacks = root({ _shared: "roles: {}\n" });
      expect(errorsOf(compileIn(stacks)).map(oneLine)).to.deep.equal(["::: error: : cannot read folder _shared: it is not a folder [E1001]"]);
    });

    it("1.3/14.1 a _shared that is a symbolic link is not followed, and is an error (ignoring it would drop what every account shares)", () => {
      const stacks = root({ "elsewhere/roles.yaml": lines("roles:", "  ci:", '    accounts: "*"', `    ${TRUST}`) });
      fs.symlinkSync(path.join(stacks, "elsewhere"), path.join(stacks, "_shared"));
      expect(errorsOf(compileIn(stacks)).map(oneLine)).to.deep.equal([
        "::: error: : cannot read folder _shared: it is a symbolic link, which is not followed (DIALECT.md 1.3) [E1001]",
      ]);
    });

    describe("1.3 an account folder with no file of its own (decision: the files read are its own and those of _shared)", () => {
      const shared = { "_shared/roles.yaml": lines("roles:", "  ci:", "    accounts: dev", `    ${TRUST}`) };

      it("compiles from what _shared selects for it", () => {
        const stacks = writeStacks({ accounts: ACCOUNTS, files: shared });
        fs.mkdirSync(path.join(stacks, "sandbox"));
        const plan = planOf(compileIn(stacks));
        expect(Object.keys(plan.roles)).to.deep.equal(["ci"]);
        expect(plan.roles.ci.trustPolicy.Statement).to.deep.equal([{ Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole", Effect: "Allow", Sid: "" }]);
      });

      it("is an error when _shared selects nothing for it (an empty stack would delete everything it manages)", () => {
        const stacks = writeStacks({ accounts: ACCOUNTS, files: shared });
        fs.mkdirSync(path.join(stacks, "live"));
        expect(errorsOf(compileIn(stacks, "live")).map(oneLine)).to.deep.equal([
          '::: error: : no .yaml or .yml file below live, and _shared selects nothing for account "live"; an empty stack would delete everything it manages [E2108]',
        ]);
      });

      it("is error E1010 as before when there is no _shared, or an empty one", () => {
        const stacks = writeStacks({ accounts: ACCOUNTS, files: {} });
        fs.mkdirSync(path.join(stacks, "live"));
        const expected = ["::: error: : no .yaml or .yml file below live; an empty stack would delete everything it manages [E1010]"];
        expect(errorsOf(compileIn(stacks, "live")).map(oneLine)).to.deep.equal(expected);
        fs.mkdirSync(path.join(stacks, "_shared"));
        expect(errorsOf(compileIn(stacks, "live")).map(oneLine)).to.deep.equal(expected);
      });

      it("templates alone select nothing", () => {
        const stacks = writeStacks({ accounts: ACCOUNTS, files: { "_shared/t.yaml": lines("templates:", `  base: {${TRUST}}`) } });
        fs.mkdirSync(path.join(stacks, "live"));
        expect(errorsOf(compileIn(stacks, "live")).map((d) => d.code)).to.deep.equal(["E2108"]);
      });
    });
  });

  describe("14.2 shared templates and names global per account", () => {
    it("14.2 a shared template is used by an account's role with use, exactly like the account's own", () => {
      const stacks = root({
        "_shared/templates.yaml": lines("templates:", "  baseline:", `    ${TRUST}`, "    tags: {managed-by: iam-syncr}"),
        "sandbox/roles.yaml": lines("templates:", "  own:", "    use: baseline", "    tags: {team: a}", "roles:", "  web: {use: own, description: web}"),
      });
      const plan = planOf(compileIn(stacks));
      expect(plan.roles.web.tags).to.deep.equal({ "managed-by": "iam-syncr", team: "a" });
      expect(plan.roles.web.trustPolicy.Statement[0].Principal).to.deep.equal({ Service: "ec2.amazonaws.com" });
    });

    it("14.2 a shared role may use an account's own template; an account without it gets the unknown-template error at the shared use", () => {
      const stacks = root({
        "_shared/roles.yaml": lines("roles:", "  ci:", '    accounts: "*"', "    use: [local-trust]"),
        "sandbox/t.yaml": lines("templates:", "  local-trust: {allow_to_assume_me: {iam: root}}"),
      });
      expect(planOf(compileIn(stacks)).roles.ci.trustPolicy.Statement[0].Principal).to.deep.equal({ AWS: `arn:aws:iam::${SANDBOX}:root` });
      expect(errorsOf(compileIn(stacks, "live")).map(show)).to.deep.equal([
        '_shared/roles.yaml:4:11: error: roles.ci.use[0]: unknown template "local-trust"; no templates are defined',
      ]);
    });

    it("14.2/3.7 an error in a shared template, reported for an account's role, says where it was written and for which account", () => {
      const stacks = root({
        "_shared/templates.yaml": lines("templates:", "  reader:", "    allow_permission: {action: s3:GetObject}"),
        "sandbox/roles.yaml": lines("roles:", `  web: {use: reader, ${TRUST}}`),
      });
      expect(errorsOf(compileIn(stacks)).map(show)).to.deep.equal([
        "_shared/templates.yaml:3:23: error: roles.web.allow_permission: statement has no resource: give resource, notresource, Resource or NotResource (via template reader) (for account sandbox)",
      ]);
    });

    it("14.2 a shared template and an account template of the same name: error in every account, listing both, related locations as data", () => {
      const stacks = root({
        "_shared/templates.yaml": lines("templates:", `  base: {${TRUST}}`),
        "live/templates.yaml": lines("# the account's own", "templates:", "  base: {description: own}"),
      });
      const [d] = errorsOf(compileIn(stacks, "live"));
      expect(show(d)).to.equal(
        'live/templates.yaml:3:3: error: templates.base: template "base" is defined both in _shared and in this account: _shared/templates.yaml:2, live/templates.yaml:3; a shared template is not overridden: give one of them another name',
      );
      expect(d.code).to.equal("E2107");
      expect(d.related).to.deep.equal([{ file: "_shared/templates.yaml", line: 2, column: 3, endLine: 2, endColumn: 7, path: "templates.base" }]);
    });

    it("14.2 a shared role and an account role of the same name conflict only in the accounts the shared one is selected for", () => {
      const stacks = root({
        "_shared/roles.yaml": lines("roles:", "  web:", "    accounts: dev", `    ${TRUST}`),
        "sandbox/roles.yaml": lines("roles:", `  web: {${TRUST}}`),
        "live/roles.yaml": lines("roles:", `  web: {${TRUST}}`),
      });
      expect(errorsOf(compileIn(stacks)).map(show)).to.deep.equal([
        'sandbox/roles.yaml:2:3: error: roles.web: role "web" is defined both in _shared and in this account: _shared/roles.yaml:2, sandbox/roles.yaml:2; a shared role is not overridden: give one of them another name, or leave this account out of the shared one with except_accounts',
      ]);
      expect(roleNames(compileIn(stacks, "live"))).to.deep.equal(["live-own", "web"]);
    });

    it("14.2/2.5 a shared role and an account role with one role identity (leaf ignoring case) are an error", () => {
      const stacks = root({
        "_shared/roles.yaml": lines("roles:", "  ops/Deployer:", "    accounts: sandbox", `    ${TRUST}`),
        "sandbox/roles.yaml": lines("roles:", `  deployer: {${TRUST}}`),
      });
      expect(errorsOf(compileIn(stacks)).map(show)).to.deep.equal([
        'sandbox/roles.yaml:2:3: error: roles.deployer: role "deployer" has the IAM name "deployer", as "ops/Deployer" (_shared/roles.yaml:2) (IAM role names are unique ignoring case)',
      ]);
    });

    it("14.2/2.7 a shared role removed by an account, and an account role removed by _shared: errors naming both places with lines", () => {
      const stacks = root({
        "_shared/roles.yaml": lines("roles:", "  ci:", '    accounts: "*"', `    ${TRUST}`, "remove_roles:", "  - {role: web, accounts: sandbox}"),
        "sandbox/roles.yaml": lines("roles:", `  web: {${TRUST}}`, "remove_roles: [ci]"),
      });
      expect(errorsOf(compileIn(stacks)).map(show)).to.deep.equal([
        '_shared/roles.yaml:2:3: error: roles.ci: role "ci" is both defined and listed for removal: _shared/roles.yaml:2(roles); sandbox/roles.yaml:3(remove_roles) (for account sandbox)',
        'sandbox/roles.yaml:2:3: error: roles.web: role "web" is both defined and listed for removal: sandbox/roles.yaml:2(roles); _shared/roles.yaml:6(remove_roles)',
      ]);
    });

    it("14.2 two shared roles of one name are an error only where both are selected", () => {
      const stacks = root({
        "_shared/a.yaml": lines("roles:", "  ci:", "    accounts: dev", `    ${TRUST}`),
        "_shared/b.yaml": lines("roles:", "  ci:", "    accounts: prod", "    allow_to_assume_me: {iam: root}"),
      });
      expect(planOf(compileIn(stacks, "sandbox")).roles.ci.trustPolicy.Statement[0].Principal).to.deep.equal({ Service: "ec2.amazonaws.com" });
      expect(planOf(compileIn(stacks, "live")).roles.ci.trustPolicy.Statement[0].Principal).to.deep.equal({ AWS: `arn:aws:iam::${LIVE}:root` });
      expect(errorsOf(compileIn(stacks, "staging")).map(show)).to.deep.equal([
        '_shared/b.yaml:2:3: error: roles.ci: role "ci" is defined more than once: _shared/a.yaml:2, _shared/b.yaml:2 (for account staging)',
      ]);
    });
  });

  describe("14.3 accounts and except_accounts", () => {
    /** The accounts a shared role `ci` with these selector lines is in. */
    function selected(...selector: string[]): string[] {
      const stacks = root({ "_shared/roles.yaml": lines("roles:", "  ci:", ...selector.map((s) => `    ${s}`), `    ${TRUST}`) });
      return ["sandbox", "staging", "live"].filter((account) => "ci" in planOf(compileIn(stacks, account)).roles);
    }

    it("14.3 an account name, a group (1.5.4), \"*\", or a list of them", () => {
      expect(selected("accounts: live")).to.deep.equal(["live"]);
      expect(selected("accounts: dev")).to.deep.equal(["sandbox", "staging"]);
      expect(selected('accounts: "*"')).to.deep.equal(["sandbox", "staging", "live"]);
      expect(selected("accounts: [live, dev]")).to.deep.equal(["sandbox", "staging", "live"]);
    });

    it('14.3 except_accounts takes names, groups or "*" out of the selection', () => {
      expect(selected('accounts: "*"', "except_accounts: live")).to.deep.equal(["sandbox", "staging"]);
      expect(selected('accounts: "*"', "except_accounts: [prod]")).to.deep.equal(["sandbox"]);
      expect(selected("accounts: dev", "except_accounts: prod")).to.deep.equal(["sandbox"]);
      expect(selected("accounts: dev", "except_accounts: null")).to.deep.equal(["sandbox", "staging"]);
    });

    it("14.3 a selection that is empty is W9, reported once, and the definition is in no account", () => {
      const stacks = root({ "_shared/roles.yaml": lines("roles:", "  ci:", "    accounts: dev", '    except_accounts: "*"', `    ${TRUST}`) });
      const result = compileIn(stacks);
      expect(all(result)).to.deep.equal(["_shared/roles.yaml:2:3: warning: roles.ci: this shared role is selected for no account"]);
      expect(result.diagnostics[0].code).to.equal("W9");
      expect(roleNames(result)).to.deep.equal(["sandbox-own"]);
    });

    it("14.3 an unknown name in accounts or except_accounts is an error with suggestion, listing accounts and groups", () => {
      const stacks = root({
        "_shared/roles.yaml": lines("roles:", "  ci:", "    accounts: [sandbox, prd]", "    except_accounts: liv", `    ${TRUST}`),
      });
      expect(errorsOf(compileIn(stacks)).map(show)).to.deep.equal([
        '_shared/roles.yaml:3:25: error: roles.ci.accounts[1]: unknown account or group "prd"; accounts: live, sandbox, staging; groups: dev, prod; "*" selects every account; did you mean "prod"?',
        '_shared/roles.yaml:4:22: error: roles.ci.except_accounts: unknown account or group "liv"; accounts: live, sandbox, staging; groups: dev, prod; "*" selects every account; did you mean "live"?',
      ]);
    });

    it("14.3 accounts is required on shared roles, buckets, keys and removals", () => {
      const stacks = root({
        "_shared/x.yaml": lines(
          "roles:",
          `  ci: {${TRUST}}`,
          "buckets:",
          "  logs-{{account}}: {}",
          "keys:",
          "  data: {description: d, location: eu-west-1}",
          "remove_roles:",
          "  - {role: old}",
        ),
      });
      const text = 'missing required key "accounts": every role, bucket, key and removal in _shared says which accounts it is for (account names, group names of accounts.yaml, or "*")';
      expect(errorsOf(compileIn(stacks)).map(oneLine)).to.deep.equal([
        `_shared/x.yaml:2:7: error: roles.ci: ${text} [E2101]`,
        `_shared/x.yaml:4:21: error: buckets.logs-{{account}}: ${text} [E2101]`,
        `_shared/x.yaml:6:9: error: keys.data: ${text} [E2101]`,
        `_shared/x.yaml:8:5: error: remove_roles[0]: ${text} [E2101]`,
      ]);
    });

    it("14.3 selectors and malformed values are checked by the schema", () => {
      const stacks = root({ "_shared/x.yaml": lines("roles:", "  ci:", "    accounts: []", `    ${TRUST}`, "  cd:", "    accounts: [5]", `    ${TRUST}`) });
      expect(errorsOf(compileIn(stacks)).map(show)).to.deep.equal([
        '_shared/x.yaml:3:15: error: roles.ci.accounts: expected an account name, a group name or "*", or a non-empty list of them, found an empty list',
        '_shared/x.yaml:6:16: error: roles.cd.accounts[0]: expected an account name, a group name or "*", found the number 5',
      ]);
    });

    it("14.3 in _shared, removals are mappings {role, accounts, except_accounts}; each is removed where selected", () => {
      const stacks = root({
        "_shared/old.yaml": lines("remove_roles:", '  - {role: legacy, accounts: "*", except_accounts: live}', "remove_role:", "  - {role: ops/tmp, accounts: prod}"),
      });
      expect(planOf(compileIn(stacks, "sandbox")).removedRoles).to.deep.equal(["legacy"]);
      expect(planOf(compileIn(stacks, "staging")).removedRoles).to.deep.equal(["legacy", "tmp"]);
      expect(planOf(compileIn(stacks, "live")).removedRoles).to.deep.equal(["tmp"]);
    });

    it("14.3 a plain string in a shared remove_roles is an error that says so", () => {
      const stacks = root({ "_shared/old.yaml": lines("remove_roles:", "  - legacy", '  - {role: other, accounts: "*"}') });
      expect(errorsOf(compileIn(stacks)).map(oneLine)).to.deep.equal([
        '_shared/old.yaml:2:5: error: remove_roles[0]: in _shared, a role to remove is a mapping with role and accounts (and optionally except_accounts), found the string "legacy" [E2104]',
      ]);
    });

    it("14.3 templates may not contain accounts or except_accounts (error)", () => {
      const stacks = root({ "_shared/t.yaml": lines("templates:", "  base:", "    accounts: dev", "    except_accounts: live", `    ${TRUST}`) });
      expect(errorsOf(compileIn(stacks)).map(oneLine)).to.deep.equal([
        '_shared/t.yaml:3:15: error: templates.base.accounts: "accounts" cannot be used in a template: a shared template is available to every account; select the roles that use it instead [E2103]',
        '_shared/t.yaml:4:22: error: templates.base.except_accounts: "except_accounts" cannot be used in a template: a shared template is available to every account; select the roles that use it instead [E2103]',
      ]);
    });

    it("14.3 accounts and except_accounts are not keys of an account's own roles, buckets or keys (unknown key)", () => {
      const stacks = root({ "sandbox/roles.yaml": lines("roles:", "  web:", "    accounts: dev", `    ${TRUST}`) });
      expect(errorsOf(compileIn(stacks)).map(oneLine)).to.deep.equal(['sandbox/roles.yaml:3:5: error: roles.web.accounts: unknown key "accounts" [E0001]']);
    });

    it("14.3 accounts and except_accounts are removed before §3-§9: the role, bucket and key are as if written without them", () => {
      const definitions = (selector: string) =>
        lines(
          "roles:",
          "  ci:",
          selector,
          `    ${TRUST}`,
          "buckets:",
          "  logs-staging:",
          selector,
          "    location: eu-west-1",
          "keys:",
          "  data:",
          selector,
          "    description: data",
          "    location: eu-west-1",
        );
      const shared = writeStacks({ accounts: ACCOUNTS, files: { "staging/own.yaml": OWN("staging"), "_shared/x.yaml": definitions("    accounts: staging") } });
      const own = writeStacks({ accounts: ACCOUNTS, files: { "staging/own.yaml": OWN("staging"), "staging/x.yaml": definitions("    # no selector") } });
      expect(canonicalJson(planOf(compileIn(shared, "staging")))).to.equal(canonicalJson(planOf(compileIn(own, "staging"))));
    });
  });

  describe("14.4 {{account}} and {{account_id}}", () => {
    it("14.4 in names of roles, buckets and keys, and in string values (ARNs included); never in other mapping keys", () => {
      const stacks = root({
        "_shared/x.yaml": lines(
          "roles:",
          "  deploy-{{account}}:",
          '    accounts: "*"',
          "    description: Deploys {{account}} ({{account_id}})",
          "    allow_to_assume_me:",
          "      iam: role/ci-{{account}}",
          '      Condition: {StringEquals: {"aws:PrincipalTag/{{account}}": "{{account_id}}"}}',
          "    allow_permission:",
          '      - {action: "s3:GetObject", resource: "arn:aws:s3:::logs-{{account}}/{{account_id}}/*"}',
          '    tags: {"{{account}}": "{{account}}"}',
          "buckets:",
          "  logs-{{account}}:",
          '    accounts: "*"',
          "keys:",
          "  data/{{account}}:",
          '    accounts: "*"',
          "    description: data of {{account_id}}",
          "    location: eu-west-1",
        ),
      });
      const plan = planOf(compileIn(stacks, "live"));
      const role = plan.roles["deploy-live"];
      expect(role.description).to.equal(`Deploys live (${LIVE})`);
      expect(role.trustPolicy.Statement).to.deep.equal([
        {
          Condition: { StringEquals: { "aws:PrincipalTag/{{account}}": LIVE } },
          Principal: { AWS: `arn:aws:iam::${LIVE}:role/ci-live` },
          Action: "sts:AssumeRole",
          Effect: "Allow",
          Sid: "",
        },
      ]);
      expect(role.policy!.Statement).to.deep.equal([{ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::logs-live/${LIVE}/*` }]);
      expect(role.tags).to.deep.equal({ "{{account}}": "live" });
      expect(role.policyName).to.equal("syncr_policy_deploy-live");
      expect(Object.keys(plan.buckets)).to.deep.equal(["logs-live"]);
      expect(Object.keys(plan.keys)).to.deep.equal(["data/live"]);
      expect(plan.keys["data/live"].description).to.equal(`data of ${LIVE}`);
      expect(Object.keys(planOf(compileIn(stacks, "sandbox")).buckets)).to.deep.equal(["logs-sandbox"]);
    });

    it("14.4 in a shared template's values too (template names are not replaced)", () => {
      const stacks = root({
        "_shared/t.yaml": lines("templates:", "  tagged-{{account}}:", "    tags: {account: '{{account}}'}", `    ${TRUST}`),
        "sandbox/roles.yaml": lines("roles:", "  web: {use: 'tagged-{{account}}'}"),
      });
      expect(planOf(compileIn(stacks)).roles.web.tags).to.deep.equal({ account: "sandbox" });
    });

    it("14.4 in an account's own files, {{account}} is plain text", () => {
      const stacks = root({ "sandbox/roles.yaml": lines("roles:", `  web: {${TRUST}, description: "for {{account}}"}`) });
      expect(planOf(compileIn(stacks)).roles.web.description).to.equal("for {{account}}");
    });

    it("14.4 any other {{…}} is an error naming the valid placeholders, in a name or a value; the definition is in no account", () => {
      const stacks = root({
        "_shared/x.yaml": lines(
          "roles:",
          "  ci-{{acount}}:",
          '    accounts: "*"',
          `    ${TRUST}`,
          "  cd:",
          '    accounts: "*"',
          `    ${TRUST}`,
          '    description: "{{ account }} and {{region}}"',
        ),
      });
      const result = compileIn(stacks);
      expect(errorsOf(result).map(oneLine)).to.deep.equal([
        '_shared/x.yaml:2:3: error: roles.ci-{{acount}}: unknown placeholder "{{acount}}"; the placeholders of _shared are {{account}} and {{account_id}}; did you mean "{{account}}"? [E2105]',
        '_shared/x.yaml:8:18: error: roles.cd.description: unknown placeholder "{{ account }}"; the placeholders of _shared are {{account}} and {{account_id}}; did you mean "{{account}}"? [E2105]',
        '_shared/x.yaml:8:18: error: roles.cd.description: unknown placeholder "{{region}}"; the placeholders of _shared are {{account}} and {{account_id}} [E2105]',
      ]);
    });

    it("14.4 a shared bucket whose name has no placeholder may be selected for one account, not two", () => {
      const one = root({ "_shared/b.yaml": lines("buckets:", "  central-logs:", "    accounts: live") });
      expect(Object.keys(planOf(compileIn(one, "live")).buckets)).to.deep.equal(["central-logs"]);
      const two = root({ "_shared/b.yaml": lines("buckets:", "  central-logs:", "    accounts: prod") });
      expect(errorsOf(compileIn(two, "sandbox")).map(oneLine)).to.deep.equal([
        '_shared/b.yaml:2:3: error: buckets.central-logs: bucket "central-logs" would be the same S3 bucket in accounts live, staging (bucket names are global to S3); put {{account}} in its name, or select one account [E2106]',
      ]);
    });

    it("14.4 {{account_id}} in a bucket name is not enough where two account names share an id", () => {
      const accounts = lines('sandbox: "012345678901"', 'sandbox-alias: "012345678901"');
      const stacks = writeStacks({ accounts, files: { "sandbox/own.yaml": OWN("sandbox"), "_shared/b.yaml": lines("buckets:", "  logs-{{account_id}}:", '    accounts: "*"') } });
      expect(errorsOf(compileIn(stacks)).map(show)).to.deep.equal([
        '_shared/b.yaml:2:3: error: buckets.logs-{{account_id}}: bucket "logs-{{account_id}}" would be the same S3 bucket in accounts sandbox, sandbox-alias (bucket names are global to S3); put {{account}} in its name, or select one account',
      ]);
    });
  });

  describe("14.5 diagnostics in _shared", () => {
    it("14.5 at the file, line and YAML path as written (placeholders included); (for account …) when the account decides", () => {
      // 2 + 7 + 1 + 55 = 65 characters in sandbox (too long for IAM), 62 in live.
      const long = `r-{{account}}-${"x".repeat(55)}`;
      const stacks = root({ "_shared/x.yaml": lines("roles:", `  ${long}:`, '    accounts: "*"', `    ${TRUST}`) });
      expect(errorsOf(compileIn(stacks, "sandbox")).map(show)).to.deep.equal([
        `_shared/x.yaml:2:3: error: roles.${long}: role name "r-sandbox-${"x".repeat(55)}" is 65 characters, more than 64; IAM role names are 1 to 64 characters of A-Z a-z 0-9 + = , . @ _ - (for account sandbox)`,
      ]);
      expect(roleNames(compileIn(stacks, "live"))).to.deep.equal(["live-own", `r-live-${"x".repeat(55)}`]);
    });

    it("14.5 a diagnostic that does not depend on the account has no (for account …)", () => {
      const stacks = root({ "_shared/x.yaml": lines("roles:", "  ci:", '    accounts: "*"', `    ${TRUST}`, "    allow_permission: {action: s3:GetObject}") });
      expect(errorsOf(compileIn(stacks)).map(show)).to.deep.equal([
        "_shared/x.yaml:5:23: error: roles.ci.allow_permission: statement has no resource: give resource, notresource, Resource or NotResource",
      ]);
    });

    it("14.5 a limit after substitution depends on the account", () => {
      // The account name is in the trust policy 95 times: above the 4,096 characters IAM allows in sandbox, not in live.
      const principals = Array.from({ length: 95 }, (_, i) => `"role/{{account}}-${i}"`).join(", ");
      const stacks = root({ "_shared/x.yaml": lines("roles:", "  ci:", "    accounts: [sandbox, live]", `    allow_to_assume_me: {iam: [${principals}]}`) });
      const sandbox = compileIn(stacks, "sandbox");
      expect(sandbox.diagnostics.map((d) => [d.code, d.file, d.line, d.path, d.message.replace(/^trust policy is [0-9,]+ characters/, "…")])).to.deep.equal([
        ["E9101", "_shared/x.yaml", 2, "roles.ci", "…, limit 4,096 (for account sandbox)"],
      ]);
      expect(compileIn(stacks, "live").diagnostics.map((d) => [d.code, d.message.endsWith("(for account live)")])).to.deep.equal([["W7", true]]);
    });
  });

  describe("14.7 the plan is unchanged in form", () => {
    it("14.7 a role, bucket, key and removal of _shared give the plan they give written in the account's folder, placeholders replaced", () => {
      const body = (account: string, id: string) =>
        lines(
          "roles:",
          `  deploy-${account}:`,
          "    description: deploys",
          `    allow_to_assume_me: {iam: role/ci, account: ${account}}`,
          `    allow_permission: {action: s3:PutObject, resource: "arn:aws:s3:::logs-${account}/${id}/*"}`,
          "buckets:",
          `  logs-${account}:`,
          "    allow_permission: {principal: {service: cloudtrail}, action: s3:PutObject, resource: {s3: __self__}}",
          "keys:",
          "  data:",
          "    description: data",
          "    location: eu-west-1",
          "    grant: {grantee: {iam: role/ci}, operations: Decrypt}",
          "remove_roles: [legacy]",
        );
      const shared = root({
        "_shared/x.yaml": lines(
          "roles:",
          "  deploy-{{account}}:",
          '    accounts: "*"',
          "    description: deploys",
          "    allow_to_assume_me: {iam: role/ci, account: '{{account}}'}",
          '    allow_permission: {action: s3:PutObject, resource: "arn:aws:s3:::logs-{{account}}/{{account_id}}/*"}',
          "buckets:",
          "  logs-{{account}}:",
          '    accounts: "*"',
          "    allow_permission: {principal: {service: cloudtrail}, action: s3:PutObject, resource: {s3: __self__}}",
          "keys:",
          "  data:",
          '    accounts: "*"',
          "    description: data",
          "    location: eu-west-1",
          "    grant: {grantee: {iam: role/ci}, operations: Decrypt}",
          "remove_roles:",
          '  - {role: legacy, accounts: "*"}',
        ),
      });
      for (const [account, id] of [
        ["sandbox", SANDBOX],
        ["live", LIVE],
      ]) {
        const own = writeStacks({ accounts: ACCOUNTS, files: { [`${account}/own.yaml`]: OWN(account), [`${account}/x.yaml`]: body(account, id) } });
        expect(canonicalJson(planOf(compileIn(shared, account))), account).to.equal(canonicalJson(planOf(compileIn(own, account))));
      }
    });
  });
});

