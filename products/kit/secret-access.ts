/**
 * Read access to one Falcon credential secret that the product does not create.
 *
 * The secret normally lives in the hub account (shared with the organisation by its resource policy, encrypted
 * with a customer-managed key, replicated to each Region), so the reader needs two grants: GetSecretValue on
 * that exact ARN, and kms:Decrypt on whichever key encrypts it, but only when Secrets Manager in this Region
 * calls KMS for that very secret (the `SecretARN` encryption context). The key's own policy is the other half.
 */
import { Aws, CfnCondition, Fn } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SECRET_ARN_PATTERN } from './definition-helpers';
import type { Construct } from 'constructs';
import { directoryParameter } from './directory-parameters';
import type { ProductParameters } from './product-parameters';

/**
 * The Falcon credential secret a product reads, from v1.1.0: the Falcon directory's sensor-download secret (in this
 * Region) unless `CredentialsSecretArn` names another. Returns the chosen ARN as a template expression.
 */
export function credentialsSecretArn(scope: Construct, params: ProductParameters, usedBy: string, keys: string): string {
  const fromDirectory = directoryParameter(params, 'SensorDownloadSecretArn', 'sensorDownloadSecretArn');
  const override = params.add('CredentialsSecretArn', {
    label: 'Falcon credential secret ARN (optional)',
    description:
      `Full ARN of the Secrets Manager secret (in this Region) that ${usedBy} reads: JSON ${keys} of a separate ` +
      'Falcon API client with only the Sensor Download and Installation Tokens read scopes. Leave empty for the ' +
      'directory\'s sensor-download secret. The product never creates or deletes it.',
    type: 'String',
    default: '',
    allowedPattern: `^$|${SECRET_ARN_PATTERN}`,
    constraintDescription: 'empty, or a full Secrets Manager secret ARN, including the six-character suffix',
  });
  const hasOverride = new CfnCondition(scope, 'HasCredentialsSecretArn', {
    expression: Fn.conditionNot(Fn.conditionEquals(override.valueAsString, '')),
  });
  return Fn.conditionIf(hasOverride.logicalId, override.valueAsString, fromDirectory.valueAsString).toString();
}

export function readSecretStatements(secretArn: string): PolicyStatement[] {
  return [
    new PolicyStatement({
      sid: 'ReadFalconCredential',
      actions: ['secretsmanager:GetSecretValue'],
      resources: [secretArn],
    }),
    new PolicyStatement({
      sid: 'DecryptFalconCredential',
      actions: ['kms:Decrypt'],
      // The key ARN is the secret owner's business and may change with rotation of keys; the conditions pin the
      // grant to Secrets Manager decrypting this one secret in this Region.
      resources: ['*'],
      conditions: {
        StringEquals: {
          'kms:ViaService': `secretsmanager.${Aws.REGION}.amazonaws.com`,
          'kms:EncryptionContext:SecretARN': secretArn,
        },
      },
    }),
  ];
}
