/**
 * The JSON Schema of the dialect: the single source that ajv validates with and that `iam-syncr schema`
 * prints for editors. It checks shapes (keys, types, ranges, patterns); what needs the surrounding meaning
 * (specifier mappings, account names, templates, document rules) is code in the later stages.
 *
 * Annotations read by schema/validate.ts:
 * - `x-expected`: how to phrase what is valid, in "expected …, found …" messages;
 * - `x-message`: the catalog message (messages.ts) to report for any error at that node;
 * - `x-statement`: the kind of statement an object is, for "unknown key … in a <kind> statement";
 * - `x-missing`: the catalog message for a missing required key, by key.
 *
 * Draft 2020-12, so that `$ref` can sit beside `type` and `items`: one node accepts "a statement or a list of
 * statements" without `anyOf`, whose errors cannot be turned into one clear message.
 */

type Schema = Record<string, unknown>;

const REGION = "^[a-z]{2}(-[a-z]+)+-[0-9]+$";

const region: Schema = { type: "string", pattern: REGION, "x-expected": "an AWS region name such as ap-southeast-2" };

/** A value that listifies to strings (actions, service names, users, iam names). */
const strings = (expected: string): Schema => ({
  type: ["string", "array", "null"],
  items: { type: "string", "x-expected": "a string" },
  "x-expected": expected,
});

/** Values expanded by code (specifiers, principals): the schema checks only what they may be made of. */
const stringsOrMappings = (expected: string, message?: string): Schema => ({
  type: ["string", "object", "array", "null"],
  items: { type: ["string", "object"], "x-expected": expected, ...(message ? { "x-message": message } : {}) },
  "x-expected": expected,
  ...(message ? { "x-message": message } : {}),
});

/** Any value: what is not an account name or a listed id is "unknown account", listing the known ones (1.6). */
const accountReference: Schema = {
  description: "An account name of accounts.yaml, a 12-digit id listed there, or a list of them; default: this account.",
};

const passThrough = {
  Sid: {},
  Effect: { enum: ["Allow", "Deny"], "x-message": "effectInvalid" },
  Principal: {},
  NotPrincipal: {},
  Action: {},
  NotAction: {},
  Resource: {},
  NotResource: {},
  Condition: {},
};

const trustStatementFields: Schema = {
  properties: {
    ...passThrough,
    service: strings("a service name or a list of them"),
    federated: stringsOrMappings("a provider ARN, an iam specifier or a list of them"),
    iam: strings("a name or a list of names"),
    account: accountReference,
    users: strings("a user name or a list of user names"),
  },
  additionalProperties: false,
  "x-statement": "trust",
};

const permissionStatementFields: Schema = {
  properties: {
    ...passThrough,
    allow: { type: ["boolean", "null"], "x-message": "allowInvalid" },
    action: strings("an action or a list of actions"),
    notaction: strings("an action or a list of actions"),
    resource: stringsOrMappings("a resource", "resourceValueInvalid"),
    notresource: stringsOrMappings("a resource", "resourceValueInvalid"),
    principal: stringsOrMappings("a principal", "principalValueInvalid"),
    notprincipal: stringsOrMappings("a principal", "principalValueInvalid"),
  },
  additionalProperties: false,
  "x-statement": "permission",
};

/** "A statement or a list of statements" (5.1.1). */
const statements = (fields: string): Schema => ({
  type: ["object", "array", "null"],
  $ref: `#/$defs/${fields}`,
  items: { type: "object", $ref: `#/$defs/${fields}`, "x-message": "statementNotMapping" },
  "x-expected": "a statement (a mapping) or a list of statements",
});

const tags: Schema = {
  type: ["object", "null"],
  maxProperties: 50,
  propertyNames: { minLength: 1, maxLength: 128, pattern: "^(?!aws:)", "x-message": "tagKeyInvalid" },
  additionalProperties: { type: "string", maxLength: 256, "x-expected": "a string of at most 256 characters (quote numbers and booleans)" },
  "x-expected": "a mapping of tag names to strings",
};

