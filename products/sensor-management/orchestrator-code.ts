/**
 * Where CrowdStrike publishes the 1Click orchestrator (`horizon-sensor-installation-orchestrator.zip`), as facts.
 *
 * Source: github.com/CrowdStrike/terraform-aws-cloud-registration @ 74807f5b4b738bb0325a6700525e2991e66e9964:
 * modules/sensor-management/main.tf (commercial AWS: the regional bucket of modules/region-map/main.tf, key
 * `aws/lambda/…`; AWS GovCloud: `cs-horizon-sensormgmt-lambda-<Region>`, key `aws/…`) and, for the Falcon address a
 * GovCloud tenant's orchestrator authenticates against, the `cs_address` variable (variables.tf) with the us-gov-1
 * address its own GovCloud forwarder uses (modules/realtime-visibility/govcom.tf).
 */

export const ORCHESTRATOR_CODE_FILE = 'horizon-sensor-installation-orchestrator.zip';
export const COMMERCIAL_CODE_KEY = `aws/lambda/${ORCHESTRATOR_CODE_FILE}`;
export const GOVCLOUD_CODE_KEY = `aws/${ORCHESTRATOR_CODE_FILE}`;
export const COMMERCIAL_CODE_BUCKET_PREFIX = 'cs-prod-cloudconnect-templates-';
export const GOVCLOUD_CODE_BUCKET_PREFIX = 'cs-horizon-sensormgmt-lambda-';

/** Commercial Regions: `<prefix>-<bucket id>` of CrowdStrike's regional bucket `cs-prod-cloudconnect-templates-<…>`. */
const COMMERCIAL_BUCKET_SUFFIXES: Readonly<Record<string, string>> = {
  'us-east-1': 'use1-4721cdb0', 'us-east-2': 'use2-0c19f3dd', 'us-west-1': 'usw1-810f8878',
  'us-west-2': 'usw2-bce32e5c', 'af-south-1': 'afs1-ef8595a0', 'ap-east-1': 'ape1-70bb0ea3',
  'ap-northeast-1': 'apne1-145f171b', 'ap-northeast-2': 'apne2-68bbfe3e', 'ap-northeast-3': 'apne3-d4160e46',
  'ap-southeast-1': 'apse1-db65e1e6', 'ap-south-1': 'aps1-d41357ff', 'ca-central-1': 'cac1-315e8647',
  'eu-central-1': 'euc1-edd048dc', 'eu-north-1': 'eun1-ae865f0d', 'eu-south-1': 'eus1-e006fd77',
  'eu-west-1': 'euw1-25924530', 'eu-west-2': 'euw2-5e56e088', 'eu-west-3': 'euw3-f154c304',
  'me-south-1': 'mes1-9f7d433b', 'sa-east-1': 'sae1-589dbb5f', 'ap-southeast-2': 'apse2-804dcf46',
  'ap-southeast-3': 'apse3-2353cfc8', 'me-central-1': 'mec1-7b30ccf6', 'eu-central-2': 'euc2-6b50b33b',
  'eu-south-2': 'eus2-b5ff3cb9', 'ap-south-2': 'aps2-ab74afb6', 'ap-southeast-4': 'apse4-d5e19596',
  'ca-west-1': 'caw1-b1fef251', 'il-central-1': 'ilc1-a02bc6ec', 'mx-central-1': 'mxc1-8db1e6e1',
  'ap-southeast-5': 'apse5-0ab89571', 'ap-southeast-7': 'apse7-25b2cfcf',
};

export interface OrchestratorCode {
  readonly bucket: string;
  readonly key: string;
}

/** The orchestrator code per Region CrowdStrike publishes it in: every Region above, and both GovCloud Regions. */
export const ORCHESTRATOR_CODE: Readonly<Record<string, OrchestratorCode>> = {
  ...Object.fromEntries(
    Object.entries(COMMERCIAL_BUCKET_SUFFIXES).map(([region, suffix]) => [
      region,
      { bucket: `${COMMERCIAL_CODE_BUCKET_PREFIX}${suffix}`, key: COMMERCIAL_CODE_KEY },
    ]),
  ),
  ...Object.fromEntries(
    ['us-gov-west-1', 'us-gov-east-1'].map((region) => [
      region,
      { bucket: `${GOVCLOUD_CODE_BUCKET_PREFIX}${region}`, key: GOVCLOUD_CODE_KEY },
    ]),
  ),
};

/**
 * The Falcon address (`host:port`, the orchestrator's `CS_ADDRESS`) of GovCloud tenants. CrowdStrike publishes the
 * us-gov-1 address; for us-gov-2 it asks for it as input, so the manifest must give it (`falconAddress`).
 */
export const GOVCLOUD_FALCON_ADDRESS: Readonly<Record<string, string>> = {
  'us-gov-1': 'az.laggar.gcw.crowdstrike.com:443',
};

export const FALCON_ADDRESS_PATTERN = '^[A-Za-z0-9.-]{1,253}:[0-9]{1,5}$';
