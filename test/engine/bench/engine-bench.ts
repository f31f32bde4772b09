/**
 * `npm run bench:engine`: the engine's own cost for a large account, with the stand-in AWS provider against
 * moto_server: `pulumi preview` and a first `pulumi up` of the bench's generated 1,000-role account (the same
 * YAML `npm run bench` compiles), then a preview of the deployed stack. For each: wall time, time per resource,
 * the peak memory and CPU time of the engine, the program, the providers and moto_server; and the size of the
 * state file. Figures, not a test: it prints a table and, with --out FILE, writes the figures as JSON.
 *
 *   npm run bench:engine -- [--roles 1000] [--parallel 8] [--skip-checkpoints] [--out FILE] [--keep]
 *
 * --skip-checkpoints sets PULUMI_SKIP_CHECKPOINTS for the `up`: the engine then writes the state once at the end
 * instead of after every step (pulumi/pulumi#10668), which shows what the per-step checkpoints cost.
 *
 * moto_server answers every call in about 8 ms and serialises them (moto-notes §8), so the `up` figures are
 * a lower bound on the engine's and the program's share and an upper bound on AWS's; docs/engine.md reads them.
 */
import { CreatePolicyCommand } from "@aws-sdk/client-iam";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { writeStacksRoot } from "../../../bench/synthetic/stacks-root";
import { declareResources } from "../../../pulumi/declarations";
import { startMoto } from "../../support/moto";
import { locatePulumiCli } from "../support/pulumi-cli";
import { planOf } from "../support/stack-plan";
import { preparePulumiWorkspace } from "../support/workspace";
import type { PulumiWorkspace } from "../support/workspace";
import { ProcessTreeSampler } from "./process-memory";
import type { MemoryPeaks } from "./process-memory";

/** The bench's seed and its 1,000-role account (bench/run.ts, bench/sizes.ts), so the YAML is the same. */
const SEED = 20260905;
const ACCOUNT = { name: "bench-1k", id: "100000000001" };
const REGION = "eu-west-1";
const MIB = 1024 * 1024;

interface Measured {
  readonly command: string;
  readonly seconds: number;
  readonly msPerResource: number;
  readonly processes: MemoryPeaks;
  readonly motoCpuSeconds: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      roles: { type: "string" },
      parallel: { type: "string" },
      "skip-checkpoints": { type: "boolean" },
      out: { type: "string" },
      keep: { type: "boolean" },
    },
  });
  const roles = Number(values.roles ?? 1000);
  const parallel = Number(values.parallel ?? 8);
  const cli = locatePulumiCli();
  if (!cli.available) throw new Error(cli.reason);

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "iam-syncr-engine-bench-"));
  const stacksRoot = path.join(scratch, "stacks");
  writeStacksRoot(stacksRoot, [{ ...ACCOUNT, roles }], SEED);
  const moto = await startMoto({ accountId: ACCOUNT.id, environment: { MOTO_IAM_LOAD_MANAGED_POLICIES: "true" } });
  let workspace: PulumiWorkspace | undefined;
  try {
    const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };
    workspace = await preparePulumiWorkspace({ cli: cli.path, stacksRoot, aws: { endpoint: moto.endpoint, credentialsFor: async () => credentials } });
    const plan = planOf(workspace, ACCOUNT.name, REGION);
    const resources = declareResources(plan).length + 1;
    await createCustomerPolicies(moto.clients(), plan.account.id, plan);
    await workspace.initStack(ACCOUNT.name, { region: REGION });
    progress(`${roles} roles: ${resources} resources; cli ${cli.path}`);

    const ws = workspace;
    const measure = async (label: string, args: string[], env: Record<string, string> = {}): Promise<Measured> => {
      progress(label);
      let sampler: ProcessTreeSampler | undefined;
      const motoBefore = cpuSecondsOf(moto.pid);
      const run = await ws.pulumi([...args, "--stack", ACCOUNT.name], {
        env,
        timeoutMs: 2 * 60 * 60_000,
        onStart: (pid) => (sampler = new ProcessTreeSampler(pid)),
      });
      const processes = sampler?.stop() ?? {};
      return {
        command: `pulumi ${args.join(" ")}`,
        seconds: run.milliseconds / 1000,
        msPerResource: run.milliseconds / resources,
        processes,
        motoCpuSeconds: cpuSecondsOf(moto.pid) - motoBefore,
      };
    };
    const preview = await measure("preview of the new stack", ["preview"]);
    const skip = values["skip-checkpoints"] === true;
    const up = await measure(
      `first up (--parallel ${parallel}${skip ? ", PULUMI_SKIP_CHECKPOINTS" : ""})`,
      ["up", "--yes", "--parallel", String(parallel)],
      skip ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {},
    );
    const stateBytes = fs.statSync(ws.stateFile(ACCOUNT.name)).size;
    const again = await measure("preview of the deployed stack", ["preview", "--expect-no-changes"]);

    const figures = {
      generatedAt: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 1024 ** 3), node: process.version, loadAverage: os.loadavg() },
      account: { roles, resources, yamlFiles: countFiles(path.join(stacksRoot, ACCOUNT.name)) },
      parallel,
      skipCheckpoints: skip,
      stateFileBytes: stateBytes,
      runs: [preview, up, again],
    };
    printTable(figures.runs, resources, stateBytes);
    if (values.out !== undefined) fs.writeFileSync(values.out, `${JSON.stringify(figures, null, 2)}\n`);
  } finally {
    if (values.keep) progress(`kept ${scratch} and ${workspace?.root}`);
    else {
      await workspace?.dispose();
      fs.rmSync(scratch, { recursive: true, force: true });
    }
    await moto.stop();
  }
}

