/**
 * The simulator answers the APIs the lifecycle core and the portfolio-share handler call only with error codes AWS
 * documents for them. What AWS documents is read from the installed SDK clients: each command's `@throws` list is
 * generated from the same AWS service model as the "Errors" section of its API reference page. The errors common to
 * every action of a service (its API reference's Common Errors page) are listed below with their source.
 *
 * Every error path the simulator has for these operations is provoked here; each scenario must fail (so the check is
 * not vacuous) and its code must be one of the operation's documented codes.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  DescribeAccountCommand,
  DescribeOrganizationalUnitCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  AcceptPortfolioShareCommand,
  AssociatePrincipalWithPortfolioCommand,
  CreatePortfolioShareCommand,
  DeletePortfolioShareCommand,
  DescribePortfolioSharesCommand,
  DescribePortfolioShareStatusCommand,
  DescribeProductCommand,
  DescribeProvisionedProductCommand,
  DescribeRecordCommand,
  ListAcceptedPortfolioSharesCommand,
  ListLaunchPathsCommand,
  ListPortfoliosCommand,
  ListPrincipalsForPortfolioCommand,
  ListProvisioningArtifactsCommand,
  ListRecordHistoryCommand,
  ProvisionProductCommand,
  SearchProductsAsAdminCommand,
  SearchProvisionedProductsCommand,
  TerminateProvisionedProductCommand,
  UpdatePortfolioShareCommand,
  UpdateProvisionedProductCommand,
  UpdateProvisioningArtifactCommand,
} from '@aws-sdk/client-service-catalog';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { APP_DEV, APP_PROD, MANAGEMENT, REGION, SHARED, WORKLOADS_OU, exampleSimulator } from './fixtures';
import { scClient, seedFalconPortfolio } from './service-catalog-fixtures';

type Client = { send(command: unknown): Promise<unknown> };
interface Scenario {
  readonly what: string;
  readonly operation: string;
  run(): Promise<unknown>;
}

/** `@throws` of `<Operation>Command` in an installed AWS SDK client, without the client's base exception class. */
function documentedErrors(pkg: string, operation: string): string[] {
  const root = path.dirname(require.resolve(`${pkg}/package.json`));
  const text = readFileSync(path.join(root, 'dist-types', 'commands', `${operation}Command.d.ts`), 'utf8');
  return [...text.matchAll(/@throws \{@link (\w+)\}/g)].map((m) => m[1]).filter((name) => !name.endsWith('ServiceException'));
}

/**
 * Errors every action of a service can return, from its API reference's Common Errors page:
 * https://docs.aws.amazon.com/servicecatalog/latest/dg/CommonErrors.html,
 * https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html. STS, an awsQuery service, spells the common
 * access-denied error `AccessDenied` ("An error occurred (AccessDenied) when calling the AssumeRole operation",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_roles.html).
 */
const COMMON = {
  servicecatalog: ['AccessDeniedException', 'ThrottlingException', 'ValidationError'],
  sts: ['AccessDenied', 'ValidationError'],
  organizations: [] as string[],
};

const PACKAGES = {
  servicecatalog: '@aws-sdk/client-service-catalog',
  sts: '@aws-sdk/client-sts',
  organizations: '@aws-sdk/client-organizations',
} as const;

async function codeOf(scenario: Scenario): Promise<string> {
  try {
    await scenario.run();
  } catch (error) {
    return (error as Error).name;
  }
  throw new Error(`${scenario.operation} (${scenario.what}) succeeded; the scenario should provoke an error`);
}

async function expectDocumented(service: keyof typeof PACKAGES, scenarios: readonly Scenario[]) {
  const undocumented: string[] = [];
  for (const scenario of scenarios) {
    const code = await codeOf(scenario);
    const allowed = [...documentedErrors(PACKAGES[service], scenario.operation), ...COMMON[service]];
    if (!allowed.includes(code)) undocumented.push(`${scenario.operation} (${scenario.what}): ${code}, documented: ${allowed.join(', ')}`);
  }
  expect(undocumented).toEqual([]);
}

const send = (client: Client, command: unknown) => () => client.send(command);

