/**
 * EKS Protection, member side: in each Region, a rule on the default bus that forwards successful EKS
 * `CreateCluster` / `CreateFargateProfile` calls to the hub's event bus; once per account (home Region, by the
 * home-Region condition), the role EventBridge uses for that, and the execution role the hub assumes.
 *
 * Unlike the aws-ia/cfn-abi-crowdstrike-fcs EKS templates, the execution role
 * - is trusted by the hub's two roles by exact ARN, not by a malformed `sts::` principal, and not by a whole account;
 * - may only create, inspect and delete the access entry of the hub installer role, associate only the
 *   cluster-admin access policy at cluster scope to it, and cannot call UpdateClusterConfig (no endpoint edits).
 *
 * From v1.2.0, Fargate-only clusters: a pod execution role for the Fargate profiles the installer creates for the
 * Falcon namespaces (nothing of Falcon can schedule on such a cluster without them), which the execution role may
 * pass and may create profiles with. Nothing in this template names or carries a Falcon credential.
 */
import { FalconProductStack } from '../kit/falcon-product-stack';
import { Aws, CfnCondition, CfnOutput, Fn } from 'aws-cdk-lib';
import { CfnRule } from 'aws-cdk-lib/aws-events';
import { AccountPrincipal, CfnRole, PolicyDocument, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ProductStackProps } from 'aws-cdk-lib/aws-servicecatalog';
import { Construct } from 'constructs';
import { executionRolePolicy, hubRoleArns } from './execution-policy';
import {
  EKS_CLUSTER_EVENT_PATTERN,
  EKS_CLUSTER_HANDLER_ROLE_NAME,
  EKS_EVENTBRIDGE_ROLE_NAME,
  EKS_EVENTBRIDGE_ROLE_PREFIX,
  EKS_EXECUTION_ROLE_NAME,
  EKS_EXECUTION_ROLE_PREFIX,
  EKS_FARGATE_POD_ROLE_NAME,
  EKS_HUB_EVENT_BUS_NAME,
  EKS_INSTALLER_ROLE_NAME,
  EKS_RULE_NAME,
} from './names';
import { directoryParameter, directoryRevisionParameter } from '../kit/directory-parameters';
import { IAM_NAME_PATTERN, ProductParameters, productBoundary } from '../kit/product-parameters';

export { EKS_LAUNCH_ROLE_STATEMENTS } from './launch-rights';

export const EKS_TARGET_ID = 'FalconEksHub';

const prefixedName = (prefix: string) => `^${prefix}[\\w+=,.@-]{0,${64 - prefix.length}}$`;

/**
 * Builds the newest version, v1.2.0: as v1.1.0 (the hub account and Region come from the Falcon directory in the
 * launching account, the names default to the package's, and the home-Region stack creates the roles by comparing
 * Regions, so a hand launch needs no input), plus the Fargate pod execution role. Older versions are published from
 * their snapshots.
 */
export class EksProtectionProduct extends FalconProductStack {
  constructor(scope: Construct, id: string, props: ProductStackProps = {}) {
    super(scope, id, props);
    const params = new ProductParameters(this);

    params.group('Falcon EKS hub (from the Falcon directory in this account)');
    const hubAccount = directoryParameter(params, 'HubAccountId', 'hubAccountId');
    const hubRegion = directoryParameter(params, 'HubRegion', 'homeRegion');

    params.group('Hub and account names (the package\'s defaults; keep them)');
    const name = (id: string, label: string, description: string, value: string, pattern: string) =>
      params.add(id, { label, description, type: 'String', default: value, allowedPattern: pattern, constraintDescription: `matching ${pattern}` });
    const busName = name('HubEventBusName', 'Hub event bus name', 'Name of the hub bus that receives EKS cluster events.', EKS_HUB_EVENT_BUS_NAME, '^[\\w.\\-]{1,256}$');
    const handlerRoleName = name('HubClusterHandlerRoleName', 'Hub cluster handler role name', 'The hub role that inspects clusters; trusted by the execution role.', EKS_CLUSTER_HANDLER_ROLE_NAME, IAM_NAME_PATTERN);
    const installerRoleName = name('HubInstallerRoleName', 'Hub installer role name', 'The hub CodeBuild role that installs Falcon; the only principal that may get an access entry.', EKS_INSTALLER_ROLE_NAME, IAM_NAME_PATTERN);
    const executionRoleName = name('ExecutionRoleName', 'Execution role name', `Role the hub assumes. Must start with ${EKS_EXECUTION_ROLE_PREFIX}; the hub expects its default.`, EKS_EXECUTION_ROLE_NAME, prefixedName(EKS_EXECUTION_ROLE_PREFIX));
    const eventBridgeRoleName = name('EventBridgeRoleName', 'EventBridge role name', `Role EventBridge uses to put events on the hub bus. Must start with ${EKS_EVENTBRIDGE_ROLE_PREFIX}.`, EKS_EVENTBRIDGE_ROLE_NAME, prefixedName(EKS_EVENTBRIDGE_ROLE_PREFIX));
    const fargatePodRoleName = name('FargatePodRoleName', 'Fargate pod execution role name', `Pod execution role of the Falcon Fargate profiles. Must start with ${EKS_EXECUTION_ROLE_PREFIX}; the hub expects its default.`, EKS_FARGATE_POD_ROLE_NAME, prefixedName(EKS_EXECUTION_ROLE_PREFIX));
    const applyBoundary = productBoundary();
    directoryRevisionParameter(this, params);
    params.writeInterface();

    // IAM is global: the stack in the home Region (the hub's Region) creates the two roles; the others use them.
    const createHere = new CfnCondition(this, 'CreateAccountResourcesHere', {
      expression: Fn.conditionEquals(Aws.REGION, hubRegion.valueAsString),
    });
    const hub = {
      partition: Aws.PARTITION,
      accountId: hubAccount.valueAsString,
      handlerRoleName: handlerRoleName.valueAsString,
      installerRoleName: installerRoleName.valueAsString,
      fargatePodRoleName: fargatePodRoleName.valueAsString,
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

    // Fargate pulls the pods' images with this role: from ECR only (the mirror), never from anywhere else.
    // Trust as https://docs.aws.amazon.com/eks/latest/userguide/pod-execution-role.html: only Fargate profiles of
    // this account may use it.
    const fargatePodRole = new CfnRole(this, 'FargatePodRole', {
      roleName: fargatePodRoleName.valueAsString,
      description: 'CrowdStrike Falcon EKS Protection: pod execution role of the Falcon Fargate profiles',
      assumeRolePolicyDocument: new PolicyDocument({
        statements: [
          new PolicyStatement({
            actions: ['sts:AssumeRole'],
            principals: [new ServicePrincipal('eks-fargate-pods.amazonaws.com')],
            conditions: { ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:eks:*:${Aws.ACCOUNT_ID}:fargateprofile/*` } },
          }),
        ],
      }).toJSON(),
      policies: [
        {
          policyName: 'pull-falcon-images-from-ecr',
          policyDocument: new PolicyDocument({
            statements: [
              // The registry login has no resource type; the mirror's account is the operator's choice, so the
              // repositories cannot be named here (their own policies decide who may pull).
              new PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
              new PolicyStatement({
                actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
                resources: [`arn:${Aws.PARTITION}:ecr:*:*:repository/*`],
              }),
            ],
          }).toJSON(),
        },
      ],
    });
    fargatePodRole.cfnOptions.condition = createHere;
    applyBoundary(fargatePodRole);

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
