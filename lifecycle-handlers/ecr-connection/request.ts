/**
 * The two custom resources of the ecr-connections product and their properties, read and checked before anything
 * is done: CloudFormation passes every value as a string or a list of strings.
 */
// Import lines as ecr-connections v1.1.0 was published: its inline code's minified names follow this text
// (products/registry.ts re-exports the two vocabulary types for this reason).
import { BROKER_URL_PATTERN } from '../broker-client/client';
import { ecrUnsupportedReason } from '../../products/ecr-connections/principal';
import type { FalconCloud, Partition } from '../../products/registry';

/** Generates (once) and returns the role's external ID; keeps it in an SSM SecureString. */
export const EXTERNAL_ID_RESOURCE_TYPE = 'Custom::FalconEcrExternalId';
/** Connects the account's ECR registry in each listed Region to Falcon, through the hub broker. */
export const CONNECTIONS_RESOURCE_TYPE = 'Custom::FalconEcrConnections';

export interface ExternalIdRequest {
  readonly parameterName: string;
}

export interface ConnectionsRequest {
  readonly brokerUrl: string;
  readonly regions: readonly string[];
  readonly roleArn: string;
  readonly roleName: string;
  readonly accountId: string;
  readonly partition: Partition;
  readonly falconCloud: FalconCloud;
}

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const ROLE_ARN = /^arn:(aws|aws-us-gov):iam::(\d{12}):role\/([\w+=,.@-]{1,64})$/;
const PARAMETER_NAME = /^\/[\w./-]{1,1000}$/;
const FALCON_CLOUDS: readonly string[] = ['us-1', 'us-2', 'eu-1', 'us-gov-1', 'us-gov-2'];

function requiredString(properties: Record<string, unknown>, key: string): string {
  const value = properties[key];
  if (typeof value !== 'string' || value === '') throw new Error(`property ${key} is required`);
  return value;
}

export function readExternalIdRequest(properties: Record<string, unknown>): ExternalIdRequest {
  const parameterName = requiredString(properties, 'ParameterName');
  if (!PARAMETER_NAME.test(parameterName)) throw new Error(`ParameterName is not an SSM parameter path: ${parameterName}`);
  return { parameterName };
}

export function readConnectionsRequest(properties: Record<string, unknown>): ConnectionsRequest {
  const brokerUrl = requiredString(properties, 'BrokerUrl');
  if (!new RegExp(BROKER_URL_PATTERN).test(brokerUrl)) {
    throw new Error(`BrokerUrl is not a Lambda function URL: ${brokerUrl}`);
  }
  const rawRegions = properties.Regions;
  if (!Array.isArray(rawRegions) || rawRegions.length === 0) throw new Error('property Regions must list at least one Region');
  const regions = [...new Set(rawRegions.map(String))];
  const invalid = regions.filter((r) => !REGION.test(r));
  if (invalid.length > 0) throw new Error(`Regions has values that are not Region codes: ${invalid.join(', ')}`);

  const roleArn = requiredString(properties, 'RoleArn');
  const arn = ROLE_ARN.exec(roleArn);
  if (!arn) throw new Error(`RoleArn is not an IAM role ARN without a path: ${roleArn}`);
  const partition = arn[1] as Partition;

  const falconCloud = requiredString(properties, 'FalconCloud');
  if (!FALCON_CLOUDS.includes(falconCloud)) throw new Error(`FalconCloud must be one of ${FALCON_CLOUDS.join(', ')}`);
  // A launch by hand can pair any cloud with any partition; refuse what cannot work before touching Falcon.
  const unsupported = ecrUnsupportedReason(partition, falconCloud as FalconCloud);
  if (unsupported) throw new Error(unsupported);

  return { brokerUrl, regions, roleArn, roleName: arn[3], accountId: arn[2], partition, falconCloud: falconCloud as FalconCloud };
}
