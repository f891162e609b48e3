/**
 * The hub secret holding the Falcon API client ID and secret: referenced, never created (its value must not pass
 * through CloudFormation), plus the customer-managed KMS key the operator creates it with (secrets-manager-key.ts):
 * only the registration and broker function roles may decrypt it (the EKS installer has its own client and secret:
 * stacks/constructs/eks-installer-secret.ts).
 */
import { Aws, Stack } from 'aws-cdk-lib';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { CfnKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { Manifest } from '../../manifest/schema';
import { secretsManagerKey } from './secrets-manager-key';

export const FALCON_SECRET_KEY_ALIAS = 'alias/falcon-catalog/api-credentials';


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
    this.key = secretsManagerKey(this, {
      description: 'Encrypts the Falcon API client secret of the Falcon catalog hub (Secrets Manager only)',
      aliasName: FALCON_SECRET_KEY_ALIAS,
      readers: { sid: 'OnlyTheFalconFunctionsReadTheSecret', principals: props.decrypters.map((r) => r.grantPrincipal) },
      // docs/falcon-hub.md tells operators to look these up.
      keyOutput: { logicalId: 'FalconApiSecretKeyArn', description: 'KMS key to create the Falcon API secret with (aws secretsmanager create-secret --kms-key-id)' },
      secretOutput: {
        logicalId: 'FalconApiSecretId',
        description: 'Name or ARN of the Falcon API secret the hub functions read (falcon.apiCredentials)',
        secretId: props.secret.secretId,
      },
    });
  }
}
