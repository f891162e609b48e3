/**
 * The launches the gate proves: every published version of every product launched with the launch role (the
 * registry's versions, their templates the committed snapshots), with the parameters the lifecycle core passes
 * (`templateParameters`, the production code path) and the Falcon directory values CloudFormation reads from SSM,
 * in a commercial home Region, a second commercial Region for per-Region products, and a GovCloud Region where the
 * product runs there. And the launch role of each version, from its snapshot.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DIRECTORY, DIRECTORY_KEYS, directoryValues } from '../../../products/directory/entries';
import { findProduct, launchesWithLaunchRole, LAUNCH_ROLE_PRODUCT_ID, PRODUCTS } from '../../../products/registry';
import type { ParameterContext, Partition, ProductDefinition } from '../../../vocabulary';
import { snapshotFileName } from '../../../stacks/shared-snapshot-history';
import { contextFor, REGISTRATION } from '../../products/contexts';
import type { Json, StackPlace } from './cfn-values';
import { TemplateResolver } from './cfn-values';
import type { PolicyDocument } from './policy-evaluator';
import { instantiate, type TemplateInstance } from './template-instance';

const SNAPSHOTS = path.join(__dirname, '..', '..', '..', 'product-stack-snapshots');

export const MEMBER_ACCOUNT = '222222222222';
const SENSOR_SECRET = (partition: string) =>
  `arn:${partition}:secretsmanager:${partition === 'aws' ? 'us-east-1' : 'us-gov-west-1'}:111111111111:secret:falcon/sensor-download-AbCdEf`;
const BROKER_URL = 'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws/';

export function readSnapshot(productId: string, version: string): { [key: string]: Json } {
  return JSON.parse(readFileSync(path.join(SNAPSHOTS, snapshotFileName(productId, version)), 'utf8'));
}

export interface LaunchPlace {
  readonly partition: Partition;
  readonly region: string;
  readonly isHomeRegion: boolean;
}

export function placesFor(product: ProductDefinition): LaunchPlace[] {
  const candidates: LaunchPlace[] = [
    { partition: 'aws', region: 'us-east-1', isHomeRegion: true },
    { partition: 'aws', region: 'eu-west-1', isHomeRegion: false },
    { partition: 'aws-us-gov', region: 'us-gov-west-1', isHomeRegion: true },
  ];
  return candidates.filter(
    (c) =>
      (c.isHomeRegion || product.regionScope === 'per-region') &&
      (!product.supportedRegions || product.supportedRegions.includes(c.region)) &&
      product.unsupportedReason(c.partition, c.partition === 'aws' ? 'us-1' : 'us-gov-1') === undefined,
  );
}

/** Assignment parameters a version needs (the v1.0.0 versions take the sensor-download secret from the manifest). */
function assignmentFor(productId: string, partition: string): Record<string, unknown> {
  return productId === 'sensor-management' || productId === 'ssm-distributor' ? { credentialsSecretArn: SENSOR_SECRET(partition) } : {};
}

export function parameterContext(product: ProductDefinition, version: string, where: LaunchPlace): ParameterContext {
  const ctx = contextFor({
    partition: where.partition,
    region: where.region,
    isHomeRegion: where.isHomeRegion,
    version,
    assignment: assignmentFor(product.id, where.partition),
    registration: { ...REGISTRATION, brokerUrl: BROKER_URL },
    sensorDownloadSecretArn: SENSOR_SECRET(where.partition),
  });
  return { ...ctx, accountId: MEMBER_ACCOUNT, assignmentRegions: [where.region] };
}

export function stackPlace(where: LaunchPlace, accountId = MEMBER_ACCOUNT): StackPlace {
  const stackName = `SC-${accountId}-pp-abcdefghijklm`;
  return {
    partition: where.partition,
    region: where.region,
    accountId,
    stackName,
    stackId: `arn:${where.partition}:cloudformation:${where.region}:${accountId}:stack/${stackName}/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9`,
  };
}

/** One provisioning of a product version as the lifecycle core makes it, resolved. */
export function productInstance(productId: string, version: string, where: LaunchPlace, template = readSnapshot(productId, version)): TemplateInstance {
  const product = findProduct(productId);
  if (!product) throw new Error(`no product ${productId}`);
  const ctx = parameterContext(product, version, where);
  const given = product.templateParameters(ctx);
  const directory = directoryValues(ctx);
  const bySsmName = new Map(DIRECTORY_KEYS.map((key) => [DIRECTORY[key].parameterName, directory[key]]));
  return instantiate({ place: stackPlace(where), template, given, ssmValue: (name) => bySsmName.get(name) });
}

/** Products whose every launch goes through the launch role, and their published versions. */
export function productsLaunchedWithLaunchRole(): ProductDefinition[] {
  return PRODUCTS.filter((p) => launchesWithLaunchRole(p.id));
}

export function launchRoleVersions(): string[] {
  return findProduct(LAUNCH_ROLE_PRODUCT_ID)!.versions.map((v) => v.name);
}

/** The launch role's identity-based policies as one launch-role version creates them in an account. */
export function launchRolePolicies(version: string, place: StackPlace, template = readSnapshot(LAUNCH_ROLE_PRODUCT_ID, version)): PolicyDocument[] {
  const resolver = new TemplateResolver({
    place,
    template,
    parameters: { LaunchRoleName: 'FalconCatalogLaunchRole', PermissionsBoundaryPolicyName: '' },
  });
  const resources = (template.Resources ?? {}) as Record<string, { Type: string; Properties: Json }>;
  const roles = Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Role');
  if (roles.length !== 1) throw new Error(`launch-role ${version}: expected one role, found ${roles.length}`);
  const properties = resolver.resolve(roles[0].Properties) as { Policies?: Array<{ PolicyDocument: PolicyDocument }>; ManagedPolicyArns?: string[] };
  if ((properties.ManagedPolicyArns ?? []).length > 0) throw new Error(`launch-role ${version}: managed policies are not modelled`);
  return (properties.Policies ?? []).map((p) => p.PolicyDocument);
}
