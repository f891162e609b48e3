import {
  AcceptPortfolioShareCommand,
  AssociatePrincipalWithPortfolioCommand,
  CreatePortfolioShareCommand,
  DescribeProvisionedProductCommand,
  DescribeRecordCommand,
  DuplicateResourceException,
  ListRecordHistoryCommand,
  InvalidParametersException,
  ResourceNotFoundException,
  ProvisionProductCommand,
  ScanProvisionedProductsCommand,
  SearchProvisionedProductsCommand,
  TerminateProvisionedProductCommand,
  UpdateProvisionedProductCommand,
  paginateSearchProvisionedProducts,
  type ServiceCatalogClient,
} from '@aws-sdk/client-service-catalog';
import { describe, expect, it } from 'vitest';
import type { AwsSimulator } from '../../simulator/index';
import { APP_PROD, MANAGEMENT, REGION, WORKLOADS_OU, exampleSimulator } from './fixtures';
import { scClient, seedFalconPortfolio } from './service-catalog-fixtures';

/** Portfolio shared with Workloads, accepted by app-prod, whose execution role is a principal. */
async function launchableSetup(sim: AwsSimulator) {
  const seeded = seedFalconPortfolio(sim);
  const { portfolioId } = seeded;
  const hub = scClient(sim, MANAGEMENT, 'hub-role');
  await hub.send(new CreatePortfolioShareCommand({ PortfolioId: portfolioId, OrganizationNode: { Type: 'ORGANIZATIONAL_UNIT', Value: WORKLOADS_OU } }));
  await sim.clock.sleep(sim.sc.timing.shareCompletesAfterMs);
  const member = scClient(sim, APP_PROD);
  await member.send(new AcceptPortfolioShareCommand({ PortfolioId: portfolioId, PortfolioShareType: 'AWS_ORGANIZATIONS' }));
  await member.send(new AssociatePrincipalWithPortfolioCommand({ PortfolioId: portfolioId, PrincipalARN: `arn:aws:iam::${APP_PROD}:role/AWSControlTowerExecution`, PrincipalType: 'IAM' }));
  await sim.clock.sleep(sim.sc.timing.principalPropagationMs);
  const iom = seeded.products['falcon-iom'];
  return { member, productId: iom.productId, v1: iom.artifacts['v1.0.0'], v11: iom.artifacts['v1.1.0'] };
}

async function recordStatus(client: ServiceCatalogClient, id: string) {
  return (await client.send(new DescribeRecordCommand({ Id: id }))).RecordDetail!;
}

