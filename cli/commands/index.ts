/**
 * Every command of `iam-syncr`, in the order `--help` lists them. Adding a command is adding its module in this
 * folder (see compile.ts: a `defineCommand` with its arguments, options, help and `run`) and one line here.
 */
import type { CommandSpec } from "../command";
import check from "./check";
import compile from "./compile";
import generate from "./generate";
import graph from "./graph";
import importPlan from "./import-plan";
import preview from "./preview";
import schema from "./schema";
import up from "./up";

export const COMMANDS: readonly CommandSpec[] = [
  compile,
  check,
  graph,
  schema,
  importPlan,
  generate,
  preview,
  up,
];
