/**
 * DIALECT.md 9.1 (with 2.6): what `remove_roles` puts in the plan.
 */
import { expect } from "chai";
import { compileIn, compileYaml, errorsOf, oneLine, planOf, writeStacks } from "../support/stacks";

const compileFiles = (files: Record<string, string>) => compileIn(writeStacks({ files }));

describe("DIALECT.md 9.1 remove_roles in the plan", () => {
  it("9.1 the plan lists removed roles by leaf name: only the leaf of a path is used", () => {
    expect(planOf(compileYaml("remove_roles: [ops/ci/old-runner, legacy]\n")).removedRoles).to.deep.equal(["legacy", "old-runner"]);
  });

  it("9.1 sorted by code point (upper case before _ before lower case)", () => {
    expect(planOf(compileYaml("remove_roles: [b, a.1, _x, a-1, C]\n")).removedRoles).to.deep.equal(["C", "_x", "a-1", "a.1", "b"]);
  });

  it("9.1 each once, however many files list it (also with different paths)", () => {
    const result = compileFiles({
      "sandbox/a.yaml": "remove_roles: [zeta, ops/alpha]\n",
      "sandbox/b.yaml": "remove_role: [zeta, beta]\n",
      "sandbox/c/d.yml": "remove_roles: [other/alpha, zeta]\n",
    });
    expect(planOf(result).removedRoles).to.deep.equal(["alpha", "beta", "zeta"]);
  });

  it("9.1 identity ignores case (2.5): Old and old in two files are one removal", () => {
    const result = compileFiles({ "sandbox/a.yaml": "remove_roles: [Old]\n", "sandbox/b.yaml": "remove_roles: [old]\n" });
    // spec silent: which spelling is kept; the first in configuration order.
    expect(planOf(result).removedRoles).to.deep.equal(["Old"]);
  });

  it("9.1 no removal lists: an empty list in the plan", () => {
    expect(planOf(compileYaml("roles:\n  web: {allow_to_assume_me: {service: ec2}}\n")).removedRoles).to.deep.equal([]);
  });

  it("9.1 a name whose path starts with aws-service-role/ is an error", () => {
    const result = compileYaml(
      "remove_roles:\n  - aws-service-role/x\n  - aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk\n  - fine\n",
    );
    expect(errorsOf(result).map(oneLine)).to.deep.equal([
      'sandbox/roles.yaml:2:5: error: remove_roles[0]: role "aws-service-role/x" is a service-linked role (path aws-service-role/); it cannot be removed here [E9001]',
      'sandbox/roles.yaml:3:5: error: remove_roles[1]: role "aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk" is a service-linked role (path aws-service-role/); it cannot be removed here [E9001]',
    ]);
  });

  it("9.1 the aws-service-role/ rule applies under remove_role too", () => {
    expect(errorsOf(compileYaml("remove_role: [aws-service-role/x]\n")).map((d) => [d.code, d.path])).to.deep.equal([["E9001", "remove_role[0]"]]);
  });

  it("9.1 a path that only contains aws-service-role further down is not service-linked", () => {
    expect(planOf(compileYaml("remove_roles: [ops/aws-service-role/x]\n")).removedRoles).to.deep.equal(["x"]);
  });

  it("9.1 a leaf merely named like the prefix is not service-linked", () => {
    expect(planOf(compileYaml("remove_roles: [aws-service-role]\n")).removedRoles).to.deep.equal(["aws-service-role"]);
  });
});
