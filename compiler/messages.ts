/**
 * Every message the compiler can print, in one catalog with a stable code (after the TypeScript compiler's
 * diagnosticMessages.json), so that wording stays consistent and tests can name what they expect.
 *
 * Codes: E1xxx files, YAML and accounts; E2xxx top level and names; E3xxx templates; E4xxx roles;
 * E5xxx statements; E6xxx specifiers and principals; E7xxx buckets; E8xxx keys and grants; E9xxx removals;
 * E91xx limits; W1–W8 are the warnings of DIALECT.md 11.5; E0xxx are shape errors found by the schema.
 * A `{name}` in a text is filled from the arguments; the type system checks that every one is given.
 */
import type { Severity } from "./diagnostics";

export interface MessageDefinition {
  readonly code: string;
  readonly severity: Severity;
  readonly text: string;
}

type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;

export type MessageArgs<T extends MessageDefinition> = { readonly [K in Placeholders<T["text"]>]: string | number };

export function formatMessage<T extends MessageDefinition>(definition: T, args: MessageArgs<T>): string {
  const values = args as Record<string, string | number>;
  return definition.text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

const error = <T extends string>(code: string, text: T) => ({ code, severity: "error", text }) as const;
const warning = <T extends string>(code: string, text: T) => ({ code, severity: "warning", text }) as const;

export const Messages = {
  // Shape errors reported from the JSON Schema (schema/validate.ts)
  unknownKey: error("E0001", 'unknown key "{key}"{suggestion}'),
  wrongType: error("E0002", "expected {expected}, found {found}"),
  outOfRange: error("E0003", "expected {expected}, found {found}"),
  missingKey: error("E0004", 'missing required key "{key}"{hint}'),

  // Files, YAML, accounts (§1)
  cannotRead: error("E1001", "cannot read {what}: {reason}"),
  notUtf8: error("E1002", "the file is not UTF-8 text (invalid byte sequence at byte {offset})"),
  fileTooLarge: error("E1003", "the file is {size} bytes; the limit is {limit} bytes"),
  yamlSyntax: error("E1004", "YAML: {reason}"),
  emptyFile: error("E1005", "the file is empty; expected {expected}"),
  documentNotMapping: error("E1006", "the document is {found}; expected {expected}"),
  keyNotString: error("E1007", 'mapping key {key} is {type}; keys must be strings (write "{key}" to quote it)'),
  aliasBomb: error("E1008", "aliases expand this document to more than {limit} values while it writes {written}; refusing to read it"),
  accountFolderMissing: error("E1009", 'account folder "{folder}" {problem}'),
  noFiles: error("E1010", "no .yaml or .yml file below {folder}; an empty stack would delete everything it manages"),
  accountsFileMissing: error("E1011", "accounts file {file} {problem}"),
  accountsEmpty: error("E1012", "accounts.yaml must map at least one account name to its 12-digit id"),
  accountNameInvalid: error("E1013", 'account name "{name}" {problem}'),
  accountIdInvalid: error("E1014", 'account "{name}" has an invalid id {value}: {problem}'),
  accountNotDeclared: error("E1015", 'account "{name}" is not in {file}; known accounts: {known}{suggestion}'),
  unknownAccount: error("E1016", "unknown account {value}; known accounts: {known}{suggestion}"),
  emptyAccountList: error("E1017", "account must not be an empty list"),
  symlinkSkipped: warning("W0001", "symbolic link {link} is not followed"),
  keyNotScalar: error("E1018", "a {type} is used as a mapping key; keys must be strings"),
  groupNameInvalid: error("E1019", "group name {value} must be a non-empty string of A-Z a-z 0-9 _ . -"),
  groupIsAccountName: error("E1020", 'group "{group}" of account "{account}" is also the name of an account; a name in accounts or except_accounts must mean one thing'),
  accountsDefaultsNotMapping: error(
    "E1021",
    '"_defaults" holds the settings every account shares and must be a mapping (of deploy_role), found {found}; an account cannot be named "_defaults"',
  ),
  deployRoleInvalid: error("E1022", "deploy_role {value} {problem}"),
  deployRoleOtherAccount: error(
    "E1023",
    'deploy_role {arn} is a role of account {other}, not of account "{name}" ({id}): its credentials would act in another account; name a role of {id}, or just its name',
  ),
  defaultDeployRoleArn: error(
    "E1024",
    "the deploy_role of _defaults must be a role name, which each account resolves to arn:aws:iam::<its id>:role/<name>; the ARN {arn} names a role of one account",
  ),

  // Top level and names (§2)
  topLevelWrongType: error("E2001", '"{key}" must be {expected}, found {found}'),
  definedTwice: error("E2002", '{kind} "{name}" is defined more than once: {locations}'),
  roleIdentityClash: error("E2003", 'role "{name}" has the IAM name "{leaf}", as {others} (IAM role names are unique ignoring case)'),
  removalNotString: error("E2004", "a role to remove must be a non-empty string, found {found}"),
  removalListedTwice: error("E2005", 'role "{name}" is listed for removal more than once in this file'),
  definedAndRemoved: error("E2006", 'role "{name}" is both defined and listed for removal: {locations}'),

  // Templates (§3)
  useInvalid: error("E3001", "use must be a template name or a non-empty list of template names, found {found}"),
  useListedTwice: error("E3002", 'template "{name}" is listed more than once in use'),
  unknownTemplate: error("E3003", 'unknown template "{name}"; {available}{suggestion}'),
  templateCycle: error("E3004", "template cycle: {cycle}"),

  // Roles (§4)
  roleNotMapping: error("E4001", 'role "{name}" must be a mapping of role keys, found {found}'),
  templateNotMapping: error("E3005", 'template "{name}" must be a mapping of role keys, found {found}'),
  roleNameSlashes: error("E4002", 'role name "{name}" must not start or end with "/" or contain "//"'),
  rolePathWithSlashName: error("E4003", 'path cannot be used with a role name that contains "/" ("{name}")'),
  roleLeafInvalid: error("E4004", 'role name "{leaf}" {problem}; IAM role names are 1 to 64 characters of A-Z a-z 0-9 + = , . @ _ -'),
  rolePathInvalid: error("E4005", 'path "{path}" {problem}'),
  policyNameInvalid: error("E4006", 'inline policy name "{name}" {problem}; IAM policy names are 1 to 128 characters of A-Z a-z 0-9 + = , . @ _ -'),
  managedPolicyArnInvalid: error("E4007", '"{arn}" is not a managed policy ARN (arn:aws:iam::<account id or aws>:policy/<name>)'),
  tooManyManagedPolicies: error("E4008", "{count} managed policies; IAM allows at most 20 per role"),
  boundaryNotOne: error("E4009", "permissions_boundary must give exactly one ARN, found {count}"),
  tooManyTags: error("E4010", "{count} tags; at most 50 are allowed"),
  tagKeyInvalid: error("E4011", 'tag key "{key}" {problem}'),

  // Statements (§5)
  statementNotMapping: error("E5001", "a statement must be a mapping, found {found}"),
  unknownStatementKey: error("E5002", 'unknown key "{key}" in a {kind} statement{suggestion}'),
  effectInvalid: error("E5003", 'Effect must be "Allow" or "Deny", found {found}'),
  sidDuplicated: error("E5004", 'Sid "{sid}" is used by more than one statement of this document'),
  sidCharset: error("E5005", 'Sid "{sid}" may contain only letters and digits in IAM role documents'),
  trustPrincipalNotMapping: error("E5101", "{target} is {found}, so this statement cannot also use {keys}"),
  accountWithoutIam: error("E5102", "{keys} without iam: there is no name to apply {them} to"),
  noPrincipal: error("E5103", "statement names no principal"),
  trustHasResource: error("E5104", "{key} is not allowed in a trust policy"),
  bothKeys: error("E5105", "{first} and {second} cannot both be given in one statement"),
  allowInvalid: error("E5201", "allow must be true or false, found {found}"),
  effectRequired: error("E5202", "need to specify whether we allow this policy or not: give allow: true or false, or an Effect"),
  resourceRequired: error("E5203", "statement has no resource: give resource, notresource, Resource or NotResource"),
  actionRequired: error("E5204", "statement has no action: give action, notaction, Action or NotAction"),
  principalInRolePolicy: error("E5205", "{key} is not allowed in a role's permission statement (IAM rejects principals in identity policies)"),
  principalRequired: error("E5206", "a {kind} policy statement needs a principal: give principal, notprincipal, Principal or NotPrincipal"),
  itemNotString: error("E5301", "{key} values must be strings, found {found}"),
  emptyAfterExpansion: error("E5302", "empty {key} after expansion"),

  // Specifiers and principals (§6)
  resourceTypeUnknown: error("E6001", "unknown resource type: a resource mapping needs one of iam, kms, sns, s3{found}"),
  resourceTypeAmbiguous: error("E6002", "a resource mapping takes exactly one of iam, kms, sns, s3, found {keys}"),
  resourceKeyInvalid: error("E6003", 'key "{key}" does not apply to a {type} resource; {type} takes {allowed}{suggestion}'),
  resourceValueInvalid: error("E6004", "resource should be a string or a mapping, found {found}"),
  selfNotHere: error("E6005", "{specifier} is not allowed in {context}"),
  arnRequired: error("E6006", '{what} must be an ARN (starting with "arn:"), found "{value}"'),
  iamNamesInvalid: error("E6007", "iam must be a name or a list of non-empty names, found {found}"),
  usersInvalid: error("E6008", "users must be a user name or a list of user names, found {found}"),
  iamRequired: error("E6009", "{what} must be an ARN string or an iam specifier (a mapping with iam), found {found}"),
  s3NameInvalid: error("E6010", "s3 must be a bucket name (or bucket/path) or a list of them, found {found}"),
  kmsItemInvalid: error("E6011", "{problem}"),
  kmsAliasPrefix: error("E6012", 'alias "{alias}" must be written without "alias/": use "{bare}"'),
  snsTopicInvalid: error("E6013", "sns must be a topic name or a list of topic names, found {found}"),
  locationMissing: error("E6014", "{type} ARN needs a location: give location, or set the stack's default region (aws:region, or --region)"),
  locationInvalid: error("E6015", 'location "{location}" is not an AWS region name such as ap-southeast-2'),
  defaultRegionInvalid: error("E6016", 'the default region "{region}" (aws:region, or --region) is not an AWS region name such as ap-southeast-2'),
  principalKeyUnknown: error("E6101", 'unknown key "{key}" in a principal{suggestion}'),
  principalEmptyInstruction: error("E6102", "a principal mapping needs at least one of service, federated, iam"),
  serviceInvalid: error("E6103", 'service "{value}" is not a service name (lower-case letters, digits and "-", like ec2 or ecs-tasks) or a dotted principal such as ec2.amazonaws.com'),
  wildcardNotAlone: error("E6104", 'principal "*" must be the only principal of its statement'),
  principalStringInvalid: error("E6105", 'principal "{value}" is neither "*" nor an ARN; use a mapping with iam, service or federated'),
  principalValueInvalid: error("E6106", "a principal must be a mapping, a string or a list of them, found {found}"),

  // Buckets (§7)
  bucketNameInvalid: error("E7001", 'bucket name "{name}" {problem}'),

  // Keys and grants (§8)
  keyNameInvalid: error("E8001", 'key name "{name}" {problem}'),
  keyDescriptionMissing: error("E8002", "please define a description for the key"),
  grantNotMapping: error("E8003", "a grant must be a mapping, found {found}"),
  grantOnlyOne: error("E8004", "can only have one {role}, found {count}"),
  operationNotSymmetric: error("E8005", 'operation "{operation}" is not valid for a symmetric key'),
  operationUnknown: error("E8006", 'unknown grant operation "{operation}"{suggestion}'),
  grantDuplicate: error("E8007", "this grant repeats grant {other} of the same key"),
  grantConstraintKinds: error(
    "E8008",
    "a grant takes one kind of encryption context constraint, EncryptionContextEquals or EncryptionContextSubset, not both (KMS accepts one kind per grant); keep one of them",
  ),

  // Removals (§9)
  removeServiceLinked: error("E9001", 'role "{name}" is a service-linked role (path aws-service-role/); it cannot be removed here'),

  // Definitions shared by several accounts (§14)
  selectionMissing: error(
    "E2101",
    'missing required key "accounts": every role, bucket, key and removal in _shared says which accounts it is for (account names, group names of accounts.yaml, or "*")',
  ),
  selectorUnknown: error("E2102", 'unknown account or group "{value}"; accounts: {accounts}; groups: {groups}; "*" selects every account{suggestion}'),
  selectorInTemplate: error("E2103", '"{key}" cannot be used in a template: a shared template is available to every account; select the roles that use it instead'),
  sharedRemovalNotMapping: error("E2104", "in _shared, a role to remove is a mapping with role and accounts (and optionally except_accounts), found {found}"),
  placeholderUnknown: error("E2105", 'unknown placeholder "{placeholder}"; the placeholders of _shared are {valid}{suggestion}'),
  bucketNotPerAccount: error(
    "E2106",
    'bucket "{name}" would be the same S3 bucket in accounts {accounts} (bucket names are global to S3); put {placeholder} in its name, or select one account',
  ),
  sharedNameConflict: error("E2107", '{kind} "{name}" is defined both in _shared and in this account: {locations}; a shared {kind} is not overridden: {remedy}'),
  nothingSelected: error("E2108", 'no .yaml or .yml file below {folder}, and {shared} selects nothing for account "{account}"; an empty stack would delete everything it manages'),
  underscoreFolder: error("E2109", 'folder "{folder}" is not an account: a folder whose name begins with "_" never is (DIALECT.md 1.1)'),
  selectedForNoAccount: warning("W9", "this shared {kind} is selected for no account"),

  // Limits (§11.6)
  documentTooLarge: error("E9101", "{what} is {size} {unit}, limit {limit}{largest}"),
  trustAboveQuota: warning("W7", "trust policy is {size} characters, above the default quota of 2,048 (adjustable up to 4,096){largest}"),

  // Warnings (§11.5)
  defaultEc2Trust: warning("W1", "role has no trust statement, so it trusts ec2.amazonaws.com"),
  disallowIsAllow: warning("W2", "disallow_to_assume_me gives an Allow with NotPrincipal (every principal except those listed may assume the role), not a Deny"),
  principalAnyone: warning("W3", 'principal "*" grants anyone'),
  effectIgnored: warning("W4", '{given} contradicts the effect in force ({effect}) and is ignored'),
  modifierIgnored: warning("W5", "{modifier} is ignored on an s3 resource"),
  webIdentityAsSaml: warning("W6", 'federated principal "{value}" is not a SAML provider, but the action defaulted to sts:AssumeRoleWithSAML; web identity needs Action: sts:AssumeRoleWithWebIdentity'),
  tooManyManagedPoliciesQuota: warning("W8", "{count} managed policies, above the default quota of 10 per role (adjustable up to 20)"),
  kmsSelfAccountIgnored: warning("W5", "account ({others}) is ignored for kms __self__: a key policy names its own key, in this account ({account})"),

  internalError: error("E0999", "internal error: {reason}"),

  // ---------------------------------------------------------------------------------------------------------
  // Lint (iam-syncr check): what AWS accepts but the user would regret, or rejects only when the stack is
  // deployed. Warnings, errors under --strict. IAM1xx policy documents, KMS1xx grants, IAM2xx references
  // across the stacks root; E11xx the stacks root itself, its settings file and suppression comments. Each text
  // says what to do. Each rule has its page, docs/rules/<code>.md (lint/rules.ts lists them).
  // ---------------------------------------------------------------------------------------------------------
  actionMalformed: warning(
    "IAM101",
    'action "{action}" is not of the form service:Action; write the service prefix, a colon and the action, like "s3:GetObject" (wildcards * and ? are allowed)',
  ),
  serviceUnknown: warning("IAM102", 'unknown service prefix "{service}" in action "{action}"{hint}'),
  actionUnknown: warning("IAM103", 'unknown action "{action}"{hint}'),
  actionPatternMatchesNothing: warning("IAM104", 'action pattern "{action}" matches no action of service "{service}"; correct the pattern or list the actions'),
  allowEverything: warning("IAM105", 'this Allow grants every action on every resource (Action "*" with Resource "*"); name the actions and resources that are needed'),
  externalAccountWithoutCondition: warning(
    "IAM106",
    "trusts account {account}, which is not in accounts.yaml, with no Condition; add one, such as sts:ExternalId for a third party or aws:PrincipalOrgID for your organization",
  ),
  webIdentityWithoutCondition: warning(
    "IAM107",
    "web identity trust of {providers} has no condition on an audience or subject key, so any identity of that provider can assume the role; add one, such as a StringEquals condition on {example}:aud",
  ),
  samlWithoutAudience: warning(
    "IAM108",
    'SAML trust of {providers} has no SAML:aud condition; add a StringEquals condition on SAML:aud, such as "https://signin.aws.amazon.com/saml"',
  ),
  allowShadowed: warning(
    "IAM109",
    "this Allow can never take effect: the Deny at {deny} has no condition and covers all its {covered}; remove the Allow, narrow the Deny or give the Deny a Condition",
  ),
  grantConstraintKeyCase: warning(
    "KMS102",
    'encryption context keys "{first}" and "{second}" differ only by case, and KMS compares keys ignoring case; keep one of them',
  ),
  roleNotDefined: warning(
    "IAM201",
    'role "{name}" is not defined in account "{account}" ({id}) of this stacks root: AWS rejects a policy whose principal does not exist ("Invalid principal"), and a permission on it grants nothing; correct the name or define the role there{suggestion}',
  ),
  stacksRootMissing: error("E1101", 'stacks root "{root}" {problem}'),
  noAccountFolders: error("E1102", "no account folder in {root}; give the stacks root: the folder that holds accounts.yaml and one folder per account"),
  suppressionWithoutReason: error("E1103", "the suppression of {code} gives no reason; write why the finding is acceptable: # iam-syncr: ignore {code} <reason>"),
  suppressionNotARule: error("E1104", '"{code}" is not a lint rule; the rules that can be suppressed are {rules}{suggestion}'),
  suppressionMalformed: error("E1105", "a suppression comment is written # iam-syncr: ignore <rule> <reason>, such as # iam-syncr: ignore IAM105 break-glass role"),
  suppressionUnused: warning("W0002", "the suppression of {code} matches no finding on this line; remove it"),
} as const;

export type MessageName = keyof typeof Messages;
