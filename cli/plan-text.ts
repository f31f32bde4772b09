import { canonicalJson, type Plan, type PolicyDocument } from "../compiler";

/** The readable summary of `--format text`: per role its documents, then buckets, keys and removals. */
export function formatPlanText(plan: Plan): string {
  const { name, id, deployRoleArn } = plan.account;
  const through = deployRoleArn === undefined ? "" : `, deployed through ${deployRoleArn}`;
  const lines: string[] = [`account ${name} (${id})${through}`, ""];
  const document = (title: string, doc: PolicyDocument | null) => {
    if (doc === null) {
      lines.push(`  ${title}: none`);
      return;
    }
    lines.push(`  ${title}:`);
    for (const line of canonicalJson(doc).split("\n")) lines.push(`    ${line}`);
  };
  for (const [fullName, role] of Object.entries(plan.roles)) {
    lines.push(`role ${fullName}`);
    lines.push(`  name: ${role.name}    path: ${role.path}`);
    if (role.description !== null) lines.push(`  description: ${role.description}`);
    if (role.instanceProfile) lines.push(`  instance profile: ${role.name}`);
    if (role.maxSessionDuration !== null) lines.push(`  max session duration: ${role.maxSessionDuration} s`);
    if (role.permissionsBoundary !== null) lines.push(`  permissions boundary: ${role.permissionsBoundary}`);
    if (role.managedPolicies !== null) lines.push(`  managed policies (exactly these): ${role.managedPolicies.join(", ") || "none"}`);
    if (Object.keys(role.tags).length > 0) lines.push(`  tags: ${formatTags(role.tags)}`);
    document("trust policy", role.trustPolicy);
    document(`inline policy ${role.policyName}`, role.policy);
    lines.push("");
  }
  for (const [name, bucket] of Object.entries(plan.buckets)) {
    lines.push(`bucket ${name} (${bucket.location})`);
    if (Object.keys(bucket.tags).length > 0) lines.push(`  tags: ${formatTags(bucket.tags)}`);
    document("bucket policy", bucket.policy);
    lines.push("");
  }
  for (const [name, key] of Object.entries(plan.keys)) {
    lines.push(`key alias/${name} (${key.location})`);
    lines.push(`  description: ${key.description}`);
    document("key policy", key.policy);
    for (const grant of key.grants) {
      const parts = [`grantee ${grant.grantee}`, `operations ${grant.operations.join(", ")}`];
      if (grant.retiree !== null) parts.push(`retiree ${grant.retiree}`);
      if (grant.constraints !== null) parts.push(`constraints ${JSON.stringify(grant.constraints)}`);
      if (grant.grantTokens !== null) parts.push(`grant tokens ${grant.grantTokens.length}`);
      lines.push(`  grant: ${parts.join("; ")}`);
    }
    lines.push("");
  }
  lines.push(`roles to remove: ${plan.removedRoles.length === 0 ? "none" : plan.removedRoles.join(", ")}`);
  return `${lines.join("\n")}\n`;
}

function formatTags(tags: Record<string, string>): string {
  return Object.entries(tags)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
}
