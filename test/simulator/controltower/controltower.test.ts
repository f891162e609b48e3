/** The simulated Control Tower `ListEnabledControls`, under the pinned @aws-sdk/client-controltower 3.332.0. */
import { ControlTowerClient, ListEnabledControlsCommand } from '@aws-sdk/client-controltower';
import { describe, expect, it } from 'vitest';
import { exampleSimulator, MANAGEMENT, PROD_OU, SHARED } from '../fixtures';
import { simulatedCatalog, simulatedControlArn } from '../../../simulator/controltower/control-catalog';

const ouArn = (ouId: string) => `arn:aws:organizations::${MANAGEMENT}:ou/o-exampleorgid/${ouId}`;

function client(sim: ReturnType<typeof exampleSimulator>, accountId: string) {
  const config = sim.clientConfig({ accountId });
  return new ControlTowerClient({
    region: 'us-east-1',
    credentials: config.credentials,
    // The 3.332.0 client predates @smithy types; the simulator's handler speaks plain HTTP request/response.
    requestHandler: sim.requestHandler as unknown as ConstructorParameters<typeof ControlTowerClient>[0]['requestHandler'],
    maxAttempts: 1,
  });
}

describe('Control Tower ListEnabledControls (simulated)', () => {
  it('lists the controls enabled on an OU as opaque Control Catalog ARNs, every page', async () => {
    const sim = exampleSimulator();
    const designators = ['CT.IAM.PR.1', 'CT.S3.PR.1', 'CT.LAMBDA.PR.2'];
    for (const d of designators) sim.controltower.enableControl(PROD_OU, simulatedControlArn('aws', d));
    sim.controltower.enableControl(PROD_OU, simulatedControlArn('aws', 'CT.IAM.PR.1')); // idempotent

    const ct = client(sim, MANAGEMENT);
    const first = await ct.send(new ListEnabledControlsCommand({ targetIdentifier: ouArn(PROD_OU), maxResults: 2 }));
    const second = await ct.send(new ListEnabledControlsCommand({ targetIdentifier: ouArn(PROD_OU), nextToken: first.nextToken }));
    const identifiers = [...(first.enabledControls ?? []), ...(second.enabledControls ?? [])].map((c) => c.controlIdentifier);
    expect(identifiers).toEqual(designators.map((d) => simulatedControlArn('aws', d)));
    expect(second.nextToken).toBeUndefined();
    for (const id of identifiers) expect(id).toMatch(/^arn:aws:controlcatalog:::control\/[0-9a-z]{25}$/);
    // The designator is only reachable through the catalog's aliases, as with Control Catalog ListControls.
    expect(simulatedCatalog('aws', designators).find((c) => c.Arn === identifiers[0])).toMatchObject({ Aliases: ['CT.IAM.PR.1'], Behavior: 'PROACTIVE' });
  });

  it('answers an OU without controls with an empty list', async () => {
    const sim = exampleSimulator();
    const out = await client(sim, MANAGEMENT).send(new ListEnabledControlsCommand({ targetIdentifier: ouArn('ou-exmp-33333333') }));
    expect(out.enabledControls).toEqual([]);
  });

  it('refuses a target that is not an OU of the organisation, and callers other than the management account', async () => {
    const sim = exampleSimulator();
    await expect(
      client(sim, MANAGEMENT).send(new ListEnabledControlsCommand({ targetIdentifier: ouArn('ou-exmp-99999999') })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(
      client(sim, SHARED).send(new ListEnabledControlsCommand({ targetIdentifier: ouArn(PROD_OU) })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(sim.calls.filter((c) => c.service === 'controltower').map((c) => c.error)).toEqual(['ResourceNotFoundException', 'AccessDeniedException']);
  });
});
