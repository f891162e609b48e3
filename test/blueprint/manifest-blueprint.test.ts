/** The manifest's `blueprint` section: principal limit, products it may configure, and its own warnings. */
import { describe, expect, it } from 'vitest';
import { crossCheck } from '../../manifest/cross-checks';
import { manifestSchema } from '../../manifest/schema';
import { blueprintManifest, SECRET_ARN } from './blueprint-app';

const messagesAt = (findings: ReturnType<typeof crossCheck>, path: string) =>
  findings.filter((f) => f.path.join('.') === path).map((f) => `${f.severity}: ${f.message}`);

describe('manifest blueprint section', () => {
  it('is clean when every configured product is enabled and the hub is a dedicated account', () => {
    expect(crossCheck(blueprintManifest())).toEqual([]);
  });

  it('counts the blueprint execution pattern in the limit of 10 portfolio principals, and says so', () => {
    const principals = Array.from({ length: 10 }, (_, i) => `arn:aws:iam:::role/team-${i}-*`);
    const findings = crossCheck(blueprintManifest((m) => (m.portfolio.principals = principals)));
    expect(messagesAt(findings, 'portfolio.principals')).toEqual([
      'error: 10 principals listed plus arn:aws:iam:::role/AWSControlTower-BlueprintExecution-*, which ' +
        'blueprint.enabled adds for Account Factory; Service Catalog associates at most 10 with a portfolio: merge ' +
        'them with wildcards (for example role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Falcon*)',
    ]);
    const without = crossCheck(blueprintManifest((m) => {
      m.portfolio.principals = principals;
      m.blueprint!.enabled = false;
      m.blueprint!.products = {};
      m.blueprint!.createAccessRole = false;
      m.blueprint!.consoleUserRoleArns = [];
    }));
    expect(messagesAt(without, 'portfolio.principals')).toEqual([]);
  });

  it('refuses products that are not enabled, invalid parameters and roles of another partition', () => {
    const findings = crossCheck(blueprintManifest((m) => {
      m.products['ssm-distributor'] = { enabled: false };
      m.blueprint!.products['sensor-management'] = { parameters: { credentialsSecretArn: 'not-an-arn' } };
      m.blueprint!.consoleUserRoleArns = ['arn:aws-us-gov:iam::111111111111:role/Admin'];
    }));
    expect(messagesAt(findings, 'blueprint.products.ssm-distributor')[0]).toMatch(/^error: ssm-distributor is not enabled/);
    expect(messagesAt(findings, 'blueprint.products.sensor-management.parameters.credentialsSecretArn')[0]).toMatch(/full ARN of a Secrets Manager secret/);
    expect(messagesAt(findings, 'blueprint.consoleUserRoleArns.0')).toEqual(['error: role is in partition aws-us-gov, but organization.partition is aws']);
  });

  it('warns when the management account is the blueprint hub, as AFC discourages', () => {
    const findings = crossCheck(blueprintManifest((m) => delete m.organization.hubAccountId));
    expect(messagesAt(findings, 'blueprint.enabled')[0]).toMatch(/^warning: Account Factory Customization discourages/);
  });

  it('accepts only products the baseline can provision', () => {
    const raw = { ...blueprintManifest(), blueprint: { enabled: true, products: { 'launch-role': { parameters: {} } } } };
    expect(manifestSchema.safeParse(raw).success).toBe(false);
    const ok = { ...blueprintManifest(), blueprint: { enabled: true, products: { iom: {}, 'sensor-management': { parameters: { credentialsSecretArn: SECRET_ARN } } } } };
    expect(manifestSchema.parse(ok).blueprint?.products.iom).toEqual({ parameters: {} });
  });
});
