/**
 * Rules for the AWS proxy (aws-proxy.ts): AWS behaviours that moto_server lacks (moto-notes §5–7) and that the
 * engine-level defects depend on, each as AWS documents it, plus plain fault injection.
 */
import { GetRoleCommand } from "@aws-sdk/client-iam";
import type { IAMClient } from "@aws-sdk/client-iam";
import { awsError } from "./aws-proxy";
import type { AwsRequest, Rule } from "./aws-proxy";

/**
 * IAM, S3 and KMS refuse a policy or grant whose principal is an IAM role that does not exist (AWS stores the
 * role's unique id, so it must resolve when the document is saved): "Invalid principal in policy". moto accepts
 * any principal. Only role principals are checked (users, federated providers and services are not), in every
 * account, so a cross-account role must exist too.
 */
export function principalsMustExist(iamIn: (accountId: string) => IAMClient): Rule {
  return async (request) => {
    const checked = principalsOf(request);
    if (checked === undefined) return undefined;
    for (const arn of checked.principals) {
      const role = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
      if (role === null) continue;
      if (!(await roleExists(iamIn(role[1]), role[2], arn))) {
        return awsError(request, checked.code, checked.message(arn), checked.status);
      }
    }
    return undefined;
  };
}

/**
 * IAM is eventually consistent: a role becomes usable as a principal some time after CreateRole. The proxy holds
 * every CreateRole that long before moto sees it, so anything that names the role and is sent before its
 * CreateRole has answered finds it missing, as it may in AWS.
 */
export function iamPropagationDelay(milliseconds: number): Rule {
  return async (request) => {
    if (request.service === "iam" && request.action === "CreateRole") await new Promise((resolve) => setTimeout(resolve, milliseconds));
    return undefined;
  };
}

/**
 * KMS lets a grant be retired only by its retiring principal, by its grantee when the grant allows RetireGrant,
 * or by the account that created it (the KMS Developer Guide, "Retiring and revoking grants"); a deployer role
 * is none of them. RevokeGrant is authorised by the key policy and IAM like any other KMS call.
 */
export function deployerMayNotRetireGrants(): Rule {
  return (request) =>
    request.service === "kms" && request.action === "RetireGrant"
      ? awsError(
          request,
          "AccessDeniedException",
          "The caller is not authorized to perform kms:RetireGrant on this grant: it is neither the grant's retiring " +
            "principal, nor a grantee the grant allows to retire it, nor the account that created it",
        )
      : undefined;
}

/** Answers the first `times` calls that `matches` selects with the AWS error `code`, then lets them through. */
export function failCalls(
  matches: (request: AwsRequest) => boolean,
  error: { code: string; message: string; status?: number },
  times = 1,
): Rule {
  let left = times;
  return (request) => {
    if (left <= 0 || !matches(request)) return undefined;
    left -= 1;
    return awsError(request, error.code, error.message, error.status ?? 400);
  };
}

interface CheckedDocument {
  principals: string[];
  code: string;
  status: number;
  message(arn: string): string;
}

function principalsOf(request: AwsRequest): CheckedDocument | undefined {
  const invalid = (arn: string) => `Invalid principal in policy: "AWS":"${arn}"`;
  const document = (text: unknown) => documentPrincipals(typeof text === "string" ? text : "");
  switch (`${request.service}:${request.action}`) {
    case "iam:CreateRole":
      return { principals: document(request.params.AssumeRolePolicyDocument), code: "MalformedPolicyDocument", status: 400, message: invalid };
    case "iam:UpdateAssumeRolePolicy":
      return { principals: document(request.params.PolicyDocument), code: "MalformedPolicyDocument", status: 400, message: invalid };
    case "s3:PUT ?policy":
      return { principals: document(request.body), code: "MalformedPolicy", status: 400, message: () => "Invalid principal in policy" };
    case "kms:CreateKey":
    case "kms:PutKeyPolicy":
      return {
        principals: document(request.params.Policy),
        code: "MalformedPolicyDocumentException",
        status: 400,
        message: () => "Policy contains a statement with one or more invalid principals.",
      };
    case "kms:CreateGrant":
      return {
        principals: [request.params.GranteePrincipal, request.params.RetiringPrincipal].filter((p): p is string => typeof p === "string"),
        code: "InvalidArnException",
        status: 400,
        message: (arn) => `ARN ${arn} is not valid`,
      };
    default:
      return undefined;
  }
}

/** Every ARN under Principal or NotPrincipal of a policy document. */
function documentPrincipals(text: string): string[] {
  let document: { Statement?: unknown };
  try {
    document = JSON.parse(text.trimStart().startsWith("{") ? text : decodeURIComponent(text)) as { Statement?: unknown };
  } catch {
    return [];
  }
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  const arns: string[] = [];
  for (const statement of statements as Record<string, unknown>[]) {
    for (const key of ["Principal", "NotPrincipal"]) {
      const principal = statement?.[key];
      if (principal === null || typeof principal !== "object") continue;
      for (const value of Object.values(principal as Record<string, unknown>)) {
        for (const item of Array.isArray(value) ? value : [value]) if (typeof item === "string") arns.push(item);
      }
    }
  }
  return arns;
}

async function roleExists(iam: IAMClient, RoleName: string, arn: string): Promise<boolean> {
  try {
    const role = await iam.send(new GetRoleCommand({ RoleName }));
    return role.Role?.Arn === arn;
  } catch (error) {
    if (error instanceof Error && error.name === "NoSuchEntityException") return false;
    throw error;
  }
}
