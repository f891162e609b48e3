/** The example app with every feature product enabled and the Account Factory blueprint switched on. */
import type { Manifest } from '../../manifest/schema';
import { manifestWithFeatures } from '../products/product-templates';

export const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:999999999999:secret:falcon/sensor-download-AbCdEf';
export const CONSOLE_ROLE = 'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_CTAdmin_0123';

export function blueprintManifest(overrides: (m: Manifest) => void = () => {}): Manifest {
  const manifest = manifestWithFeatures();
  manifest.organization.hubAccountId = '999999999999';
  // A separate hub shares with the management account for its own products (the validator asks for it).
  manifest.portfolio.shareWith.accounts = [...manifest.portfolio.shareWith.accounts, manifest.organization.managementAccountId];
  manifest.blueprint = {
    enabled: true,
    createAccessRole: true,
    consoleUserRoleArns: [CONSOLE_ROLE],
    products: {
      iom: { parameters: {} },
      'threat-detection': { parameters: {} },
      'sensor-management': { parameters: { credentialsSecretArn: SECRET_ARN } },
      'ssm-distributor': { parameters: { credentialsSecretArn: SECRET_ARN, maxConcurrency: '5' } },
    },
  };
  overrides(manifest);
  return manifest;
}