/** Role keys (4.1). Null is allowed everywhere: after merging, `key: null` cancels what a template set (3.5). */
const roleProperties: Record<string, Schema> = {
  use: {
    type: ["string", "array", "null"],
    items: { type: "string", minLength: 1, "x-message": "useInvalid" },
    minItems: 1,
    "x-message": "useInvalid",
  },
  description: {
    type: ["string", "null"],
    maxLength: 1000,
    // CreateRole's roleDescriptionType: letters, marks, separators, symbols, digits and punctuation, so no
    // control character and no format, private-use or unassigned one either (a soft hyphen is rejected).
    pattern: "^[\\p{L}\\p{M}\\p{Z}\\p{S}\\p{N}\\p{P}]*$",
    "x-expected": "a description of at most 1,000 characters without control characters",
  },
  make_instance_profile: { type: ["boolean", "null"], "x-expected": "true or false" },
  path: { type: ["string", "null"], "x-expected": "a path such as /ops/ci/" },
  max_session_duration: {
    type: ["integer", "null"],
    minimum: 3600,
    maximum: 43200,
    "x-expected": "a whole number of seconds from 3600 to 43200",
  },
  permissions_boundary: { type: ["string", "object", "null"], "x-expected": "a policy ARN or an iam specifier" },
  managed_policies: stringsOrMappings("policy ARNs or iam specifiers"),
  tags,
  allow_to_assume_me: statements("trustStatementFields"),
  disallow_to_assume_me: statements("trustStatementFields"),
  permission: statements("permissionStatementFields"),
  allow_permission: statements("permissionStatementFields"),
  deny_permission: statements("permissionStatementFields"),
};

export const ROLE_KEYS: readonly string[] = Object.keys(roleProperties);

const bucket: Schema = {
  type: "object",
  properties: {
    location: { ...region, type: ["string", "null"] },
    tags,
    permission: statements("permissionStatementFields"),
    allow_permission: statements("permissionStatementFields"),
    deny_permission: statements("permissionStatementFields"),
  },
  additionalProperties: false,
  "x-expected": "a bucket definition (a mapping)",
};

const encryptionContext: Schema = {
  type: "object",
  maxProperties: 8,
  additionalProperties: { type: "string", maxLength: 384, "x-expected": "a string of at most 384 characters" },
  "x-expected": "a mapping of at most 8 encryption context keys to strings",
};

/** 8.5: one kind of encryption context constraint per grant (KMS accepts one); `{}` means none. */
export const grantConstraints: Schema = {
  type: ["object", "null"],
  properties: { EncryptionContextEquals: encryptionContext, EncryptionContextSubset: encryptionContext },
  additionalProperties: false,
  maxProperties: 1,
  "x-expected": "a mapping with one of EncryptionContextEquals and EncryptionContextSubset",
};

const grantFields: Schema = {
  properties: {
    grantee: { type: ["string", "object", "array"], "x-expected": "an ARN or an iam specifier" },
    retiree: { type: ["string", "object", "array", "null"], "x-expected": "an ARN or an iam specifier" },
    operations: {
      type: ["string", "array"],
      minItems: 1,
      items: { type: "string", "x-expected": "an operation name" },
      "x-expected": "an operation or a non-empty list of operations",
    },
    constraints: grantConstraints,
    grant_tokens: { type: ["array", "null"], items: { type: "string", "x-expected": "a grant token" }, "x-expected": "a list of grant tokens" },
  },
  required: ["grantee", "operations"],
  additionalProperties: false,
};

