/**
 * Diagnostics are data: every stage reports into a `Diagnostics` collector and carries on with the next item;
 * nothing is thrown across stages. Positions are resolved only when the run ends, and only for files that
 * have a diagnostic (see source/positions.ts).
 */
import type { MessageArgs, MessageDefinition } from "./messages";
import { formatMessage } from "./messages";
import type { Origin, YamlPath } from "./source/location";
import type { LineColumn } from "./source/positions";
import type { SourceFile } from "./source/source-file";
import { compareText } from "./values";

export type Severity = "error" | "warning";

/** A diagnostic as users see it (DIALECT.md §11); parts that are unknown are absent. */
export interface Diagnostic {
  severity: Severity;
  code: string;
  file?: string;
  line?: number;
  column?: number;
  path?: string;
  message: string;
}

/**
 * Where a diagnostic points. `origin` is where the offending value was written, `path` what it is for; when
 * a value came from a template the two differ (3.7). `point: "key"` points at the key instead of the value.
 */
export interface Site {
  file?: SourceFile;
  origin?: Origin;
  path?: YamlPath;
  point?: "key" | "value";
  /** An explicit position, for what has no path (YAML syntax errors). */
  at?: LineColumn;
}

interface Pending {
  definition: MessageDefinition;
  message: string;
  site: Site;
}

export class Diagnostics {
  private readonly pending: Pending[] = [];
  private errorCount = 0;

  report<T extends MessageDefinition>(definition: T, args: MessageArgs<T>, site: Site): void {
    this.pending.push({ definition, message: formatMessage(definition, args), site });
    if (definition.severity === "error") this.errorCount++;
  }

  /** Diagnostics of any severity reported so far. */
  get reports(): number {
    return this.pending.length;
  }

  get hasErrors(): boolean {
    return this.errorCount > 0;
  }

  /** Errors reported so far; lets a stage tell whether an item it is checking produced any. */
  get errors(): number {
    return this.errorCount;
  }

  /** Resolves positions, removes exact repeats and sorts by file, line, column and path (11.2). */
  resolve(): Diagnostic[] {
    const seen = new Set<string>();
    const out: Diagnostic[] = [];
    for (const entry of this.pending) {
      const diagnostic = resolveOne(entry);
      const identity = JSON.stringify(diagnostic);
      if (seen.has(identity)) continue;
      seen.add(identity);
      out.push(diagnostic);
    }
    return out.sort(compareDiagnostics);
  }
}

function resolveOne({ definition, message, site }: Pending): Diagnostic {
  const file = site.origin?.file ?? site.file;
  const diagnostic: Diagnostic = { severity: definition.severity, code: definition.code, message };
  if (file !== undefined) {
    diagnostic.file = file.displayPath;
    const at = site.at ?? locate(file, site);
    if (at !== undefined) {
      diagnostic.line = at.line;
      diagnostic.column = at.column;
    }
  }
  const path = site.path?.toString();
  if (path) diagnostic.path = path;
  const template = site.origin?.template();
  const fromTemplate = template !== undefined && site.path !== undefined && site.path.first() !== "templates";
  diagnostic.message = fromTemplate ? `${message} (via template ${template})` : message;
  return diagnostic;
}

function locate(file: SourceFile, site: Site): LineColumn | undefined {
  // Without an origin the logical path is the path in the file (top-level keys, buckets, keys, accounts).
  const segments = site.origin?.segments() ?? site.path?.segments();
  if (segments === undefined) return undefined;
  const positions = file.positions();
  if (positions === undefined) return undefined;
  return site.point === "key" ? positions.locateKey(segments) : positions.locateValue(segments);
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareText(a.file ?? "", b.file ?? "") ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    compareText(a.path ?? "", b.path ?? "") ||
    compareText(a.message, b.message)
  );
}

/**
 * The one-line form of DIALECT.md 11.1: `<file>:<line>:<column>: <severity>: <yaml path>: <message>`, for a
 * terminal or a log. Names, keys and values quoted in the message, the file name and the path come from the
 * user, so their control characters are escaped: a newline or a terminal escape sequence in a key can neither
 * forge a diagnostic line nor colour the terminal. (The JSON outputs keep the text as it is: JSON escapes it.)
 */
export function formatDiagnostic(d: Diagnostic): string {
  let location = d.file ?? "";
  if (d.file !== undefined && d.line !== undefined) location += `:${d.line}`;
  if (d.file !== undefined && d.line !== undefined && d.column !== undefined) location += `:${d.column}`;
  const head = location === "" ? `${d.severity}` : `${location}: ${d.severity}`;
  return escapeControlCharacters(d.path ? `${head}: ${d.path}: ${d.message}` : `${head}: ${d.message}`);
}

/**
 * Characters that move the cursor, end a line, start a terminal escape sequence or reorder what follows
 * (C0 and C1 controls, DEL, line and paragraph separators, bidirectional controls), written as in JSON:
 * `\n`, `\r`, `\t`, else `\u001b`. Tabs are kept with `keepTabs` (a source line under which a caret is drawn).
 */
export function escapeControlCharacters(text: string, options: { keepTabs?: boolean } = {}): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g, (c) => {
    if (c === "\t") return options.keepTabs ? c : "\\t";
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

/** "2 errors, 1 warning" */
export function summarize(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(errors, "error")}, ${plural(warnings, "warning")}`;
}