describe('error codes the simulator returns', () => {
  it('reads the documented codes from the SDK (the check has something to compare with)', () => {
    expect(documentedErrors(PACKAGES.servicecatalog, 'TerminateProvisionedProduct')).toEqual(['ResourceNotFoundException']);
    expect(documentedErrors(PACKAGES.servicecatalog, 'UpdateProvisionedProduct')).toEqual(['InvalidParametersException', 'ResourceNotFoundException']);
    expect(documentedErrors(PACKAGES.organizations, 'DescribeAccount')).toContain('AccountNotFoundException');
  });

  it('Service Catalog: only codes each API reference lists', async () => {
    const sim = exampleSimulator();
    sim.iam.createRole(APP_PROD, 'FalconCatalogLaunchRole');
    const seeded = seedFalconPortfolio(sim);
    const { portfolioId } = seeded;
    const iom = seeded.products['falcon-iom'];
    const hub = scClient(sim, MANAGEMENT, 'hub-role');
    const member = scClient(sim, APP_PROD);
    const notOwner = scClient(sim, APP_DEV);
    await hub.send(new CreatePortfolioShareCommand({ PortfolioId: portfolioId, OrganizationNode: { Type: 'ORGANIZATIONAL_UNIT', Value: WORKLOADS_OU } }));
    const busy = { PortfolioId: portfolioId, OrganizationNode: { Type: 'ACCOUNT' as const, Value: SHARED } };
    const shareScenarios: Scenario[] = [
      { what: 'another share action running', operation: 'CreatePortfolioShare', run: send(hub, new CreatePortfolioShareCommand(busy)) },
      { what: 'not the owner', operation: 'CreatePortfolioShare', run: send(notOwner, new CreatePortfolioShareCommand(busy)) },
      { what: 'unknown portfolio', operation: 'CreatePortfolioShare', run: send(hub, new CreatePortfolioShareCommand({ ...busy, PortfolioId: 'port-unknown' })) },
      { what: 'AccountId and OrganizationNode', operation: 'CreatePortfolioShare', run: send(hub, new CreatePortfolioShareCommand({ ...busy, AccountId: SHARED })) },
      { what: 'another share action running', operation: 'UpdatePortfolioShare', run: send(hub, new UpdatePortfolioShareCommand({ PortfolioId: portfolioId, OrganizationNode: { Type: 'ORGANIZATIONAL_UNIT', Value: WORKLOADS_OU } })) },
      { what: 'no such share', operation: 'DeletePortfolioShare', run: send(hub, new DeletePortfolioShareCommand(busy)) },
      { what: 'unknown token', operation: 'DescribePortfolioShareStatus', run: send(hub, new DescribePortfolioShareStatusCommand({ PortfolioShareToken: 'share-unknown' })) },
      { what: 'unknown type', operation: 'DescribePortfolioShares', run: send(hub, new DescribePortfolioSharesCommand({ PortfolioId: portfolioId, Type: 'EVERYONE' as never })) },
    ];
    await expectDocumented('servicecatalog', shareScenarios);
    await sim.clock.sleep(sim.sc.timing.shareCompletesAfterMs);

    const executionRole = `arn:aws:iam::${APP_PROD}:role/AWSControlTowerExecution`;
    await member.send(new AssociatePrincipalWithPortfolioCommand({ PortfolioId: portfolioId, PrincipalARN: executionRole, PrincipalType: 'IAM' }));
    for (let i = 0; i < 10; i++) {
      await hub.send(new AssociatePrincipalWithPortfolioCommand({ PortfolioId: portfolioId, PrincipalARN: `arn:aws:iam:::role/team-${i}`, PrincipalType: 'IAM_PATTERN' }));
    }
    const launch = { ProductId: iom.productId, ProvisioningArtifactId: iom.artifacts['v1.0.0'], ProvisionedProductName: 'falcon-iom' };
    const beforePropagation: Scenario[] = [
      { what: 'association not yet propagated', operation: 'ProvisionProduct', run: send(member, new ProvisionProductCommand({ ...launch, ProvisionToken: 'early' })) },
    ];
    await expectDocumented('servicecatalog', beforePropagation);
    await sim.clock.sleep(sim.sc.timing.principalPropagationMs);
    await member.send(new ProvisionProductCommand({ ...launch, ProvisionToken: 'first' }));
    await hub.send(new UpdateProvisioningArtifactCommand({ ProductId: iom.productId, ProvisioningArtifactId: iom.artifacts['v1.1.0'], Active: false }));

    const scenarios: Scenario[] = [
      { what: 'unknown portfolio', operation: 'AcceptPortfolioShare', run: send(member, new AcceptPortfolioShareCommand({ PortfolioId: 'port-unknown', PortfolioShareType: 'AWS_ORGANIZATIONS' })) },
      { what: 'AWS_SERVICECATALOG', operation: 'AcceptPortfolioShare', run: send(member, new AcceptPortfolioShareCommand({ PortfolioId: portfolioId, PortfolioShareType: 'AWS_SERVICECATALOG' })) },
      { what: 'IMPORTED for an organisation share', operation: 'AcceptPortfolioShare', run: send(member, new AcceptPortfolioShareCommand({ PortfolioId: portfolioId, PortfolioShareType: 'IMPORTED' })) },
      { what: 'unknown share type', operation: 'AcceptPortfolioShare', run: send(member, new AcceptPortfolioShareCommand({ PortfolioId: portfolioId, PortfolioShareType: 'EVERYONE' as never })) },
      { what: 'portfolio not shared here', operation: 'AssociatePrincipalWithPortfolio', run: send(scClient(sim, SHARED), new AssociatePrincipalWithPortfolioCommand({ PortfolioId: portfolioId, PrincipalARN: `arn:aws:iam::${SHARED}:role/AWSControlTowerExecution`, PrincipalType: 'IAM' })) },
      { what: 'role does not exist', operation: 'AssociatePrincipalWithPortfolio', run: send(member, new AssociatePrincipalWithPortfolioCommand({ PortfolioId: portfolioId, PrincipalARN: `arn:aws:iam::${APP_PROD}:role/Missing`, PrincipalType: 'IAM' })) },
      { what: 'eleventh pattern', operation: 'AssociatePrincipalWithPortfolio', run: send(hub, new AssociatePrincipalWithPortfolioCommand({ PortfolioId: portfolioId, PrincipalARN: 'arn:aws:iam:::role/team-10', PrincipalType: 'IAM_PATTERN' })) },
      { what: 'unknown principal type', operation: 'AssociatePrincipalWithPortfolio', run: send(member, new AssociatePrincipalWithPortfolioCommand({ PortfolioId: portfolioId, PrincipalARN: executionRole, PrincipalType: 'USER' as never })) },
      { what: 'unknown portfolio', operation: 'ListPrincipalsForPortfolio', run: send(member, new ListPrincipalsForPortfolioCommand({ PortfolioId: 'port-unknown' })) },
      { what: 'page size too large', operation: 'ListAcceptedPortfolioShares', run: send(member, new ListAcceptedPortfolioSharesCommand({ PortfolioShareType: 'AWS_ORGANIZATIONS', PageSize: 1000 })) },
      { what: 'foreign page token', operation: 'ListPortfolios', run: send(hub, new ListPortfoliosCommand({ PageToken: 'bm90LWEtdG9rZW4=' })) },
      { what: 'unknown portfolio', operation: 'SearchProductsAsAdmin', run: send(hub, new SearchProductsAsAdminCommand({ PortfolioId: 'port-unknown' })) },
      { what: 'administrator access', operation: 'DescribeProduct', run: send(member, new DescribeProductCommand({ Id: iom.productId })) },
      { what: 'unknown product', operation: 'DescribeProduct', run: send(hub, new DescribeProductCommand({ Id: 'prod-unknown' })) },
      { what: 'unknown product', operation: 'ListLaunchPaths', run: send(member, new ListLaunchPathsCommand({ ProductId: 'prod-unknown' })) },
      { what: 'foreign page token', operation: 'ListLaunchPaths', run: send(member, new ListLaunchPathsCommand({ ProductId: iom.productId, PageToken: 'bm90LWEtdG9rZW4=' })) },
      { what: 'unknown product', operation: 'ListProvisioningArtifacts', run: send(member, new ListProvisioningArtifactsCommand({ ProductId: 'prod-unknown' })) },
      { what: 'unknown product', operation: 'ProvisionProduct', run: send(member, new ProvisionProductCommand({ ...launch, ProductId: 'prod-unknown', ProvisionToken: 'a' })) },
      { what: 'duplicate name', operation: 'ProvisionProduct', run: send(member, new ProvisionProductCommand({ ...launch, ProvisionToken: 'b' })) },
      { what: 'inactive version', operation: 'ProvisionProduct', run: send(member, new ProvisionProductCommand({ ...launch, ProvisioningArtifactId: iom.artifacts['v1.1.0'], ProvisionedProductName: 'x', ProvisionToken: 'c' })) },
      { what: 'no launch path', operation: 'ProvisionProduct', run: send(scClient(sim, APP_DEV), new ProvisionProductCommand({ ...launch, ProvisionToken: 'd' })) },
      { what: 'no name', operation: 'ProvisionProduct', run: send(member, new ProvisionProductCommand({ ...launch, ProvisionedProductName: undefined, ProvisionToken: 'e' })) },
      { what: 'record still running', operation: 'UpdateProvisionedProduct', run: send(member, new UpdateProvisionedProductCommand({ ProvisionedProductName: 'falcon-iom', UpdateToken: 'u' })) },
      { what: 'unknown product', operation: 'UpdateProvisionedProduct', run: send(member, new UpdateProvisionedProductCommand({ ProvisionedProductName: 'nope', UpdateToken: 'v' })) },
      { what: 'record still running', operation: 'TerminateProvisionedProduct', run: send(member, new TerminateProvisionedProductCommand({ ProvisionedProductName: 'falcon-iom', TerminateToken: 't' })) },
      { what: 'unknown product', operation: 'TerminateProvisionedProduct', run: send(member, new TerminateProvisionedProductCommand({ ProvisionedProductName: 'nope', TerminateToken: 'w' })) },
      { what: 'unknown record', operation: 'DescribeRecord', run: send(member, new DescribeRecordCommand({ Id: 'rec-unknown' })) },
      { what: 'unknown sort field', operation: 'SearchProvisionedProducts', run: send(member, new SearchProvisionedProductsCommand({ SortBy: 'createdTime' })) },
      { what: 'unknown access level', operation: 'SearchProvisionedProducts', run: send(member, new SearchProvisionedProductsCommand({ AccessLevelFilter: { Key: 'Everyone' as never, Value: 'self' } })) },
      { what: 'unknown product', operation: 'DescribeProvisionedProduct', run: send(member, new DescribeProvisionedProductCommand({ Name: 'nope' })) },
      { what: 'both Id and Name', operation: 'DescribeProvisionedProduct', run: send(member, new DescribeProvisionedProductCommand({ Id: 'pp-x', Name: 'x' })) },
      { what: 'unknown filter key', operation: 'ListRecordHistory', run: send(member, new ListRecordHistoryCommand({ SearchFilter: { Key: 'name', Value: 'falcon-iom' } })) },
    ];
    await expectDocumented('servicecatalog', scenarios);

    await sim.clock.sleep(sim.sc.timing.recordCompletesAfterMs);
    await member.send(new TerminateProvisionedProductCommand({ ProvisionedProductName: 'falcon-iom', TerminateToken: 'end' }));
    await sim.clock.sleep(sim.sc.timing.recordCompletesAfterMs);
    await expectDocumented('servicecatalog', [
      { what: 'already terminated', operation: 'TerminateProvisionedProduct', run: send(member, new TerminateProvisionedProductCommand({ ProvisionedProductName: 'falcon-iom', TerminateToken: 'end' })) },
    ]);
  });

  it('Organizations: only codes each API reference lists', async () => {
    const sim = exampleSimulator();
    const management = new OrganizationsClient({ region: REGION, ...sim.clientConfig({ accountId: MANAGEMENT, roleName: 'reader' }) });
    const member = new OrganizationsClient({ region: REGION, ...sim.clientConfig({ accountId: APP_PROD, roleName: 'reader' }) });
    await expectDocumented('organizations', [
      { what: 'unknown account', operation: 'DescribeAccount', run: send(management, new DescribeAccountCommand({ AccountId: '999999999999' })) },
      { what: 'not the management account', operation: 'DescribeAccount', run: send(member, new DescribeAccountCommand({ AccountId: APP_PROD })) },
      { what: 'unknown OU', operation: 'DescribeOrganizationalUnit', run: send(management, new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: 'ou-exmp-99999999' })) },
      { what: 'unknown child', operation: 'ListParents', run: send(management, new ListParentsCommand({ ChildId: '999999999999' })) },
      { what: 'unknown parent', operation: 'ListOrganizationalUnitsForParent', run: send(management, new ListOrganizationalUnitsForParentCommand({ ParentId: 'ou-exmp-99999999' })) },
      { what: 'unknown parent', operation: 'ListAccountsForParent', run: send(management, new ListAccountsForParentCommand({ ParentId: 'ou-exmp-99999999' })) },
      { what: 'MaxResults too large', operation: 'ListRoots', run: send(management, new ListRootsCommand({ MaxResults: 1000 })) },
    ]);
  });

  it('STS AssumeRole: only codes its API reference lists', async () => {
    const sim = exampleSimulator();
    const management = new STSClient({ region: REGION, ...sim.clientConfig({ accountId: MANAGEMENT, roleName: 'worker' }) });
    const member = new STSClient({ region: REGION, ...sim.clientConfig({ accountId: APP_DEV, roleName: 'worker' }) });
    const execution = `arn:aws:iam::${APP_PROD}:role/AWSControlTowerExecution`;
    await expectDocumented('sts', [
      { what: 'not trusted', operation: 'AssumeRole', run: send(member, new AssumeRoleCommand({ RoleArn: execution, RoleSessionName: 'lifecycle' })) },
      { what: 'no such role', operation: 'AssumeRole', run: send(management, new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${APP_PROD}:role/Missing`, RoleSessionName: 'lifecycle' })) },
      { what: 'bad session name', operation: 'AssumeRole', run: send(management, new AssumeRoleCommand({ RoleArn: execution, RoleSessionName: 'a b' })) },
      { what: 'role chaining beyond an hour', operation: 'AssumeRole', run: send(management, new AssumeRoleCommand({ RoleArn: execution, RoleSessionName: 'lifecycle', DurationSeconds: 7200 })) },
    ]);
  });
});