const key: Schema = {
  type: "object",
  properties: {
    location: { ...region, type: ["string", "null"] },
    description: { type: "string", maxLength: 8192, "x-expected": "a description of at most 8,192 characters" },
    admin_users: stringsOrMappings("a principal", "principalValueInvalid"),
    permission: statements("permissionStatementFields"),
    allow_permission: statements("permissionStatementFields"),
    deny_permission: statements("permissionStatementFields"),
    grant: {
      type: ["object", "array", "null"],
      $ref: "#/$defs/grantFields",
      items: { type: "object", $ref: "#/$defs/grantFields", "x-message": "grantNotMapping" },
      "x-expected": "a grant (a mapping) or a list of grants",
    },
  },
  required: ["description"],
  "x-missing": { description: "keyDescriptionMissing" },
  additionalProperties: false,
  "x-expected": "a key definition (a mapping)",
};

const removals: Schema = {
  type: "array",
  items: { type: "string", minLength: 1, "x-message": "removalNotString" },
  "x-message": "topLevelWrongType",
  "x-expected": "a list of role names",
};

const keysOnly: Record<string, Schema | true> = { ...Object.fromEntries(ROLE_KEYS.map((k) => [k, true])), use: roleProperties.use };

/** The keys that say which accounts a definition of `_shared` is for (DIALECT.md 14.3). */
export const SELECTOR_KEYS = ["accounts", "except_accounts"] as const;

const selectorValue = (nullable: boolean): Schema => ({
  type: nullable ? ["string", "array", "null"] : ["string", "array"],
  items: { type: "string", minLength: 1, "x-expected": 'an account name, a group name or "*"' },
  minItems: 1,
  "x-expected": 'an account name, a group name or "*", or a non-empty list of them',
});

/** `accounts` (required) and `except_accounts` on the roles, buckets, keys and removals of `_shared`. */
const selectors: Record<string, Schema> = {
  accounts: {
    ...selectorValue(false),
    description: 'The accounts this definition is for: account names and group names of accounts.yaml, or "*" for every account.',
  },
  except_accounts: { ...selectorValue(true), description: "Accounts (names, groups or \"*\") taken out of the selection." },
};

/** A definition of `_shared`: the account file's definition, plus the selectors (required). */
const selected = (definition: Schema, ownProperties: Record<string, unknown>): Schema => ({
  ...definition,
  properties: { ...ownProperties, ...selectors },
  required: [...((definition.required as string[] | undefined) ?? []), "accounts"],
  "x-missing": { ...((definition["x-missing"] as Record<string, string> | undefined) ?? {}), accounts: "selectionMissing" },
});

/** In `_shared`, templates are for every account: selectors are refused with a message that says so. */
const refusedSelectors: Record<string, Schema> = Object.fromEntries(SELECTOR_KEYS.map((k) => [k, { not: {}, "x-message": "selectorInTemplate" }]));

/** A removal in `_shared`: `{role: <name>, accounts: …, except_accounts: …}` (14.3). */
const sharedRemoval: Schema = {
  type: "object",
  properties: { role: { type: "string", minLength: 1, "x-expected": "a role name" }, ...selectors },
  required: ["role", "accounts"],
  "x-missing": { accounts: "selectionMissing" },
  additionalProperties: false,
  "x-message": "sharedRemovalNotMapping",
};

const sharedRemovals: Schema = {
  type: "array",
  items: { $ref: "#/$defs/sharedRemoval" },
  "x-message": "topLevelWrongType",
  "x-expected": "a list of roles to remove, each a mapping {role, accounts}",
};

/**
 * The schema of one file. `roleDefinition` decides how role and template bodies are checked: the compiler
 * checks only their keys here and their values after templates are merged (3.1); editors check both at once.
 */
