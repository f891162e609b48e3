/**
 * The fields a GovCloud Falcon tenant needs on a registry connection, added by the client to what the broker asks
 * for. `credential.details` is free-form in the SDK's model (RegistryassessmentExternalRegistryPayload), and
 * CrowdStrike's reference templates send `aws_gov_using_commercial_connection` to GovCloud tenants: false for a
 * registry in an AWS GovCloud Region, true for one in commercial AWS (which the ecr-connections product refuses,
 * products/ecr-connections/principal.ts). Their other GovCloud fields, `all_repositories_monitored` and
 * `credential.type`, are not in the SDK's model, so the SDK cannot send them.
 */
import type { RegistryassessmentExternalRegistryPayload } from 'crowdstrike-falcon';
import { isGovFalconCloud } from './clouds';

const GOVCLOUD_ECR_HOST = /^\d{12}\.dkr\.ecr\.us-gov-[a-z]+-\d\.amazonaws\.com$/;

export function registryPayloadFor(
  cloud: string,
  payload: RegistryassessmentExternalRegistryPayload,
): RegistryassessmentExternalRegistryPayload {
  if (!isGovFalconCloud(cloud) || payload.type !== 'ecr') return payload;
  const govRegistry = GOVCLOUD_ECR_HOST.test(new URL(payload.url).hostname);
  return {
    ...payload,
    credential: { ...payload.credential, details: { ...payload.credential.details, aws_gov_using_commercial_connection: !govRegistry } },
  };
}
