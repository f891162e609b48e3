/**
 * The partition Region lists (manifest/regions.ts) against a list we did not write: aws-cdk-lib's region-info, which
 * AWS maintains with each Region launch. A Region AWS adds fails here first, not as a manifest this package refuses.
 */
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../manifest/load';
import { PARTITION_REGIONS, partitionOfRegion } from '../../manifest/regions';
import { REGION } from '../../vocabulary';
import { manifestText, VALID_SECTIONS } from './manifest-text';

describe('partition Regions', () => {
  for (const partition of ['aws', 'aws-us-gov'] as const) {
    it(`${partition}: the same Regions as aws-cdk-lib's region-info`, () => {
      const cdk = RegionInfo.regions.filter((r) => r.partition === partition).map((r) => r.name);
      expect([...PARTITION_REGIONS[partition]].sort()).toEqual(cdk.sort());
    });
  }

  it('every listed Region has the shape the manifest schema accepts, and belongs to one partition', () => {
    for (const [partition, regions] of Object.entries(PARTITION_REGIONS)) {
      for (const region of regions) {
        expect(region).toMatch(REGION);
        expect(partitionOfRegion(region)).toBe(partition);
      }
    }
    expect(partitionOfRegion('us-east-9')).toBeUndefined();
  });

  it('validate refuses a Region shaped like one that does not exist, suggesting the nearest', () => {
    const organization = VALID_SECTIONS.organization.replace('governedRegions: [us-east-1, us-west-2]', 'governedRegions: [us-east-1, eu-wset-1]');
    const result = parseManifest(manifestText({ organization }), 'm.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => `${e.path}  ${e.message}`)).toContain(
      'organization.governedRegions[1]  eu-wset-1 is not a Region of partition aws; did you mean eu-west-1?',
    );
  });
});
