/**
 * CrowdStrike Falcon clouds (the tenant's API region). A leaf module: it imports nothing from this repository.
 */
import type { Partition } from './aws';

export type FalconCloud = 'us-1' | 'us-2' | 'eu-1' | 'us-gov-1' | 'us-gov-2';

export const FALCON_CLOUDS: readonly FalconCloud[] = ['us-1', 'us-2', 'eu-1', 'us-gov-1', 'us-gov-2'];
export const GOV_FALCON_CLOUDS: readonly FalconCloud[] = ['us-gov-1', 'us-gov-2'];

export function isGovFalconCloud(cloud: FalconCloud): boolean {
  return GOV_FALCON_CLOUDS.includes(cloud);
}

/** A commercial-partition Falcon tenant cannot be trusted by a GovCloud IAM role. */
export function crossPartitionFalcon(partition: Partition, cloud: FalconCloud): string | undefined {
  if (partition === 'aws-us-gov' && !isGovFalconCloud(cloud)) {
    return `AWS GovCloud (aws-us-gov) accounts can only be protected by a GovCloud Falcon tenant (us-gov-1 or us-gov-2), not ${cloud}`;
  }
  return undefined;
}
