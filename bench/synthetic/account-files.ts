/**
 * The files of one synthetic account folder: templates with `use` chains nine deep, roles with 5–10 statements
 * each (trust, inline permissions with s3, kms, sns and cross-account iam specifiers), buckets with policies,
 * keys with admin users and grants, and a few removals. Every feature the compiler has a stage for is exercised,
 * in proportions an account folder of a platform team plausibly has.
 */
import type { Random } from "./random";
import { block, namedBlock, type YamlValue } from "./yaml-text";

export interface AccountSpec {
  name: string;
  id: string;
  roles: number;
  /** Names of other accounts of accounts.yaml, for cross-account specifiers. */
  others: readonly string[];
}

/** Roles per file: files of a few hundred lines, as teams split their folders. */
export const ROLES_PER_FILE = 50;
const TEAMS = 20;
const TIERS = 6;

type Definition = Record<string, YamlValue>;

export function accountFiles(spec: AccountSpec, random: Random): Map<string, string> {
  const files = new Map<string, string>();
  files.set("templates.yaml", templatesFile(spec, random));
  for (let first = 0; first < spec.roles; first += ROLES_PER_FILE) {
    const last = Math.min(spec.roles, first + ROLES_PER_FILE);
    const team = Math.floor(first / ROLES_PER_FILE) % TEAMS;
    const file = `teams/team-${pad(team, 2)}/roles-${pad(first / ROLES_PER_FILE, 4)}.yaml`;
    let text = "roles:\n";
    for (let i = first; i < last; i++) text += namedBlock(roleName(i), role(i, spec, random), 2);
    files.set(file, text);
  }
  files.set("buckets.yaml", bucketsFile(spec, random));
  files.set("keys.yaml", keysFile(spec, random));
  files.set("legacy/removals.yml", removalsFile(spec));
  return files;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** A third of the roles carry a path in their name (`team-07/svc-00042`), as 4.2 allows. */
function roleName(i: number): string {
  const leaf = `svc-${pad(i, 5)}`;
  return i % 3 === 0 ? `team-${pad(i % TEAMS, 2)}/${leaf}` : leaf;
}

function templatesFile(spec: AccountSpec, random: Random): string {
  const templates: [string, Definition][] = [
    ["trust-ec2", { allow_to_assume_me: { service: "ec2" } }],
    [
      "baseline",
      {
        use: "trust-ec2",
        description: "Managed by iam-syncr",
        deny_permission: [
          { action: ["iam:CreateUser", "iam:CreateAccessKey", "organizations:LeaveOrganization"], resource: "*" },
          { notaction: ["kms:Decrypt", "s3:GetObject"], resource: { kms: "legacy/shared", location: "us-east-1" }, Condition: { Bool: { "aws:SecureTransport": false } } },
        ],
        tags: { "managed-by": "iam-syncr", "cost-centre": String(random.int(100, 999)) },
      },
    ],
    [
      "logging",
      {
        use: "baseline",
        allow_permission: [{ action: ["logs:CreateLogStream", "logs:PutLogEvents"], resource: `arn:aws:logs:*:${spec.id}:log-group:/app/*` }],
      },
    ],
    ["tier-0", { use: "logging", permission: [{ allow: true, action: "cloudwatch:PutMetricData", resource: "*" }] }],
  ];
  for (let tier = 1; tier < TIERS; tier++) {
    const definition: Definition = { use: `tier-${tier - 1}`, tags: { tier: String(tier) } };
    if (tier % 2 === 0) definition.managed_policies = ["arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy", { iam: `policy/tier-${tier}` }];
    if (tier === TIERS - 1) definition.max_session_duration = 14400;
    templates.push([`tier-${tier}`, definition]);
  }
  templates.push(
    ["cross-account", { allow_to_assume_me: { iam: ["role/deployer", "role/ci-runner"], account: random.sample(spec.others, 3) } }],
    ["ci", { use: ["tier-2", "cross-account"], description: "CI role" }],
    [
      "service-lambda",
      { use: "tier-1", allow_to_assume_me: { service: ["lambda"], Condition: { StringEquals: { "aws:SourceAccount": spec.id } } } },
    ],
  );
  return `templates:\n${templates.map(([name, definition]) => namedBlock(name, definition, 2)).join("")}`;
}

/**
 * Trust 1–2 + allow 3–5 + permission 1–2 + deny 0–1 statements written in the role: 5 to 10. It uses the
 * templates of templates.yaml, which every account folder has (so a role of _shared can use them too).
 */
export function role(i: number, spec: AccountSpec, random: Random): Definition {
  const definition: Definition = {};
  const use = i % 10 === 0 ? "ci" : i % 10 === 1 ? ["service-lambda", `tier-${i % TIERS}`] : `tier-${i % TIERS}`;
  definition.use = use;
  if (i % 2 === 0) definition.description = `Service ${i} of team ${i % TEAMS}`;
  definition.allow_to_assume_me =
    i % 4 === 0
      ? [
          { service: ["ecs-tasks", "lambda"] },
          { federated: { iam: "saml-provider/corp-idp" }, Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } } },
        ]
      : // A mapping: deep-merged with the template's trust mapping into one statement (Service and AWS).
        { iam: [`role/app-${pad(random.int(0, 999), 3)}`, "root"], account: random.sample(spec.others, random.int(1, 3)) };
  const allowCount = 3 + (i % 3);
  definition.allow_permission = Array.from({ length: allowCount }, (_, k) => permissionStatement((i + k) % PERMISSION_KINDS, i, spec, random));
  definition.permission =
    i % 2 === 0
      ? [{ allow: false, notaction: ["s3:GetObject", "s3:ListBucket"], resource: { s3: `${spec.name}-restricted` } }]
      : [
          { Effect: "Allow", action: ["ssm:GetParameter", "ssm:GetParameters"], resource: `arn:aws:ssm:eu-west-1:${spec.id}:parameter/svc-${i}/*` },
          { allow: true, action: "sqs:SendMessage", resource: `arn:aws:sqs:eu-west-1:${spec.id}:queue-${i % 40}` },
        ];
  if (i % 5 === 0) definition.deny_permission = [{ action: "s3:DeleteBucket", resource: { s3: `${spec.name}-data-${pad(i % 7, 3)}` } }];
  if (i % 5 === 1) definition.make_instance_profile = true;
  if (i % 4 === 2) definition.managed_policies = ["arn:aws:iam::aws:policy/ReadOnlyAccess", { iam: `policy/team-${i % TEAMS}-base` }];
  if (i % 3 === 1) definition.tags = { app: `svc-${i}`, owner: `team-${i % TEAMS}` };
  if (i % 7 === 0) definition.max_session_duration = 7200;
  return definition;
}

