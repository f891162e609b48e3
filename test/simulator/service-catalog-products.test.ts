import {
  AssociatePrincipalWithPortfolioCommand,
  AssociateProductWithPortfolioCommand,
  CreateConstraintCommand,
  CreatePortfolioCommand,
  CreateProductCommand,
  CreateProvisioningArtifactCommand,
  DescribeProductAsAdminCommand,
  DescribeProductCommand,
  DescribeProvisioningArtifactCommand,
  DescribeProvisioningParametersCommand,
  InvalidParametersException,
  ListProvisioningArtifactsCommand,
  ProvisionProductCommand,
  ResourceNotFoundException,
  UpdateProvisioningArtifactCommand,
  paginateSearchProducts,
} from '@aws-sdk/client-service-catalog';
import { describe, expect, it } from 'vitest';
import { MANAGEMENT, exampleSimulator } from './fixtures';
import { scClient, seedFalconPortfolio } from './service-catalog-fixtures';

describe('Service Catalog products and versions', () => {
  it('builds a portfolio through the API and exposes versions to admins and launchers', async () => {
    const sim = exampleSimulator();
    const hub = scClient(sim, MANAGEMENT, 'hub-role');
    const { PortfolioDetail } = await hub.send(new CreatePortfolioCommand({ DisplayName: 'Falcon', ProviderName: 'Security', IdempotencyToken: 'p' }));
    const portfolioId = PortfolioDetail!.Id!;
    expect(PortfolioDetail?.ARN).toBe(`arn:aws:catalog:us-east-1:${MANAGEMENT}:portfolio/${portfolioId}`);
    const created = await hub.send(new CreateProductCommand({
      Name: 'falcon-threat-detection', Owner: 'Security', ProductType: 'CLOUD_FORMATION_TEMPLATE', IdempotencyToken: 'q',
      ProvisioningArtifactParameters: { Name: 'v1.0.0', Info: { LoadTemplateFromURL: 'https://example.com/t.json' }, Type: 'CLOUD_FORMATION_TEMPLATE' },
    }));
    const productId = created.ProductViewDetail!.ProductViewSummary!.ProductId!;
    const v2 = await hub.send(new CreateProvisioningArtifactCommand({ ProductId: productId, IdempotencyToken: 'r', Parameters: { Name: 'v2.0.0', Info: { LoadTemplateFromURL: 'https://example.com/t2.json' } } }));
    await hub.send(new AssociateProductWithPortfolioCommand({ PortfolioId: portfolioId, ProductId: productId }));
    await hub.send(new CreateConstraintCommand({ PortfolioId: portfolioId, ProductId: productId, Type: 'LAUNCH', Parameters: JSON.stringify({ LocalRoleName: 'FalconCatalogLaunchRole' }), IdempotencyToken: 's' }));
    await expect(hub.send(new CreateConstraintCommand({ PortfolioId: portfolioId, ProductId: productId, Type: 'LAUNCH', Parameters: JSON.stringify({ LocalRoleName: 'a', RoleArn: 'b' }), IdempotencyToken: 't' }))).rejects.toBeInstanceOf(InvalidParametersException);

    const v1Id = created.ProvisioningArtifactDetail!.Id!;
    await hub.send(new UpdateProvisioningArtifactCommand({ ProductId: productId, ProvisioningArtifactId: v1Id, Active: false, Guidance: 'DEPRECATED' }));
    const admin = await hub.send(new DescribeProductAsAdminCommand({ Id: productId }));
    expect(admin.ProvisioningArtifactSummaries?.map((a) => a.Name)).toEqual(['v1.0.0', 'v2.0.0']);
    const artifacts = await hub.send(new ListProvisioningArtifactsCommand({ ProductId: productId }));
    expect(artifacts.ProvisioningArtifactDetails?.map((a) => [a.Name, a.Active, a.Guidance])).toEqual([['v1.0.0', false, 'DEPRECATED'], ['v2.0.0', true, 'DEFAULT']]);
    const byName = await hub.send(new DescribeProvisioningArtifactCommand({ ProductName: 'falcon-threat-detection', ProvisioningArtifactName: 'v2.0.0' }));
    expect(byName.ProvisioningArtifactDetail?.Id).toBe(v2.ProvisioningArtifactDetail?.Id);

    // Not yet a principal: the launcher view has no path.
    await expect(hub.send(new DescribeProductCommand({ Id: productId }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await hub.send(new AssociatePrincipalWithPortfolioCommand({ PortfolioId: portfolioId, PrincipalARN: `arn:aws:iam::${MANAGEMENT}:role/hub-role`, PrincipalType: 'IAM' }));
    await sim.clock.sleep(sim.sc.timing.principalPropagationMs);
    const launcher = await hub.send(new DescribeProductCommand({ Id: productId }));
    expect(launcher.ProvisioningArtifacts?.map((a) => a.Name)).toEqual(['v2.0.0']);
    expect(launcher.LaunchPaths).toHaveLength(1);
    await expect(hub.send(new ProvisionProductCommand({ ProductId: productId, ProvisioningArtifactId: v1Id, ProvisionedProductName: 'x', ProvisionToken: 'u' }))).rejects.toThrow(/not active/);
  });

  it('SearchProducts pages through launchable products; DescribeProvisioningParameters shows defaults and TagOptions', async () => {
    const sim = exampleSimulator();
    const seeded = seedFalconPortfolio(sim);
    // The management account has no AWSControlTowerExecution: the hub acts with its own role.
    const hub = scClient(sim, MANAGEMENT, 'FalconCatalogLifecycle');
    sim.sc.seedPortfolio(MANAGEMENT, 'us-east-1', {
      displayName: 'second',
      products: [{ name: 'falcon-ecr', versions: [{ name: 'v1' }] }, { name: 'falcon-eks', versions: [{ name: 'v1' }] }],
      principals: [{ arn: `arn:aws:iam::${MANAGEMENT}:role/FalconCatalogLifecycle` }],
    });
    await hub.send(new AssociatePrincipalWithPortfolioCommand({ PortfolioId: seeded.portfolioId, PrincipalARN: 'arn:aws:iam:::role/FalconCatalog*', PrincipalType: 'IAM_PATTERN' }));
    await sim.clock.sleep(sim.sc.timing.principalPropagationMs);
    const names: string[] = [];
    for await (const page of paginateSearchProducts({ client: hub, pageSize: 2 }, {})) names.push(...page.ProductViewSummaries!.map((p) => p.Name!));
    expect(names.sort()).toEqual(['falcon-ecr', 'falcon-eks', 'falcon-iom']);
    const iom = seeded.products['falcon-iom'];
    const params = await hub.send(new DescribeProvisioningParametersCommand({ ProductId: iom.productId, ProvisioningArtifactId: iom.artifacts['v1.1.0'] }));
    expect(params.ProvisioningArtifactParameters?.map((p) => [p.ParameterKey, p.DefaultValue])).toEqual([['PermissionsBoundary', ''], ['EnableIdentityProtection', 'false']]);
    expect(params.TagOptions).toEqual([{ Key: 'cost-center', Values: ['security', 'platform'] }]);
  });
});
