/**
 * The stand-in for the `aws` resource provider plugin, for the engine tests only (it never ships): the engine
 * starts it as `pulumi-resource-aws` (installed into the test's isolated PULUMI_HOME with `pulumi plugin install
 * resource aws 7.48.0 --file`, see test/engine/support/stand-in-plugin.ts), and it serves exactly the resource
 * types the iam-syncr program declares, against whatever AWS endpoint the environment names (moto_server in the
 * tests). Each resource module follows the terraform-provider-aws file it names; docs/engine.md lists them.
 */
import * as provider from "@pulumi/pulumi/provider";
import { AwsClients, COMMON_CLIENT_CONFIG } from "./aws-clients";
import { assumeRoles } from "./assume-roles";
import { extendProviderProtocol } from "./protocol-extensions";
import { iamInstanceProfile } from "./iam-instance-profile";
import { iamRole } from "./iam-role";
import { iamRolePoliciesExclusive } from "./iam-role-policies-exclusive";
import { iamRolePolicy } from "./iam-role-policy";
import { iamRolePolicyAttachment } from "./iam-role-policy-attachment";
import { iamRolePolicyAttachmentsExclusive } from "./iam-role-policy-attachments-exclusive";
import { containsUnknown, diffInputs, withDefaults } from "./properties";
import type { Properties } from "./properties";
import { providerConfig, verifyAccount } from "./provider-config";
import type { Context, ResourceType } from "./resource-type";
import { kmsAlias } from "./kms-alias";
import { kmsGrant } from "./kms-grant";
import { kmsKey } from "./kms-key";
import { s3Bucket } from "./s3-bucket";
import { s3BucketPolicy } from "./s3-bucket-policy";

/** The version of @pulumi/aws the program depends on: the engine asks for this plugin version. */
export const PLUGIN_VERSION = "7.48.0";

const RESOURCE_TYPES: readonly ResourceType[] = [
  iamRole,
  iamRolePolicy,
  iamRolePoliciesExclusive,
  iamInstanceProfile,
  iamRolePolicyAttachment,
  iamRolePolicyAttachmentsExclusive,
  s3Bucket,
  s3BucketPolicy,
  kmsKey,
  kmsAlias,
  kmsGrant,
];
const byToken = new Map(RESOURCE_TYPES.map((type) => [type.token, type]));

let context: Context | undefined;

function configured(): Context {
  if (context === undefined) throw new Error("the AWS provider was used before the engine configured it");
  return context;
}

/** Properties without undefined values, which the protocol's Struct cannot carry (an absent property is absent). */
function defined(properties: Properties): Properties {
  return JSON.parse(JSON.stringify(properties)) as Properties;
}

function typeOf(urn: string): ResourceType {
  const token = urn.split("::")[2]?.split("$").pop() ?? "";
  const type = byToken.get(token);
  if (type === undefined) throw new Error(`the stand-in AWS provider does not serve the resource type ${token}`);
  return type;
}

const standIn: provider.Provider = {
  version: PLUGIN_VERSION,

  async check(urn, _olds, news) {
    const type = typeOf(urn);
    const inputs = withDefaults(type.inputs, news as Properties);
    return { inputs, failures: containsUnknown(inputs) ? [] : (type.validate?.(inputs) ?? []) };
  },

  async diff(_id, urn, olds, news) {
    const { changed, replaces } = diffInputs(typeOf(urn).inputs, olds as Properties, news as Properties);
    return { changes: changed.length > 0, replaces };
  },

  async create(urn, inputs) {
    const created = await typeOf(urn).create(configured(), inputs as Properties);
    return { id: created.id, outs: defined(created.outs) };
  },

  async read(id, urn, props) {
    const result = await typeOf(urn).read(configured(), id, (props ?? {}) as Properties);
    return { id: result.id, props: defined(result.outs), inputs: defined(result.inputs) };
  },

  async update(id, urn, olds, news) {
    return { outs: defined(await typeOf(urn).update(configured(), id, olds as Properties, news as Properties)) };
  },

  async delete(id, urn, props) {
    await typeOf(urn).delete(configured(), id, props as Properties);
  },
};

extendProviderProtocol({
  async configure(variables) {
    const config = providerConfig(variables);
    // aws-sdk-go-base assumes the roles first; the account check below then runs on their credentials.
    const credentials = await assumeRoles(config.assumeRoles, { ...COMMON_CLIENT_CONFIG, region: config.region });
    const aws = new AwsClients(config.region, credentials);
    await verifyAccount(config, aws);
    context = { aws, region: config.region };
  },
  // pulumi-aws replaces a provider whose region changes, and with it every resource of that provider.
  replacingInputs: ["region"],
});

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
void provider.main(standIn, process.argv.slice(2));
