/**
 * The ecr-connections custom resource function: code bundled at synth by the local esbuild and inlined into the
 * product template (as falcon-baseline does, for the same reason: a published version's template must not change,
 * and inline code changes only when the handler's source does, where an asset's key follows the hub bucket).
 * Its role may write its own log, read and write the one external-ID parameter, read the one assessment role,
 * and call AWS_IAM function URLs in the broker's Region.
 */
import { Aws, Fn } from 'aws-cdk-lib';
import { CfnRole, PolicyDocument, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, CfnFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { inlineHandlerCode } from '../kit/inline-handler-code';
import { ECR_EXTERNAL_ID_PARAMETER, ECR_FUNCTION_NAME, ECR_FUNCTION_ROLE_NAME } from './definition';

/** Long enough to wait for IAM and connect a Region each across every governed Region; the core keeps a reserve. */
export const ECR_FUNCTION_TIMEOUT_SECONDS = 600;

export function ecrHandlerCode(): string {
  return inlineHandlerCode('ecr-connection', 'ecr-connections');
}

export interface EcrFunctionProps {
  /** Name of the assessment role the function checks with iam:GetRole. */
  readonly assessmentRoleName: string;
  readonly brokerUrl: string;
  readonly applyBoundary: (role: CfnRole) => void;
}

/** Creates the function and returns its ARN (the custom resources' service token). */
export function createEcrFunction(scope: Construct, props: EcrFunctionProps): string {
  const p = Aws.PARTITION;
  const account = Aws.ACCOUNT_ID;
  const logGroupName = `/aws/lambda/${ECR_FUNCTION_NAME}`;
  const logs = new CfnLogGroup(scope, 'ConnectionsFunctionLogs', { logGroupName, retentionInDays: 365 });
  // `https://<id>.lambda-url.<region>.on.aws/` split on dots: the third part is the broker's Region.
  const brokerRegion = Fn.select(2, Fn.split('.', props.brokerUrl));
  const brokerFunctions = `arn:${p}:lambda:${brokerRegion}:*:function:*`;
  const statements = [
    new PolicyStatement({
      sid: 'OwnLog',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [`arn:${p}:logs:${Aws.REGION}:${account}:log-group:${logGroupName}:log-stream:*`],
    }),
    new PolicyStatement({
      sid: 'ExternalIdParameter',
      actions: ['ssm:GetParameter', 'ssm:PutParameter', 'ssm:DeleteParameter'],
      resources: [`arn:${p}:ssm:${Aws.REGION}:${account}:parameter${ECR_EXTERNAL_ID_PARAMETER}`],
    }),
    new PolicyStatement({
      sid: 'AssessmentRoleReadiness',
      actions: ['iam:GetRole'],
      resources: [`arn:${p}:iam::${account}:role/${props.assessmentRoleName}`],
    }),
    // The broker lives in the hub, whose account a manifest-independent template cannot name; its resource policy
    // admits only principals of the organisation and it acts only on the caller's account.
    new PolicyStatement({
      sid: 'CallBrokerUrl',
      actions: ['lambda:InvokeFunctionUrl'],
      resources: [brokerFunctions],
      conditions: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } },
    }),
    new PolicyStatement({
      sid: 'CallBrokerViaUrlOnly',
      actions: ['lambda:InvokeFunction'],
      resources: [brokerFunctions],
      conditions: { Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } },
    }),
  ];
  const role = new CfnRole(scope, 'ConnectionsFunctionRole', {
    roleName: ECR_FUNCTION_ROLE_NAME,
    description: 'CrowdStrike Falcon ecr-connections: connects this account\'s ECR registries through the hub broker',
    assumeRolePolicyDocument: new PolicyDocument({
      statements: [
        new PolicyStatement({
          actions: ['sts:AssumeRole'],
          principals: [new ServicePrincipal('lambda.amazonaws.com')],
        }),
      ],
    }).toJSON(),
    policies: [{ policyName: 'ecr-connections', policyDocument: new PolicyDocument({ statements }).toJSON() }],
  });
  props.applyBoundary(role);
  const fn = new CfnFunction(scope, 'ConnectionsFunction', {
    functionName: ECR_FUNCTION_NAME,
    description: 'CrowdStrike Falcon ecr-connections: external ID, role readiness and registry connections',
    runtime: Runtime.NODEJS_24_X.name,
    architectures: [Architecture.ARM_64.name],
    handler: 'index.handler',
    timeout: ECR_FUNCTION_TIMEOUT_SECONDS,
    memorySize: 256,
    role: role.attrArn,
    code: { zipFile: ecrHandlerCode() },
  });
  fn.addResourceDependency(logs);
  return fn.attrArn;
}
