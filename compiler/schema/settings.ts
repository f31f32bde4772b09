/**
 * The JSON Schema of the settings file of a stacks root, `iam-syncr.yaml` (optional), which tunes the lint of
 * `iam-syncr check` for one repository:
 *
 *     rules:
 *       IAM105: error      # an Allow of everything fails the check
 *       IAM106: off        # this organization trusts its partners by account id alone
 *
 * Validated like account files (validate.ts): unknown keys and rule codes are errors with a suggestion, at the
 * file, line and YAML path of the offending value.
 */
import { LINT_RULE_CODES } from "../lint/rules";

type Schema = Record<string, unknown>;

/** How a rule reports: `off` not at all, `warning` (the default) or `error` (fails the check without --strict). */
export const RULE_LEVELS = ["off", "warning", "error"] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];

const level: Schema = { enum: [...RULE_LEVELS], "x-expected": "off, warning or error" };

export const SETTINGS_SCHEMA: Schema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://github.com/iam-syncr/iam-syncr/schema/settings.json",
  title: "iam-syncr settings",
  description: "iam-syncr.yaml at the stacks root: how the lint rules of iam-syncr check report (see docs/rules/).",
  type: "object",
  properties: {
    rules: {
      type: ["object", "null"],
      properties: Object.fromEntries(LINT_RULE_CODES.map((code) => [code, level])),
      additionalProperties: false,
      "x-expected": "a mapping of lint rule codes to off, warning or error",
    },
  },
  additionalProperties: false,
};
