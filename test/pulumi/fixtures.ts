/**
 * Plans built by hand, so the Pulumi layer is tested on exactly the plan format, independently of the compiler.
 * `fullPlan` has every row of the resource table: roles with and without policy, with an instance profile,
 * managed policies null / [] / a list, a boundary, tags, a null description; buckets with and without policy; a
 * key with grants (constraints of both kinds, grant tokens null / [] / a list); removed roles; three regions.
 */
import type { Plan, PolicyDocument } from "../../compiler/plan";

export const ACCOUNT = { name: "sandbox", id: "012345678901" };

export const WEB_TRUST: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole", Effect: "Allow", Sid: "" }],
};

export const WEB_POLICY: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::shop-assets", "arn:aws:s3:::shop-assets/*"] }],
};

export const RUNNER_TRUST: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Principal: { AWS: "arn:aws:iam::012345678901:root" }, Action: "sts:AssumeRole", Effect: "Allow", Sid: "" }],
};

/** Non-ASCII text must reach AWS \u-escaped (DIALECT.md 13.3). */
export const DEPLOYER_POLICY: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Action: "cloudformation:*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalTag/équipe": "déploiement" } } },
  ],
};

export const ASSETS_POLICY: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::shop-assets/*", Principal: { AWS: "arn:aws:iam::012345678901:role/web" }, Sid: "" },
  ],
};

export const DATA_KEY_POLICY: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [
    { Sid: "", Effect: "Allow", Action: "kms:*", Resource: "*", Principal: { AWS: "arn:aws:iam::012345678901:root" } },
  ],
};

export const AUDIT_KEY_POLICY: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [
    { Sid: "", Effect: "Allow", Action: "kms:*", Resource: "*", Principal: { AWS: "arn:aws:iam::012345678901:root" } },
    {
      Sid: "",
      Effect: "Allow",
      Action: "kms:*",
      Resource: "arn:aws:kms:us-east-1:012345678901:alias/audit",
      Principal: { AWS: "arn:aws:iam::012345678901:role/ops/Deployer" },
    },
  ],
};

export const READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
export const OPS_BASE = "arn:aws:iam::012345678901:policy/ops-base";
export const BOUNDARY = "arn:aws:iam::012345678901:policy/boundary";

export function fullPlan(): Plan {
  return {
    format: "iam-syncr/plan@1",
    account: { ...ACCOUNT },
    roles: {
      "ops/Deployer": {
        name: "Deployer",
        path: "/ops/",
        description: "Deploys the shop",
        trustPolicy: RUNNER_TRUST,
        policyName: "syncr_policy_ops__Deployer",
        policy: DEPLOYER_POLICY,
        instanceProfile: true,
        maxSessionDuration: 7200,
        permissionsBoundary: BOUNDARY,
        managedPolicies: [READ_ONLY, OPS_BASE],
        tags: { team: "ops", "cost-centre": "42" },
      },
      "ops/ci/runner": {
        name: "runner",
        path: "/ops/ci/",
        description: null,
        trustPolicy: RUNNER_TRUST,
        policyName: "syncr_policy_ops__ci__runner",
        policy: null,
        instanceProfile: false,
        maxSessionDuration: null,
        permissionsBoundary: null,
        managedPolicies: [],
        tags: {},
      },
      web: {
        name: "web",
        path: "/",
        description: "Serves the shop",
        trustPolicy: WEB_TRUST,
        policyName: "syncr_policy_web",
        policy: WEB_POLICY,
        instanceProfile: true,
        maxSessionDuration: null,
        permissionsBoundary: null,
        managedPolicies: null,
        tags: { team: "shop" },
      },
    },
    removedRoles: ["OldBatch", "legacy-app"],
    buckets: {
      "shop-assets": { location: "ap-southeast-2", policy: ASSETS_POLICY, tags: { team: "shop" } },
      "shop-logs": { location: "eu-west-1", policy: null, tags: {} },
    },
    keys: {
      audit: { location: "us-east-1", description: "Audit trail", policy: AUDIT_KEY_POLICY, grants: [] },
      "shop/data": {
        location: "eu-west-1",
        description: "Shop data",
        policy: DATA_KEY_POLICY,
        grants: [
          {
            grantee: "arn:aws:iam::012345678901:role/web",
            retiree: "arn:aws:iam::012345678901:role/ops/Deployer",
            operations: ["Decrypt", "Encrypt"],
            constraints: { EncryptionContextEquals: { app: "shop" } },
            grantTokens: ["token-1"],
          },
          {
            grantee: "arn:aws:iam::012345678901:role/ops/ci/runner",
            retiree: null,
            operations: ["GenerateDataKey"],
            constraints: { EncryptionContextSubset: { stage: "ci" } },
            grantTokens: [],
          },
          {
            grantee: "arn:aws:iam::012345678901:role/ops/ci/runner",
            retiree: null,
            operations: ["DescribeKey"],
            constraints: null,
            grantTokens: null,
          },
        ],
      },
    },
    warnings: [],
  };
}

/** Nothing but a bucket: no IAM resource, so no provider in the IAM region. */
export function bucketOnlyPlan(): Plan {
  return {
    format: "iam-syncr/plan@1",
    account: { name: "live", id: "210987654321" },
    roles: {},
    removedRoles: [],
    buckets: { "live-archive": { location: "eu-central-1", policy: null, tags: {} } },
    keys: {},
    warnings: [],
  };
}