function fileSchema(roleDefinition: "keys" | "full"): Schema {
  const roleBody = roleDefinition === "full" ? "#/$defs/role" : "#/$defs/roleKeys";
  const templateBody = roleDefinition === "full" ? "#/$defs/template" : "#/$defs/templateKeys";
  const namedMapping = (of: string, expected: string): Schema => ({
    type: "object",
    additionalProperties: { $ref: of },
    "x-message": "topLevelWrongType",
    "x-expected": expected,
  });
  const roleBodyProperties = roleDefinition === "full" ? roleProperties : keysOnly;
  const role: Schema = { type: "object", properties: roleBodyProperties, additionalProperties: false, "x-message": "roleNotMapping" };
  const template: Schema = { type: "object", properties: roleBodyProperties, additionalProperties: false, "x-message": "templateNotMapping" };
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://github.com/iam-syncr/iam-syncr/schema/account-file.json",
    title: "iam-syncr account file",
    description: "One YAML file of an iam-syncr account folder (see DIALECT.md).",
    type: "object",
    properties: {
      templates: namedMapping(templateBody, "a mapping of template names to role definitions"),
      roles: namedMapping(roleBody, "a mapping of role names to role definitions"),
      remove_roles: removals,
      remove_role: removals,
      buckets: namedMapping("#/$defs/bucket", "a mapping of bucket names to bucket definitions"),
      keys: namedMapping("#/$defs/key", "a mapping of key alias names to key definitions"),
    },
    additionalProperties: false,
    $defs: {
      role: { type: "object", properties: roleProperties, additionalProperties: false, "x-message": "roleNotMapping" },
      template: { type: "object", properties: roleProperties, additionalProperties: false, "x-message": "templateNotMapping" },
      // `use` is read before merging (it is not merged), so it is checked with the file.
      roleKeys: { type: "object", properties: keysOnly, additionalProperties: false, "x-message": "roleNotMapping" },
      templateKeys: { type: "object", properties: keysOnly, additionalProperties: false, "x-message": "templateNotMapping" },
      roleValues: { type: "object", properties: roleProperties },
      bucket,
      key,
      grantFields,
      trustStatementFields,
      permissionStatementFields,
      // A file of `<root>/_shared` (DIALECT.md §14): the same definitions, each saying which accounts it is for.
      sharedFile: {
        title: "iam-syncr shared file",
        description: "One YAML file of <stacks root>/_shared: definitions selected per account (see DIALECT.md §14).",
        type: "object",
        properties: {
          templates: namedMapping("#/$defs/sharedTemplate", "a mapping of template names to role definitions"),
          roles: namedMapping("#/$defs/sharedRole", "a mapping of role names to role definitions"),
          remove_roles: sharedRemovals,
          remove_role: sharedRemovals,
          buckets: namedMapping("#/$defs/sharedBucket", "a mapping of bucket names to bucket definitions"),
          keys: namedMapping("#/$defs/sharedKey", "a mapping of key alias names to key definitions"),
        },
        additionalProperties: false,
      },
      sharedRole: selected(role, roleBodyProperties),
      sharedTemplate: { ...template, properties: { ...roleBodyProperties, ...refusedSelectors } },
      sharedBucket: selected(bucket, bucket.properties as Record<string, unknown>),
      sharedKey: selected(key, key.properties as Record<string, unknown>),
      sharedRemoval,
    },
  };
}

/** What the compiler validates each file with. */
export const FILE_SCHEMA = fileSchema("keys");

/** What `iam-syncr schema` prints for editors: role and template bodies fully checked. */
export const EDITOR_SCHEMA = fileSchema("full");

/** What `iam-syncr schema --shared` prints for editors: the same document, whose root is a file of `_shared`. */
export const EDITOR_SHARED_SCHEMA: Schema = {
  $schema: EDITOR_SCHEMA.$schema,
  $id: "https://github.com/iam-syncr/iam-syncr/schema/shared-file.json",
  title: "iam-syncr shared file",
  description: "One YAML file of <stacks root>/_shared: definitions selected per account (see DIALECT.md §14).",
  $ref: "#/$defs/sharedFile",
  $defs: EDITOR_SCHEMA.$defs,
};

/** The pointer, within FILE_SCHEMA, of the schema for a role after its templates are merged. */
export const ROLE_VALUES_REF = `${FILE_SCHEMA.$id as string}#/$defs/roleValues`;

/** The pointer, within FILE_SCHEMA, of the schema for a file of `_shared`. */
export const SHARED_FILE_REF = `${FILE_SCHEMA.$id as string}#/$defs/sharedFile`;
