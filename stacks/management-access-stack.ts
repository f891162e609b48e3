/**
 * The management account's part of a separate-hub install (management account, home Region): the org-access
 * role the hub's worker assumes (lifecycle-handlers/core/access.ts), and the launch role, because Service
 * Catalog needs it by name in every account that launches the products and the lifecycle does not give the
 * management account the launch-role product (it would need IAM rights there to launch it).
 *
 * The role trusts the hub account: who in the hub may use it is the hub's IAM (the worker is granted it; an
 * operator running `falcon-catalog reconcile` from the hub needs sts:AssumeRole on it too).
 */
import { Stack, StackProps } from 'aws-cdk-lib';
import { AccountPrincipal, PolicyDocument, Role } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ORG_ACCESS_ROLE_NAME } from '../lifecycle-handlers/core/access';
import { hubAccountOf } from '../manifest/hub-account';
import type { Manifest } from '../manifest/schema';
import { createLaunchRole } from '../products/launch-role/template';
import {
  assumeExecutionRoleStatement,
  launchDirectoryStatements,
  launchInOwnAccountStatements,
  readOrganisationStatements,
} from './constructs/organisation-access';

export interface ManagementAccessStackProps extends StackProps {
  readonly manifest: Manifest;
}

export class ManagementAccessStack extends Stack {
  readonly orgAccessRole: Role;

  constructor(scope: Construct, id: string, props: ManagementAccessStackProps) {
    const { manifest } = props;
    const { managementAccountId, homeRegion, organizationId, executionRoleName } = manifest.organization;
    const hub = hubAccountOf(manifest);
    if (hub === managementAccountId) throw new Error('ManagementAccessStack is for a hub outside the management account');
    super(scope, id, {
      ...props,
      env: { account: managementAccountId, region: homeRegion },
      description: `CrowdStrike Falcon catalog: the hub's (${hub}) access to the organisation and this account`,
    });
    // The stack's own partition (a token CloudFormation resolves), as in every other stack.
    const partition = this.partition;
    const facts = { partition, organizationId, managementAccountId, executionRoleName };
    this.orgAccessRole = new Role(this, 'OrgAccessRole', {
      roleName: ORG_ACCESS_ROLE_NAME,
      assumedBy: new AccountPrincipal(hub),
      description: 'Falcon catalog lifecycle in the hub: Organizations reads, member accounts, this account\'s products',
      inlinePolicies: {
        OrganisationAccess: new PolicyDocument({
          statements: [
            assumeExecutionRoleStatement(facts),
            ...readOrganisationStatements(facts),
            ...launchInOwnAccountStatements(partition, hub),
            ...launchDirectoryStatements(partition, managementAccountId),
          ],
        }),
      },
    });
    createLaunchRole(this, manifest.portfolio.launchRoleName);
  }
}
