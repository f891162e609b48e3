/**
 * EKS Protection, member side: in each Region, a rule on the default bus that forwards successful EKS
 * `CreateCluster` / `CreateFargateProfile` calls to the hub's event bus; once per account (home Region, by the
 * `CreateAccountResources` parameter), the role EventBridge uses for that, and the execution role the hub assumes.
 *
 * Unlike the reference (reference-system.md §8, §12), the execution role
 * - is trusted by the hub's two roles by exact ARN, not by a malformed `sts::` principal, and not by a whole account;
 * - may only create, inspect and delete the access entry of the hub installer role, associate only the
 *   cluster-admin access policy at cluster scope to it, and cannot call UpdateClusterConfig (no endpoint edits).
 */
import { Aws, CfnCondition, CfnOutput, Fn } from 'aws-cdk-lib';
import { CfnRule } from 'aws-cdk-lib/aws-events';
import { AccountPrincipal, CfnRole, PolicyDocument, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ProductStack, ProductStackProps } from 'aws-cdk-lib/aws-servicecatalog';
import { Construct } from 'constructs';
import { executionRolePolicy, hubRoleArns } from './eks-execution-policy';
import {
  EKS_CLUSTER_EVENT_PATTERN,
  EKS_EVENTBRIDGE_ROLE_PREFIX,
  EKS_EXECUTION_ROLE_PREFIX,
  EKS_RULE_NAME,
} from './eks-names';
import { IAM_NAME_PATTERN, ProductParameters, permissionsBoundary } from './product-parameters';

export { EKS_LAUNCH_ROLE_STATEMENTS } from './eks-launch-rights';

const REGION_PATTERN = '^(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\\d$';
export const EKS_TARGET_ID = 'FalconEksHub';

const prefixedName = (prefix: string) => `^${prefix}[\\w+=,.@-]{0,${64 - prefix.length}}$`;

