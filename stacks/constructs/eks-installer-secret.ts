/**
 * The EKS installer's own Falcon API client (`eks.apiCredentials`): a secret the operator creates in the hub, with
 * the customer-managed key made here (secrets-manager-key.ts). Never the organisation's client: that one can change
 * the organisation's Falcon configuration, and its key admits only the registration and broker functions. Only the
 * installer role may decrypt this one (CodeBuild resolves the project's Secrets Manager variables with the project's
 * role at build start).
 */
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { CfnKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { secretsManagerKey } from './secrets-manager-key';

export const EKS_INSTALLER_SECRET_KEY_ALIAS = 'alias/falcon-catalog/eks-installer-credentials';

export interface EksInstallerSecretKeyProps {
  readonly installerRole: IRole;
  /** Name or ARN of the secret, for the output operators look up. */
  readonly secretId: string;
}

export class EksInstallerSecretKey extends Construct {
  readonly key: CfnKey;

  constructor(scope: Construct, id: string, props: EksInstallerSecretKeyProps) {
    super(scope, id);
    this.key = secretsManagerKey(this, {
      description: 'Encrypts the Falcon API client of the EKS installer (Secrets Manager only)',
      aliasName: EKS_INSTALLER_SECRET_KEY_ALIAS,
      readers: { sid: 'OnlyTheInstallerReadsTheSecret', principals: [props.installerRole] },
      keyOutput: { logicalId: 'EksInstallerSecretKeyArn', description: 'KMS key to create the EKS installer client secret with (aws secretsmanager create-secret --kms-key-id)' },
      secretOutput: { logicalId: 'EksInstallerSecretId', description: 'Name or ARN of the EKS installer client secret (eks.apiCredentials)', secretId: props.secretId },
    });
  }
}
