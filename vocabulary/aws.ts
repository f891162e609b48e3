/**
 * AWS identifiers as this package uses them: partitions and the shapes of account, organisation, OU and Region
 * identifiers. A leaf module: it imports nothing from this repository, so every layer can use it.
 */

export type Partition = 'aws' | 'aws-us-gov';
export const PARTITIONS: readonly Partition[] = ['aws', 'aws-us-gov'];

export const ACCOUNT_ID = /^\d{12}$/;
export const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
export const ORG_ID = /^o-[a-z0-9]{10,32}$/;
/** `Root`, `Root/Workloads`, `Root/Workloads/Prod`: OU names as Organizations shows them, from the root down. */
export const OU_PATH = /^Root(\/[^/]{1,128})*$/;

/**
 * The shape of a Region code (`us-east-1`, `us-gov-west-1`). Shape only: whether a Region exists, and in which
 * partition, is a separate check against the partition's list of Regions.
 */
export const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
/** The same shape as a CloudFormation `AllowedPattern` / JSON Schema string. */
export const REGION_PATTERN = REGION.source;

/** GovCloud Region codes start with `us-gov-`; every other supported Region is in the commercial partition. */
export function partitionOfRegion(region: string): Partition {
  return region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

/** An IAM name (role, policy): 1-64 characters of letters, digits and `+=,.@_-`. */
export const IAM_NAME = /^[\w+=,.@-]{1,64}$/;
