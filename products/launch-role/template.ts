/**
 * The launch-constraint role: what Service Catalog assumes to create a Falcon product's stack in an account.
 *
 * Service Catalog resolves a `LocalRoleName` launch constraint to the role of that name in the launching account,
 * and also requires it in the account that owns the constraint (the hub). So the same definition is used twice:
 * as the internal `launch-role` product that the lifecycle core provisions first into every member account, and
 * directly in the hub's home-Region portfolio stack.
 *
 * Its rights are bounded twice: by the product templates (an account owner can only launch those), and by the
 * policy below (stacks named SC-*, roles named CrowdStrike*, only the SecurityAudit managed policy, and from
 * v1.1.0 the cs-* rules, the 1Click orchestrator and the Distributor association: product-rights.ts; from v1.2.0
 * the ecr-connections function: ecr-rights.ts; from v1.3.0 the Falcon directory's SSM parameters:
 * directory-rights.ts). From v1.4.0 every role it creates or changes must carry the product boundary
 * (product-boundary-policy.ts), which it creates, and it holds everything CloudFormation's registry schemas list
 * for the resources it manages (test/gates/launch-role-gate.test.ts proves it for every product version). From v1.5.0
 * it reads the 1Click orchestrator code in CrowdStrike's current buckets (product-rights.ts).
 * Published versions come from their committed snapshots; this code builds the newest version only.
 */
import { FalconProductStack } from '../kit/falcon-product-stack';
import { stackLaunchStatements } from '../kit/stack-launch-rights';
import { Aws, CfnOutput } from 'aws-cdk-lib';
import { CfnRole, PolicyDocument, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ProductStackProps } from 'aws-cdk-lib/aws-servicecatalog';
import { Construct } from 'constructs';
import { FALCON_ROLE_PREFIX } from '../iom/template';
import { directoryLaunchStatements } from './directory-rights';
import { createProductBoundary, productBoundaryArnToken } from './product-boundary-policy';
import { ecrConnectionsLaunchStatements } from './ecr-rights';
import { orchestratorCodeStatements, productResourceStatements } from './product-rights';
import { IAM_NAME_PATTERN, ProductParameters, permissionsBoundary } from '../kit/product-parameters';

/**
 * What CloudFormation's AWS::IAM::Role handler calls to read, update, tag and delete a Falcon role (registry schema
 * `handlers` and `tagging`). None of these can widen a role's rights: removing policies narrows them, and the
 * boundary-sensitive calls are in ROLE_CHANGES_UNDER_BOUNDARY.
 */
const ROLE_MAINTENANCE_ACTIONS = [
  'iam:DeleteRole',
  'iam:GetRole',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:ListRoleTags',
  'iam:DeleteRolePolicy',
  'iam:GetRolePolicy',
  'iam:ListRolePolicies',
  'iam:ListAttachedRolePolicies',
];

/**
 * v1.4.0: the calls that create a role or give it rights (a policy, a trust, a boundary) are allowed only when IAM
 * reports the product boundary as the role's (`iam:PermissionsBoundary`: the requested one for CreateRole and
 * PutRolePermissionsBoundary, the role's own for the others; IAM User Guide, "IAM condition context keys").
 * `iam:DeleteRolePermissionsBoundary` is not granted at all.
 */
const ROLE_CHANGES_UNDER_BOUNDARY = ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy', 'iam:PutRolePermissionsBoundary'];

/** AWS managed policies the products may attach; anything else is refused by the policy condition. */
const ATTACHABLE_MANAGED_POLICIES = ['SecurityAudit'];