export class EksProtectionProduct extends ProductStack {
  constructor(scope: Construct, id: string, props: ProductStackProps = {}) {
    super(scope, id, props);
    const params = new ProductParameters(this);

    params.group('Falcon EKS hub');
    const hubAccount = params.add('HubAccountId', {
      label: 'Hub account ID',
      description: 'The account running the Falcon EKS hub (its event bus, handler and installer).',
      type: 'String',
      allowedPattern: '^\\d{12}$',
      constraintDescription: '12 digits',
    });
    const hubRegion = params.add('HubRegion', {
      label: 'Hub Region',
      description: 'The Region of the hub event bus (the Control Tower home Region).',
      type: 'String',
      allowedPattern: REGION_PATTERN,
      constraintDescription: 'a commercial Region code such as us-east-1',
    });
    const busName = params.add('HubEventBusName', {
      label: 'Hub event bus name',
      description: 'Name of the hub bus that receives EKS cluster events.',
      type: 'String',
      allowedPattern: '^[\\w.\\-]{1,256}$',
      constraintDescription: 'an EventBridge event bus name',
    });
    const handlerRoleName = params.add('HubClusterHandlerRoleName', {
      label: 'Hub cluster handler role name',
      description: 'The hub role that inspects clusters; trusted by the execution role.',
      type: 'String',
      allowedPattern: IAM_NAME_PATTERN,
      constraintDescription: 'an IAM role name',
    });
    const installerRoleName = params.add('HubInstallerRoleName', {
      label: 'Hub installer role name',
      description: 'The hub CodeBuild role that installs Falcon; the only principal that may get an access entry.',
      type: 'String',
      allowedPattern: IAM_NAME_PATTERN,
      constraintDescription: 'an IAM role name',
    });

    params.group('Roles (created once per account)');
    const createRoles = params.add('CreateAccountResources', {
      label: 'Create the account\'s roles here',
      description: 'true in the home Region only: IAM is global, so one stack per account creates the two roles.',
      type: 'String',
      allowedValues: ['true', 'false'],
      default: 'false',
    });
    const executionRoleName = params.add('ExecutionRoleName', {
      label: 'Execution role name',
      description: `Role the hub assumes. Must start with ${EKS_EXECUTION_ROLE_PREFIX}; the hub expects its default.`,
      type: 'String',
      allowedPattern: prefixedName(EKS_EXECUTION_ROLE_PREFIX),
      constraintDescription: `starts with ${EKS_EXECUTION_ROLE_PREFIX}; at most 64 characters`,
    });
    const eventBridgeRoleName = params.add('EventBridgeRoleName', {
      label: 'EventBridge role name',
      description: `Role EventBridge uses to put events on the hub bus. Must start with ${EKS_EVENTBRIDGE_ROLE_PREFIX}.`,
      type: 'String',
      allowedPattern: prefixedName(EKS_EVENTBRIDGE_ROLE_PREFIX),
      constraintDescription: `starts with ${EKS_EVENTBRIDGE_ROLE_PREFIX}; at most 64 characters`,
    });
    const applyBoundary = permissionsBoundary(this, params);
    params.writeInterface();

    const createHere = new CfnCondition(this, 'CreateAccountResourcesHere', {
      expression: Fn.conditionEquals(createRoles.valueAsString, 'true'),
    });
    const hub = {
      partition: Aws.PARTITION,
      accountId: hubAccount.valueAsString,
      handlerRoleName: handlerRoleName.valueAsString,
      installerRoleName: installerRoleName.valueAsString,
    };
    const busArn = `arn:${Aws.PARTITION}:events:${hubRegion.valueAsString}:${hubAccount.valueAsString}:event-bus/${busName.valueAsString}`;

    const executionRole = new CfnRole(this, 'ExecutionRole', {
      roleName: executionRoleName.valueAsString,
      description: 'CrowdStrike Falcon EKS Protection: the hub inspects clusters and grants its installer access',
      maxSessionDuration: 3600,
      assumeRolePolicyDocument: new PolicyDocument({
        statements: [
          new PolicyStatement({
            actions: ['sts:AssumeRole'],
            // The hub account as principal, narrowed to its two roles by exact ARN: unlike a role principal, this
            // neither fails when a member launches before the hub stack exists, nor silently breaks (IAM pins a
            // role principal to the role's unique ID) when the hub role is re-created.
            principals: [new AccountPrincipal(hubAccount.valueAsString)],
            conditions: { ArnEquals: { 'aws:PrincipalArn': hubRoleArns(hub) } },
          }),
        ],
      }).toJSON(),
      policies: [{ policyName: 'falcon-eks-cluster-access', policyDocument: executionRolePolicy(hub).toJSON() }],
    });
    executionRole.cfnOptions.condition = createHere;
    applyBoundary(executionRole);

    const eventBridgeRole = new CfnRole(this, 'EventBridgeRole', {
      roleName: eventBridgeRoleName.valueAsString,
      description: 'CrowdStrike Falcon EKS Protection: EventBridge forwards EKS cluster events to the hub bus',
      assumeRolePolicyDocument: new PolicyDocument({
        statements: [
          new PolicyStatement({
            actions: ['sts:AssumeRole'],
            principals: [new ServicePrincipal('events.amazonaws.com')],
            // Only this account's rules may use the role (confused-deputy protection).
            conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
          }),
        ],
      }).toJSON(),
      policies: [
        {
          policyName: 'put-events-to-falcon-eks-hub',
          policyDocument: new PolicyDocument({
            statements: [new PolicyStatement({ actions: ['events:PutEvents'], resources: [busArn] })],
          }).toJSON(),
        },
      ],
    });
    eventBridgeRole.cfnOptions.condition = createHere;
    applyBoundary(eventBridgeRole);

    // The home-Region rule waits for the role it uses; other Regions address it by name.
    const eventBridgeRoleArn = Fn.conditionIf(
      createHere.logicalId,
      eventBridgeRole.attrArn,
      `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${eventBridgeRoleName.valueAsString}`,
    ).toString();

    new CfnRule(this, 'ClusterEventsRule', {
      name: EKS_RULE_NAME,
      description: 'CrowdStrike Falcon EKS Protection: new EKS clusters and Fargate profiles, to the Falcon hub',
      eventPattern: EKS_CLUSTER_EVENT_PATTERN,
      state: 'ENABLED',
      targets: [{ id: EKS_TARGET_ID, arn: busArn, roleArn: eventBridgeRoleArn }],
    });

    new CfnOutput(this, 'HubEventBusArn', { value: busArn, description: 'Where this Region sends EKS cluster events' });
  }
}
