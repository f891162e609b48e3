/**
 * Every Region of the two partitions this package supports, so a manifest naming a Region that does not exist
 * (`us-east-9`) is refused by name, not only by shape.
 *
 * Source: the AWS General Reference, "AWS service endpoints", table of Region names and codes
 * (https://docs.aws.amazon.com/general/latest/gr/rande.html#regional-endpoints), and for AWS GovCloud (US) its user
 * guide (https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/using-govcloud-endpoints.html). A test compares
 * these lists with aws-cdk-lib's region-info, so a Region AWS adds shows up as a failing test, not as a manifest
 * this package refuses.
 *
 * A leaf module: it imports nothing from the repository.
 */

export type RegionPartition = 'aws' | 'aws-us-gov';

export const PARTITION_REGIONS: Readonly<Record<RegionPartition, readonly string[]>> = {
  aws: [
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
    'af-south-1',
    'ap-east-1',
    'ap-east-2',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-6',
    'ap-southeast-7',
    'ca-central-1',
    'ca-west-1',
    'eu-central-1',
    'eu-central-2',
    'eu-north-1',
    'eu-south-1',
    'eu-south-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'il-central-1',
    'me-central-1',
    'me-south-1',
    'me-west-1',
    'mx-central-1',
    'sa-east-1',
  ],
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
};

/** The partition a Region belongs to, or undefined when it is no Region of a supported partition. */
export function partitionOfRegion(region: string): RegionPartition | undefined {
  for (const [partition, regions] of Object.entries(PARTITION_REGIONS) as [RegionPartition, readonly string[]][]) {
    if (regions.includes(region)) return partition;
  }
  return undefined;
}
