/**
 * Source positions of YAML nodes, recovered on demand.
 *
 * Files are parsed once for their data with js-yaml and no listener (the fast path). Only when a diagnostic
 * needs a line and column is the file parsed again with js-yaml's `listener`, which reports where each node
 * was composed; this module turns that event stream into a tree that mirrors the data and answers
 * "where is the value (or the key) at this path?".
 *
 * js-yaml reports a node's "open" position before it skips the white space and comments that precede the
 * node, so every recorded offset is moved forward past them to the node's first character.
 */
import * as yaml from "js-yaml";
import { YAML_SCHEMA } from "./yaml-schema";

export type Segment = string | number;

export interface LineColumn {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units (as editors and js-yaml count them). */
  column: number;
}

/** Where a node starts and where it ends (exclusive: the position just after its last character). */
export interface Span {
  start: LineColumn;
  end: LineColumn;
}

interface PositionNode {
  offset: number;
  /** Just after the node's last character (white space and comments after it excluded). */
  end: number;
  kind: string | null;
  tag: string | null;
  result: unknown;
  children: PositionNode[];
  /** For sequences: the node of each item, or undefined where an empty item composed nothing. */
  items?: (PositionNode | undefined)[];
  /** For mappings: the key and value nodes of each key (merge keys excluded). */
  pairs?: Map<string, { key: PositionNode; value?: PositionNode }>;
  /** For mappings: the nodes merged in with `<<`, in order. */
  merges?: PositionNode[];
}

const MERGE_TAG = "tag:yaml.org,2002:merge";

export class PositionIndex {
  private readonly lineStarts: number[];
  private readonly root: PositionNode | undefined;
  /** The node that first composed each collection, so aliases can be followed to their anchor. */
  private readonly byResult = new Map<object, PositionNode>();

  constructor(private readonly text: string) {
    this.lineStarts = computeLineStarts(text);
    this.root = this.build();
  }

  /** Where the value at `path` starts; when the path cannot be followed all the way, its deepest known ancestor. */
  locateValue(path: readonly Segment[]): LineColumn | undefined {
    const node = this.walk(path, "value");
    return node === undefined ? undefined : this.lineColumn(node.offset);
  }

  /** Where the key of the last segment of `path` starts (a list index gives the item itself). */
  locateKey(path: readonly Segment[]): LineColumn | undefined {
    const node = this.walk(path, "key");
    return node === undefined ? undefined : this.lineColumn(node.offset);
  }

  /** The span of the value (or of the key, with `target: "key"`) at `path`, or of its deepest known ancestor. */
  span(path: readonly Segment[], target: "key" | "value"): Span | undefined {
    const node = this.walk(path, target);
    if (node === undefined) return undefined;
    return { start: this.lineColumn(node.offset), end: this.lineColumn(Math.max(node.end, node.offset)) };
  }

  /** Whether the mapping key at `path` was written as a plain scalar that YAML typed as something other than a string. */
  keyTypeAt(path: readonly Segment[]): string | undefined {
    const node = this.walk(path, "key", true);
    if (node === undefined) return undefined;
    const value = node.result;
    if (typeof value === "string") return undefined;
    if (Array.isArray(value)) return "list";
    return value === null ? "null" : typeof value === "boolean" ? "boolean" : typeof value === "number" ? "number" : typeof value === "object" ? "mapping" : typeof value;
  }

  /** The resolved YAML tag of the value at `path` (e.g. `tag:yaml.org,2002:float`), when it was composed. */
  tagAt(path: readonly Segment[]): string | undefined {
    return this.walk(path, "value", true)?.tag ?? undefined;
  }

