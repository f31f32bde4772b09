/**
 * The strongly connected components of a graph (Tarjan's algorithm): the accounts that reference each other's
 * roles (check's deploy order), the roles of one account whose trust policies name each other (the first pass).
 * With a stack of its own rather than the call stack, so that a chain of any length (thousands of roles) is
 * walked, never a stack overflow.
 */
import { compareText } from "./values";

/** Each component's members sorted by name; components in the order Tarjan's algorithm completes them. */
export function stronglyConnected(nodes: readonly string[], successors: (node: string) => readonly string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  /** The walk: each node being visited, with its successors and how far through them it is. */
  const walk: { node: string; next: readonly string[]; at: number }[] = [];
  const enter = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    walk.push({ node, next: successors(node), at: 0 });
  };
  for (const root of nodes) {
    if (index.has(root)) continue;
    enter(root);
    while (walk.length > 0) {
      const frame = walk[walk.length - 1];
      if (frame.at < frame.next.length) {
        const next = frame.next[frame.at++];
        if (!index.has(next)) enter(next);
        else if (onStack.has(next)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(next)!));
        continue;
      }
      walk.pop();
      const parent = walk[walk.length - 1];
      if (parent !== undefined) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const members: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        members.push(member);
      } while (member !== frame.node);
      components.push(members.sort(compareText));
    }
  }
  return components;
}

/** The nodes that lie on a cycle: in a component of two or more, or with an edge to themselves. */
export function nodesOnCycles(nodes: readonly string[], successors: (node: string) => readonly string[]): Set<string> {
  const onCycles = new Set<string>();
  for (const members of stronglyConnected(nodes, successors)) {
    if (members.length > 1 || successors(members[0]).includes(members[0])) for (const member of members) onCycles.add(member);
  }
  return onCycles;
}
