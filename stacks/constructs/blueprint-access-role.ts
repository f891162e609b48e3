/**
 * The role Account Factory Customization assumes in the blueprint hub account to read blueprint products. AFC
 * finds it by its exact name, `AWSControlTowerBlueprintAccess`, and requires it to trust the management account's
 * `service-role/AWSControlTowerAdmin` role and the role of the person using Account Factory in the console.
 *
 * Permissions: AFC documents AWSServiceCatalogAdminFullAccess, which is kept (AFC checks for it; no narrower set
 * is documented). Instead of AmazonS3ReadOnlyAccess (every object in every bucket of the hub), the role may read
 * only the product templates Service Catalog stores for provisioning artifacts, which Service Catalog tags.
 */
import { Stack } from 'aws-cdk-lib';
import { ArnPrincipal, CompositePrincipal, ManagedPolicy, PolicyDocument, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export const BLUEPRINT_ACCESS_ROLE_NAME = 'AWSControlTowerBlueprintAccess';

export interface BlueprintAccessRoleProps {
  readonly managementAccountId: string;
  /** Roles of the people who create or update accounts with a blueprint in the Control Tower console. */
  readonly consoleUserRoleArns: readonly string[];
}

export class BlueprintAccessRole extends Construct {
  readonly role: Role;

  constructor(scope: Construct, id: string, props: BlueprintAccessRoleProps) {
    super(scope, id);
    const { partition } = Stack.of(this);
    const controlTowerAdmin = `arn:${partition}:iam::${props.managementAccountId}:role/service-role/AWSControlTowerAdmin`;
    const principals = [controlTowerAdmin, ...props.consoleUserRoleArns].map((arn) => new ArnPrincipal(arn));
    this.role = new Role(this, 'Role', {
      roleName: BLUEPRINT_ACCESS_ROLE_NAME,
      description: 'Account Factory Customization: read Falcon blueprint products in this hub account',
      assumedBy: new CompositePrincipal(...principals),
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('AWSServiceCatalogAdminFullAccess')],
      inlinePolicies: {
        'read-product-templates': new PolicyDocument({
          statements: [
            new PolicyStatement({
              sid: 'ServiceCatalogTemplates',
              // Service Catalog keeps each provisioning artifact's template in buckets it owns, with unpublished
              // names, and tags the objects: the grant is limited to those objects.
              actions: ['s3:GetObject'],
              resources: ['*'],
              conditions: { StringEquals: { 's3:ExistingObjectTag/servicecatalog:provisioning': 'true' } },
            }),
          ],
        }),
      },
    });
  }
}
