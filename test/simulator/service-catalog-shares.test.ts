import {
  AcceptPortfolioShareCommand,
  AssociatePrincipalWithPortfolioCommand,
  CreatePortfolioShareCommand,
  DescribePortfolioSharesCommand,
  DescribePortfolioShareStatusCommand,
  DeletePortfolioShareCommand,
  DescribeProductAsAdminCommand,
  DescribeProductCommand,
  InvalidParametersException,
  InvalidStateException,
  LimitExceededException,
  ListAcceptedPortfolioSharesCommand,
  ListLaunchPathsCommand,
  ListPrincipalsForPortfolioCommand,
  ResourceNotFoundException,
  UpdatePortfolioShareCommand,
} from '@aws-sdk/client-service-catalog';
import { describe, expect, it } from 'vitest';
import { APP_DEV, APP_PROD, MANAGEMENT, SHARED, WORKLOADS_OU, exampleSimulator } from './fixtures';
import { SSO_ADMIN_PATTERN, scClient, seedFalconPortfolio } from './service-catalog-fixtures';

const SSO_ROLE = 'aws-reserved/sso.amazonaws.com/AWSReservedSSO_AWSAdministratorAccess_0123456789abcdef';

describe('Service Catalog portfolio shares', () => {
  it('an OU share moves NOT_STARTED → IN_PROGRESS → COMPLETED and serializes share actions', async () => {
    const sim = exampleSimulator();
    const { portfolioId } = seedFalconPortfolio(sim);
    const hub = scClient(sim, MANAGEMENT, 'hub-role');
    const created = await hub.send(new CreatePortfolioShareCommand({
      PortfolioId: portfolioId, OrganizationNode: { Type: 'ORGANIZATIONAL_UNIT', Value: WORKLOADS_OU }, SharePrincipals: true, ShareTagOptions: true,
    }));
    const token = created.PortfolioShareToken!;
    const status = async () => (await hub.send(new DescribePortfolioShareStatusCommand({ PortfolioShareToken: token }))).Status;
    expect(await status()).toBe('NOT_STARTED');

    const second = hub.send(new CreatePortfolioShareCommand({ PortfolioId: portfolioId, OrganizationNode: { Type: 'ORGANIZATIONAL_UNIT', Value: 'ou-exmp-33333333' } }));
    await expect(second).rejects.toBeInstanceOf(InvalidStateException);
    await expect(second).rejects.toThrow('Cannot process more than one portfolio share action at the same time');

    await sim.clock.sleep(sim.sc.timing.shareInProgressAfterMs);
    expect(await status()).toBe('IN_PROGRESS');
    await sim.clock.sleep(sim.sc.timing.shareCompletesAfterMs);
    const done = await hub.send(new DescribePortfolioShareStatusCommand({ PortfolioShareToken: token }));
    expect(done).toMatchObject({ Status: 'COMPLETED', PortfolioId: portfolioId, OrganizationNodeValue: WORKLOADS_OU });

    // An existing share is a no-op (AWS: "will have no effect and will not return an error").
    const again = await hub.send(new CreatePortfolioShareCommand({ PortfolioId: portfolioId, OrganizationNode: { Type: 'ORGANIZATIONAL_UNIT', Value: WORKLOADS_OU } }));
    expect((await hub.send(new DescribePortfolioShareStatusCommand({ PortfolioShareToken: again.PortfolioShareToken! }))).Status).toBe('COMPLETED');

    const shares = await hub.send(new DescribePortfolioSharesCommand({ PortfolioId: portfolioId, Type: 'ORGANIZATIONAL_UNIT' }));
    expect(shares.PortfolioShareDetails).toEqual([{ PrincipalId: WORKLOADS_OU, Type: 'ORGANIZATIONAL_UNIT', Accepted: true, ShareTagOptions: true, SharePrincipals: true }]);

    const update = await hub.send(new UpdatePortfolioShareCommand({ PortfolioId: portfolioId, OrganizationNode: { Type: 'ORGANIZATIONAL_UNIT', Value: WORKLOADS_OU }, SharePrincipals: false }));
    expect(update.PortfolioShareToken).toBeDefined();
    await expect(hub.send(new DeletePortfolioShareCommand({ PortfolioId: portfolioId, OrganizationNode: { Type: 'ORGANIZATIONAL_UNIT', Value: WORKLOADS_OU } }))).rejects.toBeInstanceOf(InvalidStateException);
  });

  it('a share to an unknown OU ends in ERROR and creates no share', async () => {
    const sim = exampleSimulator();
    const { portfolioId } = seedFalconPortfolio(sim);
    const hub = scClient(sim, MANAGEMENT, 'hub-role');
    const { PortfolioShareToken } = await hub.send(new CreatePortfolioShareCommand({ PortfolioId: portfolioId, OrganizationNode: { Type: 'ORGANIZATIONAL_UNIT', Value: 'ou-exmp-99999999' } }));
    await sim.clock.sleep(sim.sc.timing.shareCompletesAfterMs);
    const status = await hub.send(new DescribePortfolioShareStatusCommand({ PortfolioShareToken }));
    expect(status.Status).toBe('ERROR');
    expect(status.ShareDetails?.ShareErrors?.[0]?.Message).toContain('ou-exmp-99999999');
    const shares = await hub.send(new DescribePortfolioSharesCommand({ PortfolioId: portfolioId, Type: 'ORGANIZATIONAL_UNIT' }));
    expect(shares.PortfolioShareDetails).toEqual([]);
  });

  it('recipients accept with the right PortfolioShareType and launch through shared principal patterns', async () => {
    const sim = exampleSimulator();
    const { portfolioId, products } = seedFalconPortfolio(sim);
    const productId = products['falcon-iom'].productId;
    const hub = scClient(sim, MANAGEMENT, 'hub-role');
    await hub.send(new AssociatePrincipalWithPortfolioCommand({ PortfolioId: portfolioId, PrincipalARN: SSO_ADMIN_PATTERN, PrincipalType: 'IAM_PATTERN' }));
    await hub.send(new CreatePortfolioShareCommand({ PortfolioId: portfolioId, OrganizationNode: { Type: 'ORGANIZATIONAL_UNIT', Value: WORKLOADS_OU }, SharePrincipals: true }));
    await expect(hub.send(new CreatePortfolioShareCommand({ PortfolioId: portfolioId, AccountId: SHARED }))).rejects.toBeInstanceOf(InvalidStateException);
    await sim.clock.sleep(sim.sc.timing.shareCompletesAfterMs);
    await hub.send(new CreatePortfolioShareCommand({ PortfolioId: portfolioId, AccountId: SHARED }));

    const member = scClient(sim, APP_PROD);
    // IMPORTED is for account shares; an org share needs AWS_ORGANIZATIONS (puppet #346).
    await expect(member.send(new AcceptPortfolioShareCommand({ PortfolioId: portfolioId }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    // API reference: "AWS_SERVICECATALOG - Not supported. (Throws ResourceNotFoundException.)"
    await expect(member.send(new AcceptPortfolioShareCommand({ PortfolioId: portfolioId, PortfolioShareType: 'AWS_SERVICECATALOG' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await member.send(new AcceptPortfolioShareCommand({ PortfolioId: portfolioId, PortfolioShareType: 'AWS_ORGANIZATIONS' }));
    const accepted = await member.send(new ListAcceptedPortfolioSharesCommand({ PortfolioShareType: 'AWS_ORGANIZATIONS' }));
    expect(accepted.PortfolioDetails?.map((p) => p.Id)).toEqual([portfolioId]);

    // The execution role is not a principal: no launch path until it is associated locally.
    expect((await member.send(new ListLaunchPathsCommand({ ProductId: productId }))).LaunchPathSummaries).toEqual([]);
    const ssoClient = scClient(sim, APP_PROD, SSO_ROLE.split('/').at(-1)!);
    const ssoPaths = await ssoClient.send(new ListLaunchPathsCommand({ ProductId: productId }));
    expect(ssoPaths.LaunchPathSummaries).toHaveLength(1);
    await member.send(new AssociatePrincipalWithPortfolioCommand({ PortfolioId: portfolioId, PrincipalARN: `arn:aws:iam::${APP_PROD}:role/AWSControlTowerExecution`, PrincipalType: 'IAM' }));
    // The association is listed at once but grants its launch path only once it has propagated.
    expect((await member.send(new ListPrincipalsForPortfolioCommand({ PortfolioId: portfolioId }))).Principals).toHaveLength(1);
    expect((await member.send(new ListLaunchPathsCommand({ ProductId: productId }))).LaunchPathSummaries).toEqual([]);
    await sim.clock.sleep(sim.sc.timing.principalPropagationMs);
    const paths = await member.send(new ListLaunchPathsCommand({ ProductId: productId }));
    expect(paths.LaunchPathSummaries?.[0]?.ConstraintSummaries).toEqual([{ Type: 'LAUNCH', Description: 'Local role FalconCatalogLaunchRole' }]);
    // DescribeProduct: "Running this operation with administrator access results in a failure. DescribeProductAsAdmin
    // should be used instead." The execution role has AdministratorAccess; the SSO role here does not.
    await expect(member.send(new DescribeProductCommand({ Id: productId }))).rejects.toBeInstanceOf(InvalidParametersException);
    expect((await member.send(new DescribeProductAsAdminCommand({ Id: productId }))).ProductViewDetail?.ProductViewSummary?.ProductId).toBe(productId);
    expect((await ssoClient.send(new DescribeProductCommand({ Id: productId }))).LaunchPaths).toHaveLength(1);

    // The account share must be accepted as IMPORTED before it is usable.
    const shared = scClient(sim, SHARED);
    expect((await shared.send(new ListAcceptedPortfolioSharesCommand({}))).PortfolioDetails).toEqual([]);
    await shared.send(new AcceptPortfolioShareCommand({ PortfolioId: portfolioId, PortfolioShareType: 'IMPORTED' }));
    expect((await shared.send(new ListAcceptedPortfolioSharesCommand({}))).PortfolioDetails).toHaveLength(1);

    // Accounts outside the OU see nothing.
    await expect(scClient(sim, APP_DEV).send(new AcceptPortfolioShareCommand({ PortfolioId: portfolioId, PortfolioShareType: 'AWS_ORGANIZATIONS' }))).resolves.toBeDefined();
    await expect(scClient(sim, '555555555555').send(new AcceptPortfolioShareCommand({ PortfolioId: portfolioId, PortfolioShareType: 'AWS_ORGANIZATIONS' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('allows at most 10 IAM_PATTERN principals per portfolio and needs existing IAM principals', async () => {
    const sim = exampleSimulator();
    const { portfolioId } = seedFalconPortfolio(sim);
    const hub = scClient(sim, MANAGEMENT, 'hub-role');
    for (let i = 0; i < 10; i++) {
      await hub.send(new AssociatePrincipalWithPortfolioCommand({ PortfolioId: portfolioId, PrincipalARN: `arn:aws:iam:::role/team-${i}-*`, PrincipalType: 'IAM_PATTERN' }));
    }
    await expect(hub.send(new AssociatePrincipalWithPortfolioCommand({ PortfolioId: portfolioId, PrincipalARN: 'arn:aws:iam:::role/one-too-many', PrincipalType: 'IAM_PATTERN' }))).rejects.toBeInstanceOf(LimitExceededException);
    await expect(hub.send(new AssociatePrincipalWithPortfolioCommand({ PortfolioId: portfolioId, PrincipalARN: `arn:aws:iam::${MANAGEMENT}:role/Missing`, PrincipalType: 'IAM' }))).rejects.toBeInstanceOf(InvalidParametersException);
  });
});
