/**
 * The validators of the dialect's schemas, from the module generated at build time when it matches the current
 * schemas, else compiled by ajv now (see compile-validators.ts). Either way they are the same code: ajv's
 * standalone output is the source of the functions it compiles.
 */
import { validatorInputs, type Validators } from "./validator-inputs";

/** Next to this file in bin/ (scripts/after-build.js writes it); absent beside the TypeScript sources. */
const GENERATED = "./validators.generated";

let validators: Validators | undefined;

/** Loaded once per process. */
export function getValidators(): Validators {
  validators ??= generatedValidators() ?? (require("./compile-validators") as typeof import("./compile-validators")).compileValidators();
  return validators;
}

/** Which validators are in use: the build's generated ones, or compiled in this process. */
export function validatorSource(): "generated" | "compiled" {
  return generatedValidators() !== undefined ? "generated" : "compiled";
}

function generatedValidators(): Validators | undefined {
  let generated: Validators & { inputs?: string };
  try {
    generated = require(GENERATED);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND") return undefined;
    throw e;
  }
  // Generated from other schemas (an edit since the last build): compiling the current ones is right, if slower.
  return generated.inputs === validatorInputs() ? generated : undefined;
}
