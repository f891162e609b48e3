/** What the hub's Falcon registration publishes in these tests, and the IOM template parameters it yields. */
import { currentVersionName, findProduct } from '../../products/registry';
import { type RegistrationOutputs } from '../../vocabulary';

export const REGISTRATION: RegistrationOutputs = {
  crowdStrikeAccountId: '292230061137',
  intermediateRoleName: 'CrowdStrikeCSPMConnector',
  externalId: 'ext-123',
  readerRoleName: 'CrowdStrikeCSPMReader-abc',
};

export const IOM_PARAMETERS = {
  CrowdStrikeAccountId: '292230061137',
  CrowdStrikeRoleName: 'CrowdStrikeCSPMConnector',
  ExternalId: 'ext-123',
  RoleName: 'CrowdStrikeCSPMReader-abc',
};

/** The launch-role product's newest version: the lifecycle core always provisions that one. */
export const LAUNCH_ROLE_VERSION = currentVersionName(findProduct('launch-role')!);
