/**
 * The Pulumi CLI the engine tests run: whatever `scripts/pulumi-cli.sh` prints (an installed CLI recent enough,
 * or one built once from Go modules into a cache outside the repository). When there is none, the reason the
 * script gives, so the suite can say plainly why it was skipped.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

export const REPOSITORY_ROOT = path.resolve(__dirname, "..", "..", "..");

export type PulumiCli = { readonly available: true; readonly path: string } | { readonly available: false; readonly reason: string };

/** Runs the script (which may build the CLI, about 5 minutes the first time); its progress goes to stderr. */
export function locatePulumiCli(options: { build?: boolean } = {}): PulumiCli {
  const script = path.join(REPOSITORY_ROOT, "scripts", "pulumi-cli.sh");
  const result = spawnSync("bash", [script], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", options.build === false ? "pipe" : "inherit"],
    timeout: 30 * 60_000,
  });
  const printed = result.stdout?.trim() ?? "";
  if (result.status === 0 && printed !== "") return { available: true, path: printed };
  const why = (result.stderr ?? "").trim().split("\n").pop() || result.error?.message || `exit status ${result.status}`;
  return { available: false, reason: `scripts/pulumi-cli.sh found or built no Pulumi CLI (${why})` };
}