/** The customer managed policies the generated roles attach (the AWS managed ones moto loads itself). */
async function createCustomerPolicies(clients: ReturnType<Awaited<ReturnType<typeof startMoto>>["clients"]>, accountId: string, plan: ReturnType<typeof planOf>): Promise<void> {
  const prefix = `arn:aws:iam::${accountId}:policy/`;
  const names = new Set<string>();
  for (const role of Object.values(plan.roles)) {
    for (const arn of [...(role.managedPolicies ?? []), ...(role.permissionsBoundary === null ? [] : [role.permissionsBoundary])]) {
      if (arn.startsWith(prefix)) names.add(arn.slice(prefix.length));
    }
  }
  const document = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
  for (const PolicyName of names) await clients.iam.send(new CreatePolicyCommand({ PolicyName, PolicyDocument: document }));
}

function cpuSecondsOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

function countFiles(folder: string): number {
  return fs.readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
}

function printTable(runs: readonly Measured[], resources: number, stateBytes: number): void {
  const kinds = ["engine", "program", "AWS provider (stand-in)", "dynamic provider", "language host"];
  const lines = [
    `| | ${runs.map((r) => r.command).join(" | ")} |`,
    `|---|${runs.map(() => "---").join("|")}|`,
    `| wall time | ${runs.map((r) => `${r.seconds.toFixed(1)} s`).join(" | ")} |`,
    `| per resource (${resources}) | ${runs.map((r) => `${r.msPerResource.toFixed(1)} ms`).join(" | ")} |`,
    ...kinds.map(
      (kind) =>
        `| ${kind}: peak RSS / CPU | ${runs
          .map((r) => {
            const usage = r.processes[kind];
            if (usage === undefined) return "–";
            const many = usage.processes > 1 ? ` (${usage.processes} processes, largest ${(usage.largestBytes / MIB).toFixed(0)} MiB)` : "";
            return `${(usage.sumBytes / MIB).toFixed(0)} MiB${many} / ${usage.cpuSeconds.toFixed(1)} s`;
          })
          .join(" | ")} |`,
    ),
    `| moto_server CPU | ${runs.map((r) => `${r.motoCpuSeconds.toFixed(1)} s`).join(" | ")} |`,
  ];
  process.stdout.write(`${lines.join("\n")}\n\nstate file after the first up: ${(stateBytes / MIB).toFixed(1)} MiB\n`);
}

function progress(message: string): void {
  process.stderr.write(`[bench:engine ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:engine failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
