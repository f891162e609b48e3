/**
 * The IAM statements of the lifecycle's organisation access, in one place for both places they are granted:
 * the worker in the hub (when the hub is the management account) and the org-access role in the management
 * account (when it is not; see lifecycle-handlers/core/access.ts).
 */
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { DIRECTORY_PATH } from '../../products/directory/entries';
import { stackLaunchStatements } from '../../products/kit/stack-launch-rights';

export interface OrganisationFacts {
  readonly partition: string;
  readonly organizationId: string;
  readonly managementAccountId: string;
  readonly executionRoleName: string;
}

/** AssumeRole into the execution role of any account of this organisation, whatever its account ID. */
export function assumeExecutionRoleStatement(facts: OrganisationFacts): PolicyStatement {
  return new PolicyStatement({
    sid: 'AssumeExecutionRoleInOrganisation',
    actions: ['sts:AssumeRole'],
    resources: [`arn:${facts.partition}:iam::*:role/${facts.executionRoleName}`],
    conditions: { StringEquals: { 'aws:ResourceOrgID': facts.organizationId } },
  });
}

/** The Organizations reads the lifecycle makes: accounts, OUs and their parents. */
export function readOrganisationStatements(facts: OrganisationFacts): PolicyStatement[] {
  const { partition, managementAccountId, organizationId } = facts;
  return [
    new PolicyStatement({
      sid: 'ReadOrganisation',
      actions: [
        'organizations:DescribeAccount',
        'organizations:DescribeOrganizationalUnit',
        'organizations:ListParents',
        'organizations:ListChildren',
        'organizations:ListAccountsForParent',
        'organizations:ListOrganizationalUnitsForParent',
      ],
      resources: [
        `arn:${partition}:organizations::${managementAccountId}:root/${organizationId}/r-*`,
        `arn:${partition}:organizations::${managementAccountId}:ou/${organizationId}/ou-*`,
        `arn:${partition}:organizations::${managementAccountId}:account/${organizationId}/*`,
      ],
    }),
    new PolicyStatement({
      sid: 'ReadOrganisationRoots',
      // ListRoots, ListAccounts and DescribeOrganization have no resource-level permissions.
      actions: ['organizations:ListRoots', 'organizations:ListAccounts', 'organizations:DescribeOrganization'],
      resources: ['*'],
    }),
  ];
}

/**
 * What the lifecycle needs to launch the hub portfolio's products in the account it acts in with its own role
 * (the hub itself, or the management account through the org-access role): accept the share, associate itself for a
 * launch path, launch, update, terminate and watch records. The products run under the launch constraint's role;
 * the one exception, the Falcon directory, needs `launchDirectoryStatements` as well. Portfolio and product ARNs are
 * the hub's (shared resources keep their owner).
 */
export function launchInOwnAccountStatements(partition: string, hubAccountId: string): PolicyStatement[] {
  return [
    new PolicyStatement({
      sid: 'LaunchHubProducts',
      actions: [
        'servicecatalog:AcceptPortfolioShare',
        'servicecatalog:AssociatePrincipalWithPortfolio',
        'servicecatalog:ListPrincipalsForPortfolio',
        'servicecatalog:ListLaunchPaths',
        'servicecatalog:ListProvisioningArtifacts',
        'servicecatalog:ProvisionProduct',
      ],
      resources: [
        `arn:${partition}:catalog:*:${hubAccountId}:portfolio/port-*`,
        `arn:${partition}:catalog:*:${hubAccountId}:product/prod-*`,
      ],
    }),
    new PolicyStatement({
      sid: 'ManageProvisionedProducts',
      // No resource types in IAM's catalogue for these: they act on provisioned products and records by ID.
      actions: [
        'servicecatalog:ListAcceptedPortfolioShares',
        'servicecatalog:ListPortfolios',
        'servicecatalog:SearchProvisionedProducts',
        'servicecatalog:ListRecordHistory',
        'servicecatalog:DescribeProvisionedProduct',
        'servicecatalog:DescribeRecord',
        'servicecatalog:UpdateProvisionedProduct',
        'servicecatalog:TerminateProvisionedProduct',
      ],
      resources: ['*'],
    }),
  ];
}

/**
 * The Falcon directory has no launch constraint (products/registry.ts, `launchesWithLaunchRole`): Service Catalog
 * creates its stack with the launcher's own credentials. In member accounts that is the execution role; in the
 * account the lifecycle acts in with its own role, that role needs what the launch role would have used for it
 * (products/launch-role/template.ts and directory-rights.ts): the stack operations on Service Catalog's `SC-*`
 * stacks, the template read, and the SSM writes, all on this account's directory path only.
 * https://docs.aws.amazon.com/servicecatalog/latest/adminguide/constraints-launch.html ("Without a launch
 * constraint, end users must launch and manage products using their own IAM credentials")
 */
export function launchDirectoryStatements(partition: string, accountId: string): PolicyStatement[] {
  const directoryParameters = `arn:${partition}:ssm:*:${accountId}:parameter${DIRECTORY_PATH}/*`;
  return [
    ...stackLaunchStatements(partition, accountId, { stacks: 'DirectoryStacks', inspection: 'DirectoryTemplateInspection', templates: 'DirectoryTemplate' }),
    new PolicyStatement({
      sid: 'DirectoryParameters',
      // ListTagsForResource: the resource type's tagging permissions (CloudFormation reads the tags back), as the
      // launch role has since v1.4.0 (products/launch-role/directory-rights.ts).
      actions: [
        'ssm:PutParameter',
        'ssm:DeleteParameter',
        'ssm:AddTagsToResource',
        'ssm:RemoveTagsFromResource',
        'ssm:ListTagsForResource',
        'ssm:GetParameters',
      ],
      resources: [directoryParameters],
    }),
  ];
}