  lineColumn(offset: number): LineColumn {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - this.lineStarts[low] + 1 };
  }

  private walk(path: readonly Segment[], target: "key" | "value", exact = false): PositionNode | undefined {
    let node = this.root;
    if (node === undefined) return undefined;
    for (let i = 0; i < path.length; i++) {
      const container: PositionNode = this.followAlias(node);
      const step = this.step(container, path[i]);
      if (step === undefined) return exact ? undefined : container;
      const last = i === path.length - 1;
      if (last && target === "key") return step.key;
      node = step.value ?? step.key;
      if (step.value === undefined && !last) return exact ? undefined : step.key;
    }
    return node;
  }

  private step(container: PositionNode, segment: Segment): { key: PositionNode; value?: PositionNode } | undefined {
    if (typeof segment === "number") {
      const item = container.items?.[segment];
      return item === undefined ? undefined : { key: item, value: item };
    }
    const pair = container.pairs?.get(segment);
    if (pair !== undefined) return pair;
    // A key brought in by a merge key (`<<: *base`) was written in the merged mapping.
    for (const merged of container.merges ?? []) {
      const source = this.followAlias(merged);
      const sources = source.kind === "sequence" ? source.children.map((c) => this.followAlias(c)) : [source];
      for (const candidate of sources) {
        const found = this.step(candidate, segment);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  }

  /** An alias node composes the anchored value; positions inside it are those of the anchor. */
  private followAlias(node: PositionNode): PositionNode {
    if (node.kind === null && node.result !== null && typeof node.result === "object") {
      const anchored = this.byResult.get(node.result);
      if (anchored !== undefined && anchored !== node) return anchored;
    }
    return node;
  }

  private build(): PositionNode | undefined {
    const stack: PositionNode[] = [];
    let root: PositionNode | undefined;
    const listener = (event: "open" | "close", state: ListenerState): void => {
      if (event === "open") {
        stack.push({ offset: state.position, end: state.position, kind: null, tag: null, result: undefined, children: [] });
        return;
      }
      let node = stack.pop();
      if (node === undefined) return;
      node.kind = state.kind;
      node.tag = state.tag;
      node.result = state.result;
      node.offset = this.skipToContent(node.offset);
      node.end = this.endOf(node, state.position);
      // A block sequence item is composed twice, one node wrapped in another with the same result.
      if (node.children.length === 1 && sameValue(node.children[0].result, node.result)) node = node.children[0];
      else if (node.kind === "mapping") this.pairUp(node);
      else if (node.kind === "sequence") this.alignItems(node);
      if (node.children.length > 0 && node.result !== null && typeof node.result === "object" && !this.byResult.has(node.result)) {
        this.byResult.set(node.result, node);
      }
      const parent = stack[stack.length - 1];
      if (parent === undefined) root = node;
      else parent.children.push(node);
    };
    try {
      yaml.load(this.text, { schema: YAML_SCHEMA, listener: listener as unknown as yaml.LoadOptions["listener"] });
    } catch {
      // The fast path reported the syntax error; positions of what was read before it remain usable.
    }
    return root ?? stack[0];
  }

  /**
   * Children of a mapping come as key, value, key, value, with two irregularities: an empty or absent value
   * composes nothing (or is not composed at all, in flow mappings), and block mappings end with one failed
   * attempt to read a key. A child is taken as the value of the preceding key only when it composed exactly
   * the value that the mapping holds for that key.
   */
  private pairUp(mapping: PositionNode): void {
    const result = mapping.result as Record<string, unknown>;
    const pairs = new Map<string, { key: PositionNode; value?: PositionNode }>();
    const merges: PositionNode[] = [];
    const children = mapping.children;
    let i = 0;
    while (i < children.length) {
      const keyNode = children[i++];
      if (keyNode.kind === null) continue;
      if (keyNode.tag === MERGE_TAG) {
        const source = children[i];
        if (source !== undefined && composed(source)) {
          merges.push(source);
          i++;
        }
        continue;
      }
      const key = String(keyNode.result);
      const expected = Object.prototype.hasOwnProperty.call(result, key) ? result[key] : undefined;
      const candidate = children[i];
      let valueNode: PositionNode | undefined;
      if (candidate !== undefined && sameValue(candidate.result, expected) && (composed(candidate) || expected === null)) {
        valueNode = composed(candidate) ? candidate : undefined;
        i++;
      }
      if (!pairs.has(key)) pairs.set(key, { key: keyNode, value: valueNode });
    }
    mapping.pairs = pairs;
    if (merges.length > 0) mapping.merges = merges;
  }

  /** Items whose compose produced nothing (an empty `-`) have no node; match the rest by the value they composed. */
  private alignItems(sequence: PositionNode): void {
    const values = sequence.result as unknown[];
    const children = sequence.children.filter(composed);
    const items: (PositionNode | undefined)[] = [];
    let next = 0;
    for (const value of values) {
      const candidate = children[next];
      if (candidate !== undefined && sameValue(candidate.result, value)) {
        items.push(candidate);
        next++;
      } else {
        items.push(undefined);
      }
    }
    sequence.items = items;
  }

  /**
   * Where a node ends. js-yaml closes a scalar or a flow collection just after it (after trailing spaces, and
   * after the line breaks of a block scalar), but a block collection only where the next node starts, past
   * comments and blank lines: a block collection ends where its last child ends.
   */
  private endOf(node: PositionNode, closedAt: number): number {
    const first = this.text.charCodeAt(node.offset);
    const flow = first === 0x7b /* { */ || first === 0x5b; /* [ */
    if ((node.kind === "mapping" || node.kind === "sequence") && !flow) {
      // The last child that composed something: a block mapping ends with a failed attempt to read a key.
      for (let i = node.children.length - 1; i >= 0; i--) if (composed(node.children[i])) return node.children[i].end;
    }
    let end = closedAt;
    while (end > node.offset && isWhiteSpace(this.text.charCodeAt(end - 1))) end--;
    return end;
  }

  /** Moves past white space, line breaks and comments: js-yaml opens a node before skipping them. */
  private skipToContent(offset: number): number {
    const text = this.text;
    let i = offset;
    for (;;) {
      const ch = text.charCodeAt(i);
      if (ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d || ch === 0xfeff) {
        i++;
      } else if (ch === 0x23 /* # */) {
        while (i < text.length && text.charCodeAt(i) !== 0x0a) i++;
      } else {
        return i;
      }
    }
  }
}

interface ListenerState {
  position: number;
  kind: string | null;
  tag: string | null;
  result: unknown;
}

/** Whether a compose produced a node: a scalar or collection, or an alias (kind null, but an object result). */
function composed(node: PositionNode): boolean {
  return node.kind !== null || (node.result !== null && typeof node.result === "object");
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b));
}

function isWhiteSpace(ch: number): boolean {
  return ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d;
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) starts.push(i + 1);
  }
  return starts;
}
