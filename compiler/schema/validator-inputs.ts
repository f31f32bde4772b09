/**
 * What the validators are generated from: the schemas, the ajv vocabulary of annotations, and which schema
 * each named validator checks. Cheap to load (no ajv), so that validators.ts can tell whether a generated
 * module matches the current sources.
 */
import type { ErrorObject } from "ajv";
import { FILE_SCHEMA, ROLE_VALUES_REF, SHARED_FILE_REF } from "./dialect";
import { SETTINGS_SCHEMA } from "./settings";

/** Keywords of the schemas that only annotate (read by validate.ts), declared to ajv so strict mode accepts them. */
export const ANNOTATIONS = ["x-expected", "x-message", "x-statement", "x-missing"] as const;

export const VALIDATED_SCHEMAS = {
  schemas: [FILE_SCHEMA, SETTINGS_SCHEMA],
  validators: {
    /** One account file, role and template bodies checked by key only (3.1). */
    file: FILE_SCHEMA.$id as string,
    /** One file of `_shared` (DIALECT.md 14.2): the account file's keys, plus each definition's selection. */
    sharedFile: SHARED_FILE_REF,
    /** A role's definition once its templates are merged. */
    roleValues: ROLE_VALUES_REF,
    /** The settings file of a stacks root (iam-syncr.yaml). */
    settings: SETTINGS_SCHEMA.$id as string,
  },
} as const;

/** A validator as ajv's compiled and standalone code both behave: `errors` holds the last call's errors. */
export interface SchemaValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

export type Validators = Record<keyof typeof VALIDATED_SCHEMAS.validators, SchemaValidator>;

/** The inputs as one text: a generated module is current when it was made from exactly this. */
export function validatorInputs(): string {
  return JSON.stringify({ annotations: ANNOTATIONS, schemas: VALIDATED_SCHEMAS.schemas, validators: VALIDATED_SCHEMAS.validators });
}
