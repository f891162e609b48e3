/**
 * A customer-managed KMS key for one hub secret the operator creates with it: usable only through Secrets Manager.
 *
 * Key policy, and why:
 * - the account may administer the key (no use of it, no grants), so it is never unmanageable;
 * - principals of the account may encrypt with it only through Secrets Manager in this Region, so an operator with
 *   IAM rights can create or rotate the secret value, but cannot read it back;
 * - only the readers given may decrypt, and only through Secrets Manager.
 * The key is retained with the stack: deleting the stack must not make the secret unreadable. The outputs have stable
 * names, because the docs tell operators to look them up.
 */
import { CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccountRootPrincipal, type IPrincipal, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { CfnAlias, CfnKey } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

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

export interface SecretsManagerKeyProps {
  readonly description: string;
  readonly aliasName: string;
  /** Who may decrypt the secret, through Secrets Manager only, and the statement's Sid that says who they are. */
  readonly readers: { readonly sid: string; readonly principals: IPrincipal[] };
  readonly keyOutput: { readonly logicalId: string; readonly description: string };
  readonly secretOutput: { readonly logicalId: string; readonly description: string; readonly secretId: string };
}

export function secretsManagerKey(scope: Construct, props: SecretsManagerKeyProps): CfnKey {
  const stack = Stack.of(scope);
  const viaSecretsManager = { 'kms:ViaService': `secretsmanager.${stack.region}.${stack.urlSuffix}` };
  const policy = new PolicyDocument({
    statements: [
      new PolicyStatement({
        sid: 'AdministerKeyWithoutUsingIt',
        principals: [new AccountRootPrincipal()],
        actions: [...KEY_ADMIN_ACTIONS],
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
        sid: props.readers.sid,
        principals: props.readers.principals,
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: viaSecretsManager },
      }),
    ],
  });
  const key = new CfnKey(scope, 'Key', {
    description: props.description,
    enableKeyRotation: true,
    pendingWindowInDays: 30,
    keyPolicy: policy.toJSON(),
  });
  key.applyRemovalPolicy(RemovalPolicy.RETAIN);
  new CfnAlias(scope, 'Alias', { aliasName: props.aliasName, targetKeyId: key.attrKeyId });
  new CfnOutput(scope, 'KeyArn', { value: key.attrArn, description: props.keyOutput.description }).overrideLogicalId(props.keyOutput.logicalId);
  new CfnOutput(scope, 'SecretId', { value: props.secretOutput.secretId, description: props.secretOutput.description }).overrideLogicalId(
    props.secretOutput.logicalId,
  );
  return key;
}
