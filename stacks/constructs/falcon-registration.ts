/**
 * The function and Provider behind the organisation registration custom resource. The custom resource itself
 * lives in the FalconRegistration stack, deployed once the operator has stored the secret (docs/falcon-hub.md).
 */
import { Aws, Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { REGISTRATION_PARAMETER_NAMES, REGISTRATION_PARAMETER_PREFIX } from '../../lifecycle-handlers/falcon/registration-outputs';
import { FALCON_ENV } from '../../lifecycle-handlers/falcon/runtime';
import type { FalconSecretReference } from './falcon-secret';
import { HandlerFunction } from './node-function';

/** ARNs of the registration output parameters: exact names, no wildcard. */
export function registrationParameterArns(stack: Stack): string[] {
  return Object.values(REGISTRATION_PARAMETER_NAMES).map(
    (name) => `arn:${Aws.PARTITION}:ssm:${stack.region}:${stack.account}:parameter${REGISTRATION_PARAMETER_PREFIX}${name}`,
  );
}

export interface FalconRegistrationProviderProps {
  readonly secret: FalconSecretReference;
  readonly falconCloud: string;
}

export class FalconRegistrationProvider extends Construct {
  readonly handler: HandlerFunction;
  readonly provider: Provider;

  constructor(scope: Construct, id: string, props: FalconRegistrationProviderProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.handler = new HandlerFunction(this, 'Handler', {
      entryFile: 'lifecycle-handlers/falcon/registration-handler.ts',
      description: 'Registers the organisation with CrowdStrike Falcon and publishes the non-secret results to SSM',
      // Falcon retries (429 / 5xx) are bounded to finish 10 s before this, with a clear error.
      timeout: Duration.minutes(5),
      memorySize: 512,
      environment: { [FALCON_ENV.secretId]: props.secret.secretId, [FALCON_ENV.cloud]: props.falconCloud },
    });
    this.handler.addToRolePolicy(
      new PolicyStatement({
        sid: 'ReadFalconApiSecret',
        actions: ['secretsmanager:GetSecretValue'],
        resources: props.secret.iamResources,
      }),
    );
    // The handler writes the outputs (not the stack): which of them exist is only known from Falcon's answer.
    this.handler.addToRolePolicy(
      new PolicyStatement({
        sid: 'PublishRegistrationOutputs',
        actions: ['ssm:PutParameter', 'ssm:DeleteParameter'],
        resources: registrationParameterArns(stack),
      }),
    );
    this.provider = new Provider(this, 'Provider', { onEventHandler: this.handler });
  }
}