describe('Service Catalog provisioning', () => {
  it('a record moves CREATED → IN_PROGRESS → SUCCEEDED over virtual time and the product becomes AVAILABLE', async () => {
    const sim = exampleSimulator();
    sim.iam.createRole(APP_PROD, 'FalconCatalogLaunchRole');
    const { member, productId, v1 } = await launchableSetup(sim);
    const { RecordDetail } = await member.send(new ProvisionProductCommand({
      ProductId: productId, ProvisioningArtifactId: v1, ProvisionedProductName: 'falcon-iom', ProvisionToken: 'token-1',
      ProvisioningParameters: [{ Key: 'PermissionsBoundary', Value: 'arn:aws:iam::aws:policy/boundary' }], Tags: [{ Key: 'cost-center', Value: 'security' }],
    }));
    expect(RecordDetail).toMatchObject({ Status: 'CREATED', RecordType: 'PROVISION_PRODUCT', LaunchRoleArn: `arn:aws:iam::${APP_PROD}:role/FalconCatalogLaunchRole` });
    await sim.clock.sleep(sim.sc.timing.recordInProgressAfterMs);
    expect((await recordStatus(member, RecordDetail!.RecordId!)).Status).toBe('IN_PROGRESS');
    const under = await member.send(new DescribeProvisionedProductCommand({ Name: 'falcon-iom' }));
    expect(under.ProvisionedProductDetail?.Status).toBe('UNDER_CHANGE');
    await sim.clock.sleep(sim.sc.timing.recordCompletesAfterMs);
    expect((await recordStatus(member, RecordDetail!.RecordId!)).Status).toBe('SUCCEEDED');
    const pp = await member.send(new DescribeProvisionedProductCommand({ Name: 'falcon-iom' }));
    expect(pp.ProvisionedProductDetail).toMatchObject({ Status: 'AVAILABLE', ProvisioningArtifactId: v1, LastSuccessfulProvisioningRecordId: RecordDetail!.RecordId });
    expect(sim.sc.provisionedProducts(APP_PROD, REGION)[0].parameters).toEqual({ PermissionsBoundary: 'arn:aws:iam::aws:policy/boundary' });
  });

  it('the same ProvisionToken returns the same record; a new token with the same name is a DuplicateResourceException', async () => {
    const sim = exampleSimulator();
    sim.iam.createRole(APP_PROD, 'FalconCatalogLaunchRole');
    const { member, productId, v1 } = await launchableSetup(sim);
    const input = { ProductId: productId, ProvisioningArtifactId: v1, ProvisionedProductName: 'falcon-iom', ProvisionToken: 'deterministic' };
    const first = await member.send(new ProvisionProductCommand(input));
    const second = await member.send(new ProvisionProductCommand(input));
    expect(second.RecordDetail?.RecordId).toBe(first.RecordDetail?.RecordId);
    expect(sim.sc.provisionedProducts(APP_PROD, REGION)).toHaveLength(1);
    await expect(member.send(new ProvisionProductCommand({ ...input, ProvisionToken: 'other' }))).rejects.toBeInstanceOf(DuplicateResourceException);
  });

  it('fails the launch with a clear message when the LocalRoleName launch role is missing', async () => {
    const sim = exampleSimulator();
    const { member, productId, v1 } = await launchableSetup(sim);
    const { RecordDetail } = await member.send(new ProvisionProductCommand({ ProductId: productId, ProvisioningArtifactId: v1, ProvisionedProductName: 'falcon-iom', ProvisionToken: 't' }));
    await sim.clock.sleep(sim.sc.timing.recordCompletesAfterMs);
    const record = await recordStatus(member, RecordDetail!.RecordId!);
    expect(record.Status).toBe('FAILED');
    expect(record.RecordErrors?.[0]?.Description).toContain('Launch role FalconCatalogLaunchRole');
    expect((await member.send(new DescribeProvisionedProductCommand({ Name: 'falcon-iom' }))).ProvisionedProductDetail?.Status).toBe('ERROR');
  });

  it('updates keep previous values on request, taint on an injected failure, and terminate removes the product', async () => {
    const sim = exampleSimulator();
    sim.iam.createRole(APP_PROD, 'FalconCatalogLaunchRole');
    const { member, productId, v1, v11 } = await launchableSetup(sim);
    await member.send(new ProvisionProductCommand({
      ProductId: productId, ProvisioningArtifactId: v1, ProvisionedProductName: 'falcon-iom', ProvisionToken: 'p', ProvisioningParameters: [{ Key: 'PermissionsBoundary', Value: 'b1' }],
    }));
    // A running record blocks other requests, with a code UpdateProvisionedProduct's API reference lists.
    await expect(member.send(new UpdateProvisionedProductCommand({ ProvisionedProductName: 'falcon-iom', ProvisioningArtifactId: v11, UpdateToken: 'u0' }))).rejects.toBeInstanceOf(InvalidParametersException);
    await expect(member.send(new TerminateProvisionedProductCommand({ ProvisionedProductName: 'falcon-iom', TerminateToken: 't0' }))).rejects.toMatchObject({ name: 'ValidationError' });
    await sim.clock.sleep(sim.sc.timing.recordCompletesAfterMs);

    const update = await member.send(new UpdateProvisionedProductCommand({
      ProvisionedProductName: 'falcon-iom', ProvisioningArtifactId: v11, UpdateToken: 'u1', ProvisioningParameters: [{ Key: 'PermissionsBoundary', UsePreviousValue: true }],
    }));
    expect(update.RecordDetail?.RecordType).toBe('UPDATE_PROVISIONED_PRODUCT');
    await sim.clock.sleep(sim.sc.timing.recordCompletesAfterMs);
    expect(sim.sc.provisionedProducts(APP_PROD, REGION)[0]).toMatchObject({ artifactId: v11, parameters: { PermissionsBoundary: 'b1', EnableIdentityProtection: 'false' } });

    sim.sc.failNextProvision({ account: APP_PROD, region: REGION, productName: 'falcon-iom', status: 'TAINTED', message: 'Resource handler returned message: boom' });
    const failing = await member.send(new UpdateProvisionedProductCommand({ ProvisionedProductName: 'falcon-iom', UpdateToken: 'u2' }));
    await sim.clock.sleep(sim.sc.timing.recordCompletesAfterMs);
    expect((await recordStatus(member, failing.RecordDetail!.RecordId!)).Status).toBe('FAILED');
    expect((await member.send(new DescribeProvisionedProductCommand({ Name: 'falcon-iom' }))).ProvisionedProductDetail?.Status).toBe('TAINTED');

    const terminate = await member.send(new TerminateProvisionedProductCommand({ ProvisionedProductName: 'falcon-iom', TerminateToken: 'x' }));
    const again = await member.send(new TerminateProvisionedProductCommand({ ProvisionedProductName: 'falcon-iom', TerminateToken: 'x' }));
    expect(again.RecordDetail?.RecordId).toBe(terminate.RecordDetail?.RecordId);
    await sim.clock.sleep(sim.sc.timing.recordCompletesAfterMs);
    expect(sim.sc.provisionedProducts(APP_PROD, REGION)).toHaveLength(0);
    // TerminateToken: "After the provisioned product is terminated, subsequent requests to terminate the same
    // provisioned product always return ResourceNotFound."
    await expect(member.send(new TerminateProvisionedProductCommand({ ProvisionedProductName: 'falcon-iom', TerminateToken: 'x' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('keeps a ProvisionToken after its product is terminated: the same token replays the old record, a new one provisions', async () => {
    const sim = exampleSimulator();
    sim.iam.createRole(APP_PROD, 'FalconCatalogLaunchRole');
    const { member, productId, v1 } = await launchableSetup(sim);
    const input = { ProductId: productId, ProvisioningArtifactId: v1, ProvisionedProductName: 'falcon-iom', ProvisionToken: 'generation-1' };
    const first = await member.send(new ProvisionProductCommand(input));
    await sim.clock.sleep(sim.sc.timing.recordCompletesAfterMs);
    await member.send(new TerminateProvisionedProductCommand({ ProvisionedProductName: 'falcon-iom', TerminateToken: 'end-1' }));
    await sim.clock.sleep(sim.sc.timing.recordCompletesAfterMs);

    const replayed = await member.send(new ProvisionProductCommand(input));
    expect(replayed.RecordDetail).toMatchObject({ RecordId: first.RecordDetail?.RecordId, Status: 'SUCCEEDED' });
    expect(sim.sc.provisionedProducts(APP_PROD, REGION)).toEqual([]);

    const second = await member.send(new ProvisionProductCommand({ ...input, ProvisionToken: 'generation-2' }));
    await sim.clock.sleep(sim.sc.timing.recordCompletesAfterMs);
    expect(second.RecordDetail?.RecordId).not.toBe(first.RecordDetail?.RecordId);
    expect(sim.sc.provisionedProducts(APP_PROD, REGION).map((p) => [p.name, p.status])).toEqual([['falcon-iom', 'AVAILABLE']]);

    // ListRecordHistory keeps the terminated generation's records, newest first.
    const history = await member.send(new ListRecordHistoryCommand({ AccessLevelFilter: { Key: 'Account', Value: 'self' }, SearchFilter: { Key: 'product', Value: productId } }));
    expect(history.RecordDetails?.map((r) => r.RecordType)).toEqual(['PROVISION_PRODUCT', 'TERMINATE_PROVISIONED_PRODUCT', 'PROVISION_PRODUCT']);
  });

  it('pages SearchProvisionedProducts in no fixed order unless SortBy is given', async () => {
    const sim = exampleSimulator();
    sim.iam.createRole(APP_PROD, 'FalconCatalogLaunchRole');
    const { member, productId, v1 } = await launchableSetup(sim);
    const names = Array.from({ length: 30 }, (_, i) => `pp-${String(i).padStart(2, '0')}`);
    for (const name of names) {
      await member.send(new ProvisionProductCommand({ ProductId: productId, ProvisioningArtifactId: v1, ProvisionedProductName: name, ProvisionToken: name }));
    }
    const walk = async (sort: { SortBy?: string; SortOrder?: 'ASCENDING' | 'DESCENDING' }) => {
      const seen: string[] = [];
      for await (const page of paginateSearchProvisionedProducts({ client: member, pageSize: 7 }, { ...sort })) {
        seen.push(...(page.ProvisionedProducts ?? []).map((p) => p.Name!));
      }
      return seen;
    };
    // "If no value is specified, the results are not sorted": pages cut from fresh orders miss and repeat products.
    const unsorted = await walk({});
    expect(unsorted).toHaveLength(names.length);
    expect(new Set(unsorted).size).toBeLessThan(names.length);
    const sorted = await walk({ SortBy: 'name', SortOrder: 'ASCENDING' });
    expect(sorted).toEqual(names);
    await expect(walk({ SortBy: 'createdTime' })).rejects.toBeInstanceOf(InvalidParametersException);
  });

  it('search and scan honour AccessLevelFilter (defaults: Account for search, the calling session for scan)', async () => {
    const sim = exampleSimulator();
    sim.iam.createRole(APP_PROD, 'FalconCatalogLaunchRole');
    const { member, productId, v1 } = await launchableSetup(sim);
    await member.send(new ProvisionProductCommand({ ProductId: productId, ProvisioningArtifactId: v1, ProvisionedProductName: 'falcon-iom', ProvisionToken: 'p' }));
    const otherSession = scClient(sim, APP_PROD, 'AWSControlTowerExecution', 'another-session');
    expect((await otherSession.send(new SearchProvisionedProductsCommand({ AccessLevelFilter: { Key: 'User', Value: 'self' } }))).ProvisionedProducts).toEqual([]);
    expect((await otherSession.send(new ScanProvisionedProductsCommand({}))).ProvisionedProducts).toEqual([]);
    const account = await otherSession.send(new SearchProvisionedProductsCommand({ Filters: { SearchQuery: ['name:falcon-iom'] } }));
    expect(account.ProvisionedProducts?.map((p) => [p.Name, p.ProductName, p.ProvisioningArtifactName])).toEqual([['falcon-iom', 'falcon-iom', 'v1.0.0']]);
    const scan = await otherSession.send(new ScanProvisionedProductsCommand({ AccessLevelFilter: { Key: 'Role', Value: 'self' } }));
    expect(scan.ProvisionedProducts?.map((p) => p.Status)).toEqual(['UNDER_CHANGE']);
    // Nothing in another account leaks into this one.
    expect((await scClient(sim, MANAGEMENT).send(new ScanProvisionedProductsCommand({ AccessLevelFilter: { Key: 'Account', Value: 'self' } }))).ProvisionedProducts).toEqual([]);
  });
});
