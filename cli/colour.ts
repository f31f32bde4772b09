/**
 * Colour in terminals only. The decision is Node's own (what `util.styleText` does with `validateStream` in
 * Node 22): `FORCE_COLOR` decides when it is set (`0` or `false` turn colour off, anything else on, even into a
 * pipe or file); otherwise colour only on a TTY whose colour depth is above 2, which `NO_COLOR`,
 * `NODE_DISABLE_COLORS` and `TERM=dumb` bring down to 1. The styles are `util.styleText`'s (Node 20.12+).
 */
import type { Severity } from "../compiler";

type Environment = Readonly<Record<string, string | undefined>>;

/** Whether text written to `stream` should carry colour. */
export function colourFor(stream: { isTTY?: boolean }, env: Environment = process.env): boolean {
  // getColorDepth reads only its `env` argument; calling it on the prototype judges any stream, TTY or not.
  // node:tty (and node:net behind it) is loaded only when needed: it costs 10 ms of a 100 ms start-up.
  const depth = (of: Environment) => (require("node:tty") as typeof import("node:tty")).WriteStream.prototype.getColorDepth.call(undefined as never, of as NodeJS.ProcessEnv);
  // FORCE_COLOR wins over NO_COLOR (Node would say so in a warning on stderr; the decision is the same without it).
  if (env.FORCE_COLOR !== undefined) return depth({ ...env, NO_COLOR: undefined }) > 2;
  return stream.isTTY === true && depth(env) > 2;
}

/** How diagnostics are styled; `PLAIN` leaves text as it is. */
export interface Style {
  severity(severity: Severity, text: string): string;
  /** The caret line under a source span. */
  marker(severity: Severity, text: string): string;
  /** Line numbers, the gutter, the code after the caret. */
  dim(text: string): string;
  bold(text: string): string;
}

export const PLAIN: Style = {
  severity: (_, text) => text,
  marker: (_, text) => text,
  dim: (text) => text,
  bold: (text) => text,
};

type StyleText = typeof import("node:util").styleText;
type Format = Parameters<StyleText>[0];

/**
 * The decision is colourFor's, made once for the stream: styleText must not make its own (it would ask stdout).
 * node:util is loaded on the first styled text, not at start-up.
 */
const styled = (format: Format, text: string): string =>
  ((require("node:util") as { styleText: StyleText }).styleText as (f: Format, t: string, o: object) => string)(format, text, { validateStream: false });

const COLOURED: Style = {
  severity: (severity, text) => styled(["bold", severity === "error" ? "red" : "yellow"] as never, text),
  marker: (severity, text) => styled(severity === "error" ? "red" : "yellow", text),
  dim: (text) => styled("dim", text),
  bold: (text) => styled("bold", text),
};

export function styleOf(colour: boolean | undefined): Style {
  return colour === true ? COLOURED : PLAIN;
}
