/**
 * CrowdStrike's registry assessment principal per AWS partition (as aws-ia/cfn-abi-crowdstrike-fcs names them), and which partition /
 * Falcon cloud pairs can use it. Plain data with type-only imports, so the member-side custom resource bundles it
 * without the registry and zod.
 */
// As published in ecr-connections v1.1.0's inline code (its minified names follow this text): products/registry.ts
// re-exports these two vocabulary types for this import.
import type { FalconCloud, Partition } from '../registry';

export const ECR_ASSESSMENT_ROLE_NAME = 'CrowdStrikeCustomerRegistryAssessmentRole';

/** The CrowdStrike account holding the assessment role: commercial Falcon in `aws`, GovCloud Falcon in `aws-us-gov`. */
export const ECR_ASSESSMENT_ACCOUNTS: Readonly<Record<Partition, string>> = {
  aws: '292230061137',
  'aws-us-gov': '358431324613',
};

export function assessmentPrincipalArn(partition: Partition): string {
  return `arn:${partition}:iam::${ECR_ASSESSMENT_ACCOUNTS[partition]}:role/${ECR_ASSESSMENT_ROLE_NAME}`;
}

const GOV_FALCON: readonly FalconCloud[] = ['us-gov-1', 'us-gov-2'];

/** Why `partition` accounts cannot connect registries to a `cloud` tenant, or undefined when they can. */
export function ecrUnsupportedReason(partition: Partition, cloud: FalconCloud): string | undefined {
  const govFalcon = GOV_FALCON.includes(cloud);
  if (partition === 'aws-us-gov' && !govFalcon) {
    return `AWS GovCloud (aws-us-gov) accounts can only be protected by a GovCloud Falcon tenant (us-gov-1 or us-gov-2), not ${cloud}`;
  }
  if (partition === 'aws' && govFalcon) {
    // The GovCloud assessment principal lives in aws-us-gov, and IAM rejects a principal of another partition in a
    // commercial trust policy (the reference system writes one anyway, and that stack fails).
    return (
      `ECR registry connections from commercial AWS to GovCloud Falcon (${cloud}) need a commercial-partition ` +
      'principal that CrowdStrike does not publish; IAM rejects the aws-us-gov assessment role in a commercial ' +
      'trust policy. Connect these registries from the Falcon console, or ask CrowdStrike support for the principal.'
    );
  }
  return undefined;
}
