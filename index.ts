/**
 * The iam-syncr Pulumi program: one stack per AWS account, named after the account (a key of accounts.yaml).
 * It compiles `<stacksDir>/<stack>` and declares what the YAML says; pulumi/program.ts holds the logic.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { firstPassPendingRolesFrom, runIamSyncr } from "./pulumi/program";

const config = new pulumi.Config("iam-syncr");

export = runIamSyncr({
  stack: pulumi.getStack(),
  // Relative to the project root (this folder), whatever the current directory is.
  stacksDir: path.resolve(__dirname, config.get("stacksDir") ?? "stacks"),
  region: new pulumi.Config("aws").get("region"),
  strict: config.getBoolean("strict") ?? false,
  // Only `iam-syncr up` sets it, for the first pass over a cycle of accounts (docs/run-all.md).
  firstPassPendingRoles: firstPassPendingRolesFrom(process.env),
});
