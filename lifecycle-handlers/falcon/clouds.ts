/**
 * Falcon clouds and the API scopes this package needs, as data (no SDK import), so the stack, the manifest
 * validator and the handlers agree on them.
 */
import type { FalconCloud } from '../../vocabulary';

/**
 * API base URL per Falcon cloud. Kept here rather than taken from the SDK: crowdstrike-falcon 0.7.0 knows no
 * us-gov-2 (its CloudBasePath returns `https://undefined` for it).
 */
export const FALCON_API_BASE_URLS: Readonly<Record<FalconCloud, string>> = {
  'us-1': 'https://api.crowdstrike.com',
  'us-2': 'https://api.us-2.crowdstrike.com',
  'eu-1': 'https://api.eu-1.crowdstrike.com',
  'us-gov-1': 'https://api.laggar.gcw.crowdstrike.com',
  'us-gov-2': 'https://api.us-gov-2.crowdstrike.mil',
};

export function falconBaseUrl(cloud: string): string {
  const url = FALCON_API_BASE_URLS[cloud as FalconCloud];
  if (!url) {
    throw new Error(`unknown Falcon cloud "${cloud}"; expected one of ${Object.keys(FALCON_API_BASE_URLS).join(', ')}`);
  }
  return url;
}

/** GovCloud Falcon tenants register accounts with account_type "gov"; commercial ones with "commercial". */
export function isGovFalconCloud(cloud: string): boolean {
  return cloud === 'us-gov-1' || cloud === 'us-gov-2';
}

/**
 * API client scopes, named as the Falcon console's "API clients and keys" page names them, so that a 403 tells
 * the operator exactly which box to tick.
 */
export const FALCON_SCOPES = {
  cspmRead: 'CSPM registration: Read',
  cspmWrite: 'CSPM registration: Write',
  cloudAwsRegistrationRead: 'Cloud Security AWS Registration: Read',
  cloudAwsRegistrationWrite: 'Cloud Security AWS Registration: Write',
  containerImageRead: 'Falcon Container Image: Read',
  containerImageWrite: 'Falcon Container Image: Write',
  // For the narrower member-side clients (SSM Distributor, EKS), never the hub's registration client.
  sensorDownloadRead: 'Sensor Download: Read',
  installationTokensRead: 'Installation Tokens: Read',
} as const;

export type FalconScope = (typeof FALCON_SCOPES)[keyof typeof FALCON_SCOPES];