const PERMISSION_KINDS = 6;

function permissionStatement(kind: number, i: number, spec: AccountSpec, random: Random): Definition {
  switch (kind) {
    case 0:
      return { action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], resource: { s3: [`${spec.name}-data-${pad(i % 7, 3)}`, `shared-artifacts/svc-${i}/*`] } };
    case 1:
      return {
        action: ["kms:Decrypt", "kms:GenerateDataKey"],
        resource: { kms: [`team-${pad(i % TEAMS, 2)}/key-${i % 5}`, { key_id: `${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}`, location: "us-east-1" }], account: random.pick(spec.others) },
      };
    case 2:
      return { action: "sts:AssumeRole", resource: { iam: [`role/worker-${i % 50}`, "role/reader"], account: random.sample(spec.others, 2) } };
    case 3:
      return { action: ["sns:Publish"], resource: { sns: [`events-${i % 30}`, "alerts"], location: "eu-west-1" } };
    case 4:
      return {
        action: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"],
        resource: [`arn:aws:dynamodb:eu-west-1:${spec.id}:table/t-${i}`, `arn:aws:dynamodb:eu-west-1:${spec.id}:table/t-${i}/index/*`],
        Condition: { Bool: { "aws:SecureTransport": true } },
      };
    default:
      return { action: ["iam:GetRole", "iam:ListRoleTags"], resource: { iam: "__self__" } };
  }
}

/** One bucket per 50 roles, with a policy naming roles of this account and of others. */
function bucketsFile(spec: AccountSpec, random: Random): string {
  const count = Math.max(1, Math.floor(spec.roles / 50));
  let text = "buckets:\n";
  for (let k = 0; k < count; k++) {
    const reader = roleName(random.int(0, spec.roles - 1)).split("/").pop()!;
    const definition: Definition = {
      tags: { owner: `team-${k % TEAMS}` },
      allow_permission: [
        { principal: { iam: [`role/${reader}`], account: random.sample(spec.others, 2) }, action: ["s3:GetObject", "s3:ListBucket"], resource: { s3: "__self__" } },
        { principal: { service: "cloudtrail" }, action: "s3:PutObject", resource: `arn:aws:s3:::${spec.name}-data-${pad(k, 3)}/AWSLogs/*` },
      ],
      deny_permission: { principal: { iam: "root", account: random.pick(spec.others) }, action: "s3:DeleteObject", resource: { s3: "__self__" } },
    };
    if (k % 2 === 1) definition.location = "eu-west-1";
    text += namedBlock(`${spec.name}-data-${pad(k, 3)}`, definition, 2);
  }
  return text;
}

/** One key per 100 roles, with an admin, a user statement and two grants. */
function keysFile(spec: AccountSpec, random: Random): string {
  const count = Math.max(1, Math.floor(spec.roles / 100));
  let text = "keys:\n";
  for (let k = 0; k < count; k++) {
    const user = roleName(random.int(0, spec.roles - 1)).split("/").pop()!;
    const definition: Definition = {
      description: `Data key ${k}`,
      admin_users: { iam: ["role/deployer", "user/admin"] },
      allow_permission: [{ principal: { iam: `role/${user}` }, action: ["kms:Decrypt", "kms:Encrypt"], resource: "*" }],
      grant: [
        { grantee: { iam: `role/${user}` }, operations: ["Decrypt", "GenerateDataKey"], constraints: { EncryptionContextEquals: { app: user } } },
        { grantee: { iam: "role/reader", account: random.pick(spec.others) }, retiree: { iam: "role/deployer" }, operations: "DescribeKey" },
      ],
    };
    if (k % 2 === 1) definition.location = "us-east-1";
    text += namedBlock(`team-${pad(k % TEAMS, 2)}/key-${k}`, definition, 2);
  }
  return text;
}

/** One removal per 200 roles (names no role of the folder has). */
function removalsFile(spec: AccountSpec): string {
  const count = Math.max(1, Math.floor(spec.roles / 200));
  const names = Array.from({ length: count }, (_, k) => (k % 2 === 0 ? `legacy-${pad(k, 4)}` : `old/legacy-${pad(k, 4)}`));
  return block({ remove_roles: names }, 0);
}
