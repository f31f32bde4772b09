/**
 * A 1-in-n sample of a plan: every n-th role, bucket, key and removed role. Registration costs the same per
 * resource of each type however many there are (measured: 100 and 1,000 roles give the same time per resource),
 * so a sample measures the per-resource cost of a size whose full registration the Pulumi SDK cannot hold in
 * memory (see docs/performance.md).
 */
import type { Plan } from "../compiler/plan";

export function samplePlan(plan: Plan, stride: number): Plan {
  if (stride <= 1) return plan;
  const every = <T>(record: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(record).filter((_, index) => index % stride === 0));
  return {
    ...plan,
    roles: every(plan.roles),
    buckets: every(plan.buckets),
    keys: every(plan.keys),
    removedRoles: plan.removedRoles.filter((_, index) => index % stride === 0),
  };
}
