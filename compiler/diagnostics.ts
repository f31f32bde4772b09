/**
 * Diagnostics are data: every stage reports into a `Diagnostics` collector and carries on with the next item;
 * nothing is thrown across stages. Positions are resolved only when the run ends, and only for files that
 * have a diagnostic (see source/positions.ts).
 */
import type { MessageArgs, MessageDefinition } from "./messages";
import { formatMessage } from "./messages";
import type { Origin, YamlPath } from "./source/location";
import type { LineColumn, Span } from "./source/positions";
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
  /** Where the offending value (or key) ends, when known: the position just after its last character. */
  endLine?: number;
  endColumn?: number;
  path?: string;
  message: string;
  /** Other places the diagnostic is about (the other definition of a name defined twice); the message names them too. */
  related?: RelatedLocation[];
  /** Set by `iam-syncr check` on a lint finding that a comment suppressed; it is then not counted. */
  suppressed?: Suppressed;
}

/** A place a diagnostic refers to besides its own. */
export interface RelatedLocation {
  file: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  path?: string;
}

/** A lint finding silenced by a comment `# iam-syncr: ignore <code> <reason>` on its line. */
export interface Suppressed {
  reason: string;
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
  /** Other places the diagnostic is about. */
  related?: readonly Site[];
  /** Depends on the account being compiled whatever it is about (a conflict with the account's own definitions: 14.5). */
  accountDependent?: boolean;
}

/** The same place with related places, or marked as depending on the account being compiled (see AccountScope). */
export function siteWith(site: Site, extra: { related?: readonly Site[]; accountDependent?: boolean }): Site {
  return {
    // Getters: a Located's site works out its origin and path only when a diagnostic is resolved.
    get file() {
      return site.file;
    },
    get origin() {
      return site.origin;
    },
    get path() {
      return site.path;
    },
    point: site.point,
    at: site.at,
    related: extra.related ?? site.related,
    accountDependent: extra.accountDependent ?? site.accountDependent,
  };
}

/**
 * What a diagnostic in a file of `_shared` means for the account being compiled (DIALECT.md 14.5): whether it
 * depends on that account, and, when it is about a definition of `_shared`, the accounts that definition is
 * selected for (so that `iam-syncr check` can tell one reported for all of them from one reported for some).
 */
export interface SharedClassification {
  dependent: boolean;
  selection: readonly string[] | undefined;
}

/** Set for the compilation of one account once `_shared` is part of it. */
export interface AccountScope {
  readonly account: string;
  /** Undefined for a diagnostic outside `_shared`. */
  classify(file: SourceFile, site: Site): SharedClassification | undefined;
}

/** A resolved diagnostic, before `(for account …)` is added, with its classification when it is in `_shared`. */
export interface ClassifiedDiagnostic {
  diagnostic: Diagnostic;
  shared: SharedClassification | undefined;
}

interface Pending {
  definition: MessageDefinition;
  message: string;
  site: Site;
  /** The account scope in force when it was reported: `_shared` as read once has none. */
  scope: AccountScope | undefined;
}

export class Diagnostics {
  private readonly pending: Pending[] = [];
  private errorCount = 0;
  private scope: AccountScope | undefined;

  report<T extends MessageDefinition>(definition: T, args: MessageArgs<T>, site: Site): void {
    this.pending.push({ definition, message: formatMessage(definition, args), site, scope: this.scope });
    if (definition.severity === "error") this.errorCount++;
  }

  /** From now on, diagnostics in `_shared` are about this account (14.5). */
  enterAccount(scope: AccountScope): void {
    this.scope = scope;
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

  /**
   * Resolves positions, removes exact repeats and sorts by file, line, column and path (11.2). A diagnostic in
   * `_shared` that depends on the account being compiled ends with `(for account <name>)` (14.5).
   */
  resolve(): Diagnostic[] {
    return this.resolveClassified().map(({ diagnostic, shared }) =>
      shared?.dependent === true ? { ...diagnostic, message: `${diagnostic.message} ${forAccounts([this.scope!.account])}` } : diagnostic,
    );
  }

  /** As resolve, without the `(for account …)` ending: what `iam-syncr check` aggregates over accounts. */
  resolveClassified(): ClassifiedDiagnostic[] {
    const seen = new Set<string>();
    const out: ClassifiedDiagnostic[] = [];
    for (const entry of this.pending) {
      const diagnostic = resolveOne(entry);
      const identity = JSON.stringify(diagnostic);
      if (seen.has(identity)) continue;
      seen.add(identity);
      const file = entry.site.origin?.file ?? entry.site.file;
      out.push({ diagnostic, shared: file === undefined ? undefined : entry.scope?.classify(file, entry.site) });
    }
    return out.sort((a, b) => compareDiagnostics(a.diagnostic, b.diagnostic));
  }
}

/** `(for account live)`, `(for accounts live, sandbox)`: sorted (14.5). */
export function forAccounts(accounts: readonly string[]): string {
  const sorted = [...accounts].sort(compareText);
  return sorted.length === 1 ? `(for account ${sorted[0]})` : `(for accounts ${sorted.join(", ")})`;
}

function resolveOne({ definition, message, site }: Pending): Diagnostic {
  const diagnostic: Diagnostic = { severity: definition.severity, code: definition.code, message };
  Object.assign(diagnostic, locationOf(site));
  const template = site.origin?.template();
  const fromTemplate = template !== undefined && site.path !== undefined && site.path.first() !== "templates";
  diagnostic.message = fromTemplate ? `${message} (via template ${template})` : message;
  if (site.related !== undefined && site.related.length > 0) {
    diagnostic.related = site.related.map(locationOf).filter((r): r is RelatedLocation => r.file !== undefined);
  }
  return diagnostic;
}

function locationOf(site: Site): Partial<RelatedLocation> {
  const out: Partial<RelatedLocation> = {};
  const file = site.origin?.file ?? site.file;
  if (file !== undefined) {
    out.file = file.displayPath;
    const span = site.at === undefined ? locate(file, site) : { start: site.at, end: undefined };
    if (span !== undefined) {
      out.line = span.start.line;
      out.column = span.start.column;
      if (span.end !== undefined) {
        out.endLine = span.end.line;
        out.endColumn = span.end.column;
      }
    }
  }
  const path = site.path?.toString();
  if (path) out.path = path;
  return out;
}

function locate(file: SourceFile, site: Site): Span | undefined {
  // Without an origin the logical path is the path in the file (top-level keys, buckets, keys, accounts).
  const segments = site.origin?.segments() ?? site.path?.segments();
  if (segments === undefined) return undefined;
  return file.positions()?.span(segments, site.point === "key" ? "key" : "value");
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
