/**
 * What an install puts in place for the lifecycle's identity, done in a simulated landing zone the way the install
 * does it: the roles come from the synthesized templates of the stacks that create them (the hub's launch role, as
 * the portfolio stack creates it; with a separate hub, the management-access stack's org-access and launch roles),
 * and the hub's delegated administration for Service Catalog is registered through the Organizations API from the
 * management account, as the README's prerequisite command does.
 */
import { OrganizationsClient, RegisterDelegatedAdministratorCommand } from '@aws-sdk/client-organizations';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { organizationsRegion } from '../../lifecycle-handlers/core/clients';
import { hubAccountOf } from '../../manifest/hub-account';
import type { Manifest } from '../../manifest/schema';
import { createLaunchRole } from '../../products/launch-role/template';
import { ManagementAccessStack } from '../../stacks/management-access-stack';
import type { AwsSimulator } from '../../simulator';
import { installTemplateRoles } from '../../simulator/iam/template-roles';

/** The identity the operator registers the delegated administrator with, in the management account. */
const ORGANIZATION_ADMIN = 'OrganizationAdmin';

export async function installIdentity(sim: AwsSimulator, manifest: Manifest): Promise<void> {
  const { managementAccountId, partition } = manifest.organization;
  const hub = hubAccountOf(manifest);
  const app = new App();
  const hubLaunchRole = new Stack(app, 'HubLaunchRole');
  createLaunchRole(hubLaunchRole, manifest.portfolio.launchRoleName);
  // Every stack is built before the first is synthesized (CDK synthesizes the whole app once).
  const access = hub === managementAccountId ? undefined : new ManagementAccessStack(app, 'FalconManagementAccess', { manifest });
  installTemplateRoles(sim, hub, Template.fromStack(hubLaunchRole).toJSON());
  if (!access) return;

  const management = sim.clientConfig({ accountId: managementAccountId, roleName: ORGANIZATION_ADMIN });
  const organizations = new OrganizationsClient({ region: organizationsRegion(partition), ...management });
  await organizations.send(new RegisterDelegatedAdministratorCommand({ AccountId: hub, ServicePrincipal: 'servicecatalog.amazonaws.com' }));
  installTemplateRoles(sim, managementAccountId, Template.fromStack(access).toJSON());
}
