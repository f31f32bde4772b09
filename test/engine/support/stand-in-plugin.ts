/**
 * Makes the engine use the stand-in AWS provider (test/engine/stand-in) and never the real plugin.
 *
 * How the engine finds a resource plugin (pulumi/pulumi v3.248.0, sdk/go/common/workspace/plugins.go
 * `getPluginInfoAndPath`): plugins named in Pulumi.yaml, then an executable `pulumi-resource-aws` on PATH (an
 * "ambient" plugin, announced with a warning on every run), then plugins bundled next to the CLI (only the
 * language hosts and `pulumi-nodejs`), then the plugin cache `$PULUMI_HOME/plugins`. Only when none matches does
 * pkg/engine/plugins.go `ensurePluginsAreInstalled` download one.
 *
 * So the harness installs the stand-in into the isolated PULUMI_HOME as `resource aws 7.48.0` (the version
 * @pulumi/aws asks for) with `pulumi plugin install --file`, exactly where a downloaded plugin would be; sets
 * PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION, so that a lookup that ever missed would fail instead of
 * downloading; and keeps every PATH entry that holds a `pulumi-resource-aws` out of the engine's PATH, so no
 * ambient plugin can win over the stand-in.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPOSITORY_ROOT } from "./pulumi-cli";

export const STAND_IN_VERSION = "7.48.0";

/** The executable the plugin cache receives: node, with ts-node transpiling the stand-in from the repository. */
export function writeStandInExecutable(folder: string): string {
  const file = path.join(folder, "pulumi-resource-aws");
  const main = path.join(REPOSITORY_ROOT, "test", "engine", "stand-in", "main.ts");
  const tsNode = require.resolve("ts-node/register/transpile-only", { paths: [REPOSITORY_ROOT] });
  const script = [
    "#!/bin/sh",
    "# The stand-in AWS provider of iam-syncr's engine tests (test/engine/stand-in); never the real pulumi-aws.",
    `export TS_NODE_PROJECT=${JSON.stringify(path.join(REPOSITORY_ROOT, "tsconfig.json"))}`,
    `exec ${JSON.stringify(process.execPath)} -r ${JSON.stringify(tsNode)} ${JSON.stringify(main)} "$@"`,
    "",
  ].join("\n");
  fs.writeFileSync(file, script, { mode: 0o755 });
  return file;
}

/** PATH entries without a `pulumi-resource-aws` in them. */
export function pathWithoutAmbientAwsPlugin(entries: readonly string[]): string[] {
  return entries.filter((entry) => entry !== "" && !fs.existsSync(path.join(entry, "pulumi-resource-aws")));
}
