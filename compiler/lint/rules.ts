/**
 * The lint rules of `iam-syncr check`, as users name them: by code in the settings file (iam-syncr.yaml) and in
 * suppression comments, with a one-line summary (SARIF's shortDescription) and a documentation page,
 * docs/rules/<code>.md (what, why, an example, how to fix), which SARIF's helpUri points to.
 *
 * Only these can be turned off, made errors or suppressed. The compiler's own diagnostics (E…, W1–W9 of
 * DIALECT.md 11.5) are the same in `compile`, `check` and the Pulumi program, and part of the plan; a setting of
 * one repository cannot change them.
 */
import { Messages, type MessageDefinition } from "../messages";

export interface LintRule {
  readonly code: string;
  /** What the rule finds, in a few words. */
  readonly summary: string;
  readonly message: MessageDefinition;
}

const rule = (message: MessageDefinition, summary: string): LintRule => ({ code: message.code, summary, message });

export const LINT_RULES: readonly LintRule[] = [
  rule(Messages.actionMalformed, "an action is not of the form service:Action"),
  rule(Messages.serviceUnknown, "an action names a service prefix that does not exist"),
  rule(Messages.actionUnknown, "an action that its service does not have"),
  rule(Messages.actionPatternMatchesNothing, "an action pattern that matches no action of its service"),
  rule(Messages.allowEverything, 'an Allow of Action "*" on Resource "*"'),
  rule(Messages.externalAccountWithoutCondition, "trust of an account outside accounts.yaml without a Condition"),
  rule(Messages.webIdentityWithoutCondition, "web identity trust without a condition on the audience or subject"),
  rule(Messages.samlWithoutAudience, "SAML trust without a SAML:aud condition"),
  rule(Messages.allowShadowed, "an Allow that a Deny of the same document always overrides"),
  rule(Messages.grantConstraintKeyCase, "encryption context keys that differ only by case"),
  rule(Messages.roleNotDefined, "a role of another account of the stacks root that it does not define"),
];

export const LINT_RULE_CODES: readonly string[] = LINT_RULES.map((r) => r.code);

export function lintRule(code: string): LintRule | undefined {
  return LINT_RULES.find((r) => r.code === code);
}
