/**
 * The hub secret holding the Falcon API client ID and secret: referenced, never created (its value must not pass
 * through CloudFormation), plus the customer-managed KMS key the operator creates it with.
 *
 * Key policy, and why:
 * - the account may administer the key (no use of it, no grants), so it is never unmanageable;
 * - principals of the account may encrypt with it only through Secrets Manager in this Region, so an operator
 *   with IAM rights can create or rotate the secret value, but cannot read it back;
 * - only the registration and broker function roles may decrypt, and only through Secrets Manager (the EKS
 *   installer has its own client and secret: stacks/constructs/eks-installer-secret.ts).
 */
import { Aws, CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccountRootPrincipal, Effect, IRole, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { CfnAlias, CfnKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { Manifest } from '../../manifest/schema';

export const FALCON_SECRET_KEY_ALIAS = 'alias/falcon-catalog/api-credentials';

/** Key administration without any cryptographic use: no Decrypt, no GenerateDataKey, no CreateGrant. */
export const KEY_ADMIN_ACTIONS = [
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:PutKeyPolicy',
  'kms:ListKeyPolicies',
  'kms:GetKeyRotationStatus',
  'kms:EnableKeyRotation',
  'kms:DisableKeyRotation',
  'kms:RotateKeyOnDemand',
  'kms:ListKeyRotations',
  'kms:EnableKey',
  'kms:DisableKey',
  'kms:UpdateKeyDescription',
  'kms:ListResourceTags',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ListGrants',
  'kms:RevokeGrant',
  'kms:CreateAlias',
  'kms:UpdateAlias',
  'kms:DeleteAlias',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
];

export interface FalconSecretReference {
  /** What the functions pass to GetSecretValue: the name or ARN from the manifest. */
  readonly secretId: string;
  /** IAM resources that match the secret (a name-only reference matches its random six-character suffix). */
  readonly iamResources: string[];
}

/** The manifest's secret reference, checked to live in the hub account and home Region. */
export function falconSecretReference(stack: Stack, manifest: Manifest): FalconSecretReference {
  return hubSecretReference(stack, manifest.organization.partition, manifest.falcon.apiCredentials, 'falcon.apiCredentials');
}

/** A secret reference (name or ARN) of the manifest, checked to live in this stack's account and Region. */
export function hubSecretReference(
  stack: Stack,
  partition: string,
  reference: { readonly secretName?: string; readonly secretArn?: string },
  what: string,
): FalconSecretReference {
  const { secretName, secretArn } = reference;
  if (secretArn) {
    const [, arnPartition, , region, account] = secretArn.split(':');
    if (arnPartition !== partition || region !== stack.region || account !== stack.account) {
      throw new Error(
        `${what}.secretArn must name a secret in the hub account ${stack.account} and home Region ` +
          `${stack.region} (partition ${partition}); got ${secretArn}`,
      );
    }
    // Complete ARNs end in the random suffix; partial ones (name only) need it matched.
    return { secretId: secretArn, iamResources: [secretArn, `${secretArn}-??????`] };
  }
  const name = secretName!;
  return {
    secretId: name,
    iamResources: [`arn:${Aws.PARTITION}:secretsmanager:${stack.region}:${stack.account}:secret:${name}-??????`],
  };
}

export interface FalconSecretKeyProps {
  /** Roles allowed to decrypt the secret: the registration and broker functions. */
  readonly decrypters: IRole[];
  readonly secret: FalconSecretReference;
}

export class FalconSecretKey extends Construct {
  readonly key: CfnKey;

  constructor(scope: Construct, id: string, props: FalconSecretKeyProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const viaSecretsManager = { 'kms:ViaService': `secretsmanager.${stack.region}.${stack.urlSuffix}` };
    const policy = new PolicyDocument({
      statements: [
        new PolicyStatement({
          sid: 'AdministerKeyWithoutUsingIt',
          principals: [new AccountRootPrincipal()],
          actions: KEY_ADMIN_ACTIONS,
          // In a key policy, `*` is this key.
          resources: ['*'],
        }),
        new PolicyStatement({
          sid: 'OperatorsStoreTheSecretThroughSecretsManager',
          principals: [new AccountRootPrincipal()],
          // Secrets Manager encrypts each secret version under a data key from GenerateDataKey.
          actions: ['kms:GenerateDataKey'],
          resources: ['*'],
          conditions: { StringEquals: { ...viaSecretsManager, 'kms:CallerAccount': stack.account } },
        }),
        new PolicyStatement({
          sid: 'OnlyTheFalconFunctionsReadTheSecret',
          effect: Effect.ALLOW,
          principals: props.decrypters.map((r) => r.grantPrincipal),
          actions: ['kms:Decrypt'],
          resources: ['*'],
          conditions: { StringEquals: viaSecretsManager },
        }),
      ],
    });
    this.key = new CfnKey(this, 'Key', {
      description: 'Encrypts the Falcon API client secret of the Falcon catalog hub (Secrets Manager only)',
      enableKeyRotation: true,
      pendingWindowInDays: 30,
      keyPolicy: policy.toJSON(),
    });
    // The secret stays encrypted under this key: deleting the stack must not make it unreadable.
    this.key.applyRemovalPolicy(RemovalPolicy.RETAIN);
    new CfnAlias(this, 'Alias', { aliasName: FALCON_SECRET_KEY_ALIAS, targetKeyId: this.key.attrKeyId });

    // Stable output names: docs/falcon-hub.md tells operators to look them up.
    new CfnOutput(this, 'KeyArn', {
      value: this.key.attrArn,
      description: 'KMS key to create the Falcon API secret with (aws secretsmanager create-secret --kms-key-id)',
    }).overrideLogicalId('FalconApiSecretKeyArn');
    new CfnOutput(this, 'SecretId', {
      value: props.secret.secretId,
      description: 'Name or ARN of the Falcon API secret the hub functions read (falcon.apiCredentials)',
    }).overrideLogicalId('FalconApiSecretId');
  }
}
