import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { ListPortfoliosCommand, ServiceCatalogClient } from '@aws-sdk/client-service-catalog';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { APP_PROD, MANAGEMENT, REGION, exampleSimulator } from './fixtures';

describe('throttling, latency and fault injection', () => {
  it('throttles per caller account and the SDK retry strategy retries until a token refills', async () => {
    const sim = exampleSimulator();
    sim.throttle.set({ service: 'servicecatalog', operation: 'ListPortfolios', ratePerSecond: 2, burst: 2 });
    const sc = new ServiceCatalogClient({ region: REGION, ...sim.clientConfig({ accountId: APP_PROD }) });
    for (let i = 0; i < 6; i++) await sc.send(new ListPortfoliosCommand({}));
    const calls = sim.calls.filter((c) => c.operation === 'ListPortfolios');
    const throttled = calls.filter((c) => c.error === 'ThrottlingException');
    expect(throttled.length).toBeGreaterThan(0);
    expect(calls.length - throttled.length).toBe(6);
    // Six calls at 2/s with a burst of 2 cannot finish in less than 2 s of virtual time.
    expect(calls.at(-1)!.time - calls[0].time).toBeGreaterThanOrEqual(1_900);

    // Another account has its own bucket.
    const other = new ServiceCatalogClient({ region: REGION, ...sim.clientConfig({ accountId: MANAGEMENT }) });
    const before = sim.calls.length;
    await other.send(new ListPortfoliosCommand({}));
    await other.send(new ListPortfoliosCommand({}));
    expect(sim.calls.slice(before).every((c) => c.error === undefined)).toBe(true);
  });

  it('gives up with the named throttling error when retries run out', async () => {
    const sim = exampleSimulator({ maxAttempts: 2 });
    sim.throttle.set({ service: 'organizations', ratePerSecond: 0.001, burst: 1 });
    const org = new OrganizationsClient({ region: REGION, ...sim.clientConfig({ accountId: MANAGEMENT }) });
    await org.send(new DescribeOrganizationCommand({}));
    await expect(org.send(new DescribeOrganizationCommand({}))).rejects.toMatchObject({ name: 'TooManyRequestsException', $metadata: { attempts: 2 } });
  });

  it('latency advances virtual time per request, and concurrent requests overlap', async () => {
    const sim = exampleSimulator();
    sim.latency.set({ service: 'servicecatalog', ms: 200 });
    const sc = new ServiceCatalogClient({ region: REGION, ...sim.clientConfig({ accountId: APP_PROD }) });
    const start = sim.clock.now();
    await Promise.all(Array.from({ length: 5 }, () => sc.send(new ListPortfoliosCommand({}))));
    expect(sim.clock.now() - start).toBe(200);
    await sc.send(new ListPortfoliosCommand({}));
    expect(sim.clock.now() - start).toBe(400);
  });

  it('injects faults for a number of calls, scoped by account; transient faults are retried', async () => {
    const sim = exampleSimulator();
    sim.faults.add({ service: 'sts', operation: 'AssumeRole', account: MANAGEMENT, error: 'AccessDenied', times: 1 });
    const sts = new STSClient({ region: REGION, ...sim.clientConfig({ accountId: MANAGEMENT }) });
    const assume = () => sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${APP_PROD}:role/AWSControlTowerExecution`, RoleSessionName: 'lifecycle' }));
    await expect(assume()).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(assume()).resolves.toBeDefined();

    sim.faults.add({ service: 'servicecatalog', operation: 'ListPortfolios', error: 'InternalFailure', times: 2 });
    const sc = new ServiceCatalogClient({ region: REGION, ...sim.clientConfig({ accountId: APP_PROD }) });
    const result = await sc.send(new ListPortfoliosCommand({}));
    expect(result.$metadata.attempts).toBe(3);
    expect(sim.calls.filter((c) => c.operation === 'ListPortfolios').map((c) => c.error)).toEqual(['InternalFailure', 'InternalFailure', undefined]);
  });
});
