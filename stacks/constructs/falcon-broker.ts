/**
 * The Falcon broker: a function URL with AWS_IAM auth that only principals of the organisation may invoke, so
 * member accounts reach Falcon without ever holding the Falcon credential. Its code admits only the roles this
 * package creates in member accounts and limits each account's rate; the reserved concurrency caps what the whole
 * organisation can run at once (and so what one account can take, broker-rate-limit.ts).
 */
import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { CfnPermission, FunctionUrl, FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { RegistrationResourceProperties } from '../../lifecycle-handlers/falcon/registration-request';
import { BLUEPRINT_SOURCE_ENV } from '../../lifecycle-handlers/falcon/broker-blueprint';
import { BROKER_RESERVED_CONCURRENCY } from '../../lifecycle-handlers/falcon/broker-rate-limit';
import { BROKER_URL_PARAMETER } from '../../lifecycle-handlers/falcon/registration-outputs';
import { FALCON_ENV } from '../../lifecycle-handlers/falcon/runtime';
import type { FalconSecretReference } from './falcon-secret';
import { HandlerFunction } from './node-function';

// One name for writer (here) and reader (the lifecycle core, registration-outputs.ts).
export { BROKER_URL_PARAMETER };

export interface FalconBrokerProps {
  readonly secret: FalconSecretReference;
  readonly organizationId: string;
  readonly partition: string;
  readonly registration: RegistrationResourceProperties;
  /** The reduced manifest the `product-parameters` action needs (broker-blueprint.ts), when the blueprint is on. */
  readonly blueprintSource?: string;
}

export class FalconBroker extends Construct {
  readonly handler: HandlerFunction;
  readonly url: FunctionUrl;

  constructor(scope: Construct, id: string, props: FalconBrokerProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.handler = new HandlerFunction(this, 'Handler', {
      entryFile: 'lifecycle-handlers/falcon/broker-handler.ts',
      description: 'Falcon broker: Falcon calls on behalf of organisation accounts, each confined to the caller',
      timeout: Duration.minutes(1),
      memorySize: 512,
      reservedConcurrentExecutions: BROKER_RESERVED_CONCURRENCY,
      environment: {
        [FALCON_ENV.secretId]: props.secret.secretId,
        [FALCON_ENV.cloud]: props.registration.FalconCloud,
        [FALCON_ENV.partition]: props.partition,
        [FALCON_ENV.registrationSettings]: JSON.stringify(props.registration),
        ...(props.blueprintSource ? { [BLUEPRINT_SOURCE_ENV]: props.blueprintSource } : {}),
      },
    });
    this.handler.addToRolePolicy(
      new PolicyStatement({
        sid: 'ReadFalconApiSecret',
        actions: ['secretsmanager:GetSecretValue'],
        resources: props.secret.iamResources,
      }),
    );
    this.handler.addToRolePolicy(
      new PolicyStatement({
        sid: 'ReadRegistrationOutputs',
        actions: ['ssm:GetParametersByPath'],
        resources: [`arn:${stack.partition}:ssm:${stack.region}:${stack.account}:parameter/falcon-catalog/registration`],
      }),
    );

    this.url = this.handler.addFunctionUrl({ authType: FunctionUrlAuthType.AWS_IAM });
    // Function URLs need both permissions; both are limited to SigV4-signed principals of the organisation.
    new CfnPermission(this, 'OrganizationInvokeUrl', {
      action: 'lambda:InvokeFunctionUrl',
      functionName: this.handler.functionArn,
      principal: '*',
      principalOrgId: props.organizationId,
      functionUrlAuthType: FunctionUrlAuthType.AWS_IAM,
    });
    new CfnPermission(this, 'OrganizationInvokeViaUrl', {
      action: 'lambda:InvokeFunction',
      functionName: this.handler.functionArn,
      principal: '*',
      principalOrgId: props.organizationId,
      invokedViaFunctionUrl: true,
    });

    new StringParameter(this, 'UrlParameter', {
      parameterName: BROKER_URL_PARAMETER,
      stringValue: this.url.url,
      description: 'Falcon broker function URL (AWS_IAM auth, organisation principals only)',
    });
    new CfnOutput(this, 'Url', {
      value: this.url.url,
      description: 'Falcon broker URL (SigV4, service lambda)',
    }).overrideLogicalId('FalconBrokerUrl');
  }
}
