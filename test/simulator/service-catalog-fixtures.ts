import { ServiceCatalogClient } from '@aws-sdk/client-service-catalog';
import type { AwsSimulator } from '../../simulator/index';
import { MANAGEMENT, REGION } from './fixtures';

export const SSO_ADMIN_PATTERN = 'arn:aws:iam:::role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AWSAdministratorAccess_*';

/** The hub portfolio as the portfolio stack would deploy it in the management account. */
export function seedFalconPortfolio(sim: AwsSimulator) {
  return sim.sc.seedPortfolio(MANAGEMENT, REGION, {
    displayName: 'CrowdStrike Falcon Cloud Security',
    providerName: 'Platform Security',
    products: [
      {
        name: 'falcon-iom',
        launchRoleName: 'FalconCatalogLaunchRole',
        versions: [
          { name: 'v1.0.0', parameters: [{ key: 'PermissionsBoundary', defaultValue: '' }] },
          { name: 'v1.1.0', parameters: [{ key: 'PermissionsBoundary', defaultValue: '' }, { key: 'EnableIdentityProtection', defaultValue: 'false' }] },
        ],
      },
    ],
    tagOptions: { 'cost-center': ['security', 'platform'] },
  });
}

export function scClient(sim: AwsSimulator, accountId: string, roleName = 'AWSControlTowerExecution', sessionName = 'lifecycle'): ServiceCatalogClient {
  return new ServiceCatalogClient({ region: REGION, ...sim.clientConfig({ accountId, roleName, sessionName }) });
}
