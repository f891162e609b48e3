/**
 * The EKS installer's own Falcon API client (`eks.apiCredentials`): a secret the operator creates in the hub, with
 * the customer-managed key made here. Never the organisation's client: that one can change the organisation's
 * Falcon configuration, and its key admits only the registration and broker functions.
 *
 * Key policy, and why (as the hub key, stacks/constructs/falcon-secret.ts):
 * - the account may administer the key (no use of it, no grants);
 * - principals of the account may encrypt with it only through Secrets Manager in this Region (store or rotate the
 *   secret, never read it back);
 * - only the installer role may decrypt, and only through Secrets Manager (CodeBuild resolves the project's
 *   Secrets Manager variables with the project's role at build start).
 */
import { CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccountRootPrincipal, type IRole, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { CfnAlias, CfnKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { KEY_ADMIN_ACTIONS } from './falcon-secret';

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
    const stack = Stack.of(this);
    const viaSecretsManager = { 'kms:ViaService': `secretsmanager.${stack.region}.${stack.urlSuffix}` };
    const policy = new PolicyDocument({
      statements: [
        new PolicyStatement({
          sid: 'AdministerKeyWithoutUsingIt',
          principals: [new AccountRootPrincipal()],
          actions: [...KEY_ADMIN_ACTIONS],
          resources: ['*'],
        }),
        new PolicyStatement({
          sid: 'OperatorsStoreTheSecretThroughSecretsManager',
          principals: [new AccountRootPrincipal()],
          actions: ['kms:GenerateDataKey'],
          resources: ['*'],
          conditions: { StringEquals: { ...viaSecretsManager, 'kms:CallerAccount': stack.account } },
        }),
        new PolicyStatement({
          sid: 'OnlyTheInstallerReadsTheSecret',
          principals: [props.installerRole],
          actions: ['kms:Decrypt'],
          resources: ['*'],
          conditions: { StringEquals: viaSecretsManager },
        }),
      ],
    });
    this.key = new CfnKey(this, 'Key', {
      description: 'Encrypts the Falcon API client of the EKS installer (Secrets Manager only)',
      enableKeyRotation: true,
      pendingWindowInDays: 30,
      keyPolicy: policy.toJSON(),
    });
    this.key.applyRemovalPolicy(RemovalPolicy.RETAIN);
    new CfnAlias(this, 'Alias', { aliasName: EKS_INSTALLER_SECRET_KEY_ALIAS, targetKeyId: this.key.attrKeyId });

    new CfnOutput(this, 'KeyArn', {
      value: this.key.attrArn,
      description: 'KMS key to create the EKS installer client secret with (aws secretsmanager create-secret --kms-key-id)',
    }).overrideLogicalId('EksInstallerSecretKeyArn');
    new CfnOutput(this, 'SecretId', {
      value: props.secretId,
      description: 'Name or ARN of the EKS installer client secret (eks.apiCredentials)',
    }).overrideLogicalId('EksInstallerSecretId');
  }
}
