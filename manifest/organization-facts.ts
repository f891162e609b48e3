/**
 * The organisation facts a product reads (vocabulary `OrganizationFacts`), taken from a manifest. Products never
 * see the manifest itself: this is the one place that maps one onto the other.
 */
import type { FalconCloud, OrganizationFacts } from '../vocabulary';
import { hubAccountOf } from './hub-account';
import type { Manifest } from './schema';

export function organizationFacts(manifest: Manifest): OrganizationFacts {
  const { partition, homeRegion, governedRegions } = manifest.organization;
  const { sensorDownloadSecretArn } = manifest.portfolio.selfService;
  return {
    partition,
    homeRegion,
    governedRegions,
    hubAccountId: hubAccountOf(manifest),
    // The schema admits only FALCON_CLOUDS.
    falconCloud: manifest.falcon.cloud as FalconCloud,
    launchRoleName: manifest.portfolio.launchRoleName,
    ...(sensorDownloadSecretArn === undefined ? {} : { sensorDownloadSecretArn }),
  };
}
