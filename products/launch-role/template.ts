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
 * v1.1.0 the cs-* rules, the 1Click orchestrator and the Distributor association: launch-role-product-rights.ts;
 * from v1.2.0 the ecr-connections function: launch-role-ecr-rights.ts; from v1.3.0 the Falcon directory's SSM
 * parameters: launch-role-directory-rights.ts; from v1.4.0 the 1Click orchestrator code in CrowdStrike's current
 * buckets: product-rights.ts).
 * Published versions come from their committed snapshots; this code builds the newest version only.
 */
import { FalconProductStack } from '../kit/falcon-product-stack';
import { Aws, CfnOutput } from 'aws-cdk-lib';
import { CfnRole, PolicyDocument, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ProductStackProps } from 'aws-cdk-lib/aws-servicecatalog';
import { Construct } from 'constructs';
import { FALCON_ROLE_PREFIX } from '../iom/template';
import { directoryLaunchStatements } from './directory-rights';
import { ecrConnectionsLaunchStatements } from './ecr-rights';
import { orchestratorCodeStatements, productResourceStatements } from './product-rights';
import { IAM_NAME_PATTERN, ProductParameters, permissionsBoundary } from '../kit/product-parameters';

/** Role management actions CloudFormation needs to create, update and delete the Falcon roles. */
const ROLE_MANAGEMENT_ACTIONS = [
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:GetRole',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
  'iam:UpdateAssumeRolePolicy',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:ListRoleTags',
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:GetRolePolicy',
  'iam:ListRolePolicies',
  'iam:ListAttachedRolePolicies',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
];

/** AWS managed policies the products may attach; anything else is refused by the policy condition. */
const ATTACHABLE_MANAGED_POLICIES = ['SecurityAudit'];

export function launchRolePolicy(): PolicyDocument {
  const account = Aws.ACCOUNT_ID;
  const partition = Aws.PARTITION;
  const falconRoles = `arn:${partition}:iam::${account}:role/${FALCON_ROLE_PREFIX}*`;
  return new PolicyDocument({
    statements: [
      new PolicyStatement({
        sid: 'ProductStacks',
        actions: [
          'cloudformation:CreateStack',
          'cloudformation:DeleteStack',
          'cloudformation:UpdateStack',
          'cloudformation:DescribeStacks',
          'cloudformation:DescribeStackEvents',
          'cloudformation:SetStackPolicy',
        ],
        // Service Catalog names the stacks it launches SC-<account>-pp-<id>.
        resources: [`arn:${partition}:cloudformation:*:${account}:stack/SC-*`],
      }),
      new PolicyStatement({
        sid: 'TemplateInspection',
        // These two CloudFormation actions support no resource-level permissions: IAM accepts only `*`.
        actions: ['cloudformation:GetTemplateSummary', 'cloudformation:ValidateTemplate'],
        resources: ['*'],
      }),
      new PolicyStatement({
        sid: 'ProductTemplates',
        // Service Catalog stores product templates in buckets it owns, whose names are not published; it tags
        // each template object, so the grant is limited to objects carrying that tag.
        actions: ['s3:GetObject'],
        resources: ['*'],
        conditions: { StringEquals: { 's3:ExistingObjectTag/servicecatalog:provisioning': 'true' } },
      }),
      new PolicyStatement({
        sid: 'FalconRoles',
        actions: ROLE_MANAGEMENT_ACTIONS,
        resources: [falconRoles],
      }),
      new PolicyStatement({
        sid: 'FalconRoleManagedPolicies',
        actions: ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'],
        resources: [falconRoles],
        conditions: {
          ArnEquals: {
            'iam:PolicyARN': ATTACHABLE_MANAGED_POLICIES.map((p) => `arn:${partition}:iam::aws:policy/${p}`),
          },
        },
      }),
      // v1.1.0: the resources of threat-detection, sensor-management and ssm-distributor.
      ...productResourceStatements(),
      // v1.2.0: the custom resource function of ecr-connections.
      ...ecrConnectionsLaunchStatements(),
      // v1.3.0: the Falcon directory parameters, written by the directory product and read by products v1.1.0+.
      ...directoryLaunchStatements(),
      // v1.4.0: the 1Click orchestrator code in CrowdStrike's current buckets (sensor-management v1.2.0).
      ...orchestratorCodeStatements(),
    ],
  });
}

/** Creates the launch role. `roleName` may be a token (a product parameter) or a literal (the hub). */
export function createLaunchRole(scope: Construct, roleName: string): CfnRole {
  return new CfnRole(scope, 'LaunchRole', {
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
