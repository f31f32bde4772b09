/** What the HTML page embeds as JSON for its script: the graph and what Node computed for drawing it. */
import type { Graph } from "../model";
import type { Layout } from "./layout";

export interface PageData {
  graph: Graph;
  layout: Layout;
  /** Group id → `example (123456789012)`. */
  groupLabels: Record<string, string>;
  /** Edge id → the caption drawings show (label, objects, conditions, risks). */
  captions: Record<string, string>;
  /** Edge id → its risks as shown (`W3`, `wildcard`). */
  riskLabels: Record<string, string[]>;
  /** YAML file (as in a SourceRef) → a link to it relative to where the page is written. */
  hrefs: Record<string, string>;
  legend: readonly string[];
}
