/**
 * A recording Pulumi engine for tests: `pulumi.runtime.setMocks` plus a record of every registration, with what
 * the mocks API does not show (resource options: dependencies, delete-before-replace, retain-on-delete), taken
 * from the mock monitor's registration requests.
 */
import * as pulumi from "@pulumi/pulumi";

export const PROJECT = "iam-syncr";

export interface Registration {
  type: string;
  name: string;
  urn: string;
  id: string;
  inputs: Record<string, unknown>;
  /** `<provider URN>::<provider id>`, or "" for the default provider. */
  provider: string;
  deleteBeforeReplace: boolean;
  retainOnDelete: boolean;
  ignoreChanges: string[];
  /** URNs of every resource it depends on (dependsOn and inputs). */
  dependencies: string[];
  /** URNs of the resources whose replacement replaces it. */
  replaceWith: string[];
  /** Input name → URNs it depends on. */
  propertyDependencies: Record<string, string[]>;
}

export interface MockEngine {
  /** Every registration so far, in order. */
  readonly registrations: Registration[];
  /** Waits until every registration that was started has reached the engine. */
  settle(): Promise<void>;
}

type State = Record<string, unknown>;

/**
 * Installs fresh mocks for `stack`; `state` adds mock-only outputs (ARNs, key ids) to what a resource echoes. It may
 * be asynchronous, e.g. to run a dynamic resource's real provider.
 */
export async function startMockEngine(
  stack: string,
  state: (type: string, name: string, inputs: State) => State | Promise<State>,
): Promise<MockEngine> {
  const registrations: Registration[] = [];
  const options = new Map<
    string,
    Pick<Registration, "deleteBeforeReplace" | "retainOnDelete" | "ignoreChanges" | "dependencies" | "replaceWith" | "propertyDependencies">
  >();
  await pulumi.runtime.setMocks(
    {
      async newResource(args) {
        const id = `${args.name}-id`;
        const urn = `urn:pulumi:${stack}::${PROJECT}::${args.type}::${args.name}`;
        // Recorded before any asynchronous state, so registrations stay in the order the program made them.
        registrations.push({
          type: args.type,
          name: args.name,
          urn,
          id,
          inputs: args.inputs,
          provider: args.provider ?? "",
          ...(options.get(urn) ?? {
            deleteBeforeReplace: false,
            retainOnDelete: false,
            ignoreChanges: [],
            dependencies: [],
            replaceWith: [],
            propertyDependencies: {},
          }),
        });
        // A mock that throws only shows up as a test timeout; record the failure and answer anyway.
        let extra: State = {};
        try {
          extra = await state(args.type, args.name, args.inputs);
        } catch (error) {
          extra = { mockError: String(error) };
        }
        return { id, state: { ...args.inputs, ...extra } };
      },
      call(args) {
        throw new Error(`unexpected invoke ${args.token}`);
      },
    },
    PROJECT,
    stack,
    false,
  );
  recordResourceOptions(stack, options);
  return {
    registrations,
    settle: () => waitForRegistrations(),
  };
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getDeletebeforereplace(): boolean;
  getRetainondelete(): boolean;
  getIgnorechangesList(): string[];
  getDependenciesList(): string[];
  getReplaceWithList(): string[];
  getPropertydependenciesMap(): { forEach(f: (value: { getUrnsList(): string[] }, key: string) => void): void };
}

interface Monitor {
  registerResource(request: RegisterRequest, callback: unknown): unknown;
}

/** The mock monitor runs `newResource` from its `registerResource`; wrapping that shows the whole request. */
function recordResourceOptions(stack: string, options: Map<string, Omit<Registration, "type" | "name" | "urn" | "id" | "inputs" | "provider">>): void {
  const settings = require("@pulumi/pulumi/runtime/settings") as { getMonitor(): Monitor };
  const monitor = settings.getMonitor();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) => {
    const propertyDependencies: Record<string, string[]> = {};
    request.getPropertydependenciesMap().forEach((value, key) => {
      propertyDependencies[key] = value.getUrnsList();
    });
    options.set(`urn:pulumi:${stack}::${PROJECT}::${request.getType()}::${request.getName()}`, {
      deleteBeforeReplace: request.getDeletebeforereplace(),
      retainOnDelete: request.getRetainondelete(),
      ignoreChanges: request.getIgnorechangesList(),
      dependencies: request.getDependenciesList(),
      replaceWith: request.getReplaceWithList(),
      propertyDependencies,
    });
    return register(request, callback);
  };
}

async function waitForRegistrations(): Promise<void> {
  const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
  await settings.waitForRPCs();
}

/** Resolves an Output in a test (never resolves for an unknown value; tests run with preview off). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}
