/**
 * The order in which account stacks must be deployed: an account whose policies name a role of another
 * account comes after that account, since AWS rejects a principal that does not exist yet. Accounts that
 * reference each other (a cycle) form one step whose stacks need two passes.
 */
import { stronglyConnected } from "../strongly-connected";
import { compareText } from "../values";

export interface DeployStep {
  /** One account, or the accounts of a cycle, sorted by name. */
  accounts: string[];
  /** The accounts outside this step that must be deployed before it, sorted. */
  after: string[];
  /** For a cycle, one closed path through it (`[a, b, a]`); otherwise null. */
  cycle: string[] | null;
}

/**
 * `dependsOn`: for each account, the accounts it references (which must be deployed first). Steps come in a
 * deterministic order: among the steps whose dependencies are all placed, the one with the first name.
 */
export function deployOrder(accounts: readonly string[], dependsOn: ReadonlyMap<string, ReadonlySet<string>>): DeployStep[] {
  const names = [...new Set(accounts)].sort(compareText);
  const successors = (name: string) => [...(dependsOn.get(name) ?? [])].filter((d) => d !== name && names.includes(d)).sort(compareText);
  const components = stronglyConnected(names, successors);
  const componentOf = new Map<string, number>();
  components.forEach((members, index) => members.forEach((m) => componentOf.set(m, index)));

  const steps: DeployStep[] = [];
  const placed = new Set<number>();
  while (placed.size < components.length) {
    const ready = components
      .map((members, index) => ({ members, index }))
      .filter(({ index, members }) => !placed.has(index) && members.every((m) => successors(m).every((d) => componentOf.get(d) === index || placed.has(componentOf.get(d)!))))
      .sort((a, b) => compareText(a.members[0], b.members[0]));
    const { members, index } = ready[0];
    placed.add(index);
    const after = [...new Set(members.flatMap(successors))].filter((d) => componentOf.get(d) !== index).sort(compareText);
    steps.push({ accounts: members, after, cycle: members.length > 1 ? cycleThrough(members, successors) : null });
  }
  return steps;
}

/** The shortest closed path from the first member back to itself, within the component. */
function cycleThrough(members: readonly string[], successors: (name: string) => string[]): string[] {
  const start = members[0];
  const inside = new Set(members);
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const next of successors(current)) {
      if (!inside.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let at: string | undefined = current; at !== undefined && at !== start; at = previous.get(at)) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, current);
        queue.push(next);
      }
    }
  }
  return [...members, start];
}