export function launchRolePolicy(): PolicyDocument {
  const account = Aws.ACCOUNT_ID;
  const partition = Aws.PARTITION;
  const falconRoles = `arn:${partition}:iam::${account}:role/${FALCON_ROLE_PREFIX}*`;
  const boundary = productBoundaryArnToken();
  const attachable = ATTACHABLE_MANAGED_POLICIES.map((p) => `arn:${partition}:iam::aws:policy/${p}`);
  return new PolicyDocument({
    statements: [
      ...stackLaunchStatements(partition, account, { stacks: 'ProductStacks', inspection: 'TemplateInspection', templates: 'ProductTemplates' }),
      new PolicyStatement({
        sid: 'FalconRoles',
        actions: ROLE_MAINTENANCE_ACTIONS,
        resources: [falconRoles],
      }),
      new PolicyStatement({
        sid: 'FalconRolesUnderBoundary',
        actions: ROLE_CHANGES_UNDER_BOUNDARY,
        resources: [falconRoles],
        conditions: { StringEquals: { 'iam:PermissionsBoundary': boundary } },
      }),
      new PolicyStatement({
        sid: 'FalconRoleManagedPolicies',
        actions: ['iam:AttachRolePolicy'],
        resources: [falconRoles],
        conditions: { ArnEquals: { 'iam:PolicyARN': attachable }, StringEquals: { 'iam:PermissionsBoundary': boundary } },
      }),
      new PolicyStatement({
        sid: 'FalconRoleManagedPolicyRemoval',
        actions: ['iam:DetachRolePolicy'],
        resources: [falconRoles],
        conditions: { ArnEquals: { 'iam:PolicyARN': attachable } },
      }),
      // v1.1.0: the resources of threat-detection, sensor-management and ssm-distributor.
      ...productResourceStatements(),
      // v1.2.0: the custom resource function of ecr-connections.
      ...ecrConnectionsLaunchStatements(),
      // v1.3.0: the Falcon directory parameters, written by the directory product and read by products v1.1.0+.
      ...directoryLaunchStatements(),
      // v1.5.0: the 1Click orchestrator code in CrowdStrike's current buckets (sensor-management v1.3.0).
      ...orchestratorCodeStatements(),
    ],
  });
}

/**
 * Creates the launch role and, from v1.4.0, the product boundary it enforces (in the same account: the launch-role
 * product in a member account, the portfolio or management-access stack in the hub and management accounts).
 * `roleName` may be a token (a product parameter) or a literal (the hub).
 */
export function createLaunchRole(scope: Construct, roleName: string): CfnRole {
  const boundary = createProductBoundary(scope);
  const role = new CfnRole(scope, 'LaunchRole', {
    roleName,
    description: 'CrowdStrike Falcon catalog: Service Catalog launch role for the Falcon products',
    assumeRolePolicyDocument: new PolicyDocument({
      statements: [
        new PolicyStatement({
          actions: ['sts:AssumeRole'],
          // Only Service Catalog may assume the launch role.
          principals: [new ServicePrincipal('servicecatalog.amazonaws.com')],
        }),
      ],
    }).toJSON(),
    policies: [{ policyName: 'falcon-product-launch', policyDocument: launchRolePolicy().toJSON() }],
  });
  // Products launch once the role exists; the boundary their roles name must exist by then.
  role.addResourceDependency(boundary);
  return role;
}

export class LaunchRoleProduct extends FalconProductStack {
  constructor(scope: Construct, id: string, props: ProductStackProps = {}) {
    super(scope, id, props);
    const params = new ProductParameters(this);
    params.group('Launch role');
    const roleName = params.add('LaunchRoleName', {
      label: 'Launch role name',
      description:
        'Name of the launch-constraint role. Must equal portfolio.launchRoleName in the manifest, which the ' +
        'portfolio launch constraints name.',
      type: 'String',
      default: 'FalconCatalogLaunchRole',
      allowedPattern: IAM_NAME_PATTERN,
      constraintDescription: 'an IAM role name',
    });
    const applyBoundary = permissionsBoundary(this, params);
    params.writeInterface();

    const role = createLaunchRole(this, roleName.valueAsString);
    applyBoundary(role);
    new CfnOutput(this, 'LaunchRoleArn', { value: role.attrArn });
  }
}
