/** Whether a Region named in a manifest exists, in the organisation's partition (manifest/regions.ts). */
import { closest } from './closest';
import { PARTITION_REGIONS, partitionOfRegion, type RegionPartition } from './regions';

/**
 * Why `region` cannot be used in `partition`, or undefined: it must be a Region that exists (manifest/regions.ts),
 * in that partition.
 */
export function partitionMismatch(region: string, partition: RegionPartition): string | undefined {
  const regionPartition = partitionOfRegion(region);
  if (regionPartition === undefined) {
    const suggestion = closest(region, PARTITION_REGIONS[partition]);
    return (
      `${region} is not a Region of partition ${partition}` +
      (suggestion ? `; did you mean ${suggestion}?` : `; its Regions are ${PARTITION_REGIONS[partition].join(', ')}`)
    );
  }
  if (partition === 'aws' && regionPartition === 'aws-us-gov') {
    return `${region} is an AWS GovCloud Region; it cannot be used with organization.partition aws`;
  }
  if (partition === 'aws-us-gov' && regionPartition !== 'aws-us-gov') {
    return (
      `${region} is not an AWS GovCloud Region; ` +
      `organization.partition aws-us-gov has only ${PARTITION_REGIONS['aws-us-gov'].join(' and ')}`
    );
  }
  return undefined;
}
