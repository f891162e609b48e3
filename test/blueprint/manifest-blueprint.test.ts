/** The manifest's `blueprint` section: principal limit, products it may configure, and its own warnings. */
import { describe, expect, it } from 'vitest';
import { retiredPinsWarning } from '../../manifest/blueprint-checks';
import { crossCheck } from '../../manifest/cross-checks';
import { BASELINE_V1_COMPONENTS, NEWEST_BASELINE_COMPONENTS, NEWEST_BASELINE_VERSION } from '../../products/falcon-baseline/definition';
import { manifestSchema } from '../../manifest/schema';
import { blueprintManifest, SECRET_ARN } from './blueprint-app';

const messagesAt = (findings: ReturnType<typeof crossCheck>, path: string) =>
  findings.filter((f) => f.path.join('.') === path).map((f) => `${f.severity}: ${f.message}`);

const pinOf = (id: string) => NEWEST_BASELINE_COMPONENTS.find((c) => c.productId === id)!.version;
const SSM_DISTRIBUTOR_PIN = pinOf('ssm-distributor');

describe('manifest blueprint section', () => {
  it('is clean when every configured product is enabled and the hub is a dedicated account', () => {
    expect(crossCheck(blueprintManifest())).toEqual([]);
  });

  it('warns, naming the baseline version, when the version Account Factory should launch pins a retired product version', () => {
    // Baseline v1.0.0 pins product versions retired since: had it stayed the newest, every Account Factory launch would fail.
    expect(retiredPinsWarning('v1.0.0', BASELINE_V1_COMPONENTS)).toEqual({
      severity: 'warning',
      path: ['blueprint', 'enabled'],
      message:
        'falcon-baseline v1.0.0, the version Account Factory should launch, provisions iom v1.0.0, ' +
        'threat-detection v1.0.0, sensor-management v1.0.0, ssm-distributor v1.0.0, eks-protection v1.0.0, which are ' +
        'retired (DEPRECATED in Service Catalog, which refuses new launches of them): Account Factory launches of the ' +
        'baseline fail until a baseline version built on the current product versions is shipped',
    });
    // The newest pins only launchable versions: the clean manifest above gets no such warning.
    expect(NEWEST_BASELINE_VERSION).toBe('v1.1.0');
  });

  it('checks a blueprint product against the version the newest baseline pins, where products pins another', () => {
    const findings = crossCheck(blueprintManifest((m) => {
      delete m.portfolio.selfService.sensorDownloadSecretArn;
      m.products['sensor-management'] = { enabled: true, version: 'v1.1.0' };
      m.products['ssm-distributor'] = { enabled: true, version: SSM_DISTRIBUTOR_PIN };
    }));
    expect(messagesAt(findings, 'blueprint.products.sensor-management')).toEqual([
      `error: falcon-baseline ${NEWEST_BASELINE_VERSION} provisions sensor-management ${pinOf('sensor-management')}: ` +
        `sensor-management ${pinOf('sensor-management')} reads the ` +
        'sensor-download secret from the Falcon directory: set portfolio.selfService.sensorDownloadSecretArn (an ' +
        'assignment may still name another with credentialsSecretArn)',
    ]);
    // ssm-distributor runs at the baseline's version in products too: reported there only, once.
    expect(messagesAt(findings, 'blueprint.products.ssm-distributor')).toEqual([]);
    expect(messagesAt(findings, 'products.ssm-distributor')[0]).toMatch(new RegExp(`^error: ssm-distributor ${SSM_DISTRIBUTOR_PIN} reads the sensor-download secret`));
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
