import { describe, expect, it } from 'vitest';
import { crossCheck, hubAccountOf } from '../../manifest/cross-checks';
import { parseManifest } from '../../manifest/load';
import { manifestSchema } from '../../manifest/schema';
import { currentVersionName, findProduct, launchableVersions } from '../../products/registry';
import { errorAt, errorsOf, lineOf, manifestText, VALID_SECTIONS } from './manifest-text';

const FILE = 'm.yaml';
const check = (text: string) => parseManifest(text, FILE);

const assignmentsWith = (body: string) => `assignments:\n  - name: iom-workloads\n    product: iom\n${body}`;
const WORKLOADS = '    targets:\n      organizationalUnits: [Root/Workloads]\n';

describe('Regions', () => {
  it('refuses an assignment Region that Control Tower does not govern', () => {
    const text = manifestText({ assignments: assignmentsWith(`${WORKLOADS}    regions: [us-east-1, eu-west-1]`) });
    const e = errorAt(check(text), 'assignments[0].regions[1]');
    expect(e).toMatchObject({ line: lineOf(text, 'eu-west-1'), column: 26 });
    expect(e.message).toBe('eu-west-1 is not in organization.governedRegions (us-east-1, us-west-2); add it there or remove it here');
  });

  it('requires the home Region to be governed', () => {
    const text = manifestText({
      organization: VALID_SECTIONS.organization.replace('homeRegion: us-east-1', 'homeRegion: eu-west-1'),
    });
    const e = errorAt(check(text), 'organization.homeRegion');
    expect(e.line).toBe(lineOf(text, 'homeRegion'));
    expect(e.message).toContain('the home Region eu-west-1 must also be listed in organization.governedRegions');
  });

  it('refuses GovCloud Regions in the commercial partition', () => {
    const text = manifestText({
      organization: VALID_SECTIONS.organization.replace('[us-east-1, us-west-2]', '[us-east-1, us-gov-west-1]'),
    });
    const e = errorAt(check(text), 'organization.governedRegions[1]');
    expect(e.line).toBe(lineOf(text, 'us-gov-west-1'));
    expect(e.message).toBe('us-gov-west-1 is an AWS GovCloud Region; it cannot be used with organization.partition aws');
  });

  it('refuses commercial Regions in the GovCloud partition, including the home Region', () => {
    const text = manifestText({
      organization: VALID_SECTIONS.organization
        .replace('partition: aws', 'partition: aws-us-gov')
        .replace('[us-east-1, us-west-2]', '[us-gov-west-1, us-east-1]'),
      falcon: VALID_SECTIONS.falcon.replace('cloud: us-1', 'cloud: us-gov-1'),
    });
    const result = check(text);
    expect(errorAt(result, 'organization.governedRegions[1]').message).toContain('us-east-1 is not an AWS GovCloud Region');
    expect(errorAt(result, 'organization.homeRegion').message).toContain('us-east-1 is not an AWS GovCloud Region');
  });
});

describe('products', () => {
  it('refuses an assignment of a product that is not enabled', () => {
    const text = manifestText({ products: 'products:\n  iom:\n    enabled: false' });
    const e = errorAt(check(text), 'assignments[0].product');
    expect(e).toMatchObject({ line: lineOf(text, 'product: iom'), column: 14 });
    expect(e.message).toBe('iom is not enabled (products.iom.enabled is false): set products.iom.enabled: true or remove this assignment');
  });

  it('refuses an assignment of a product absent from products', () => {
    const e = errorAt(check(manifestText({ products: 'products: {}' })), 'assignments[0].product');
    expect(e.message).toContain('products has no iom entry');
  });

  it('lists the shipped versions when the manifest names another', () => {
    const text = manifestText({ products: 'products:\n  iom:\n    enabled: true\n    version: v0.9.0' });
    const e = errorAt(check(text), 'products.iom.version');
    expect(e.line).toBe(lineOf(text, 'v0.9.0'));
    const shipped = findProduct('iom')!.versions.map((v) => v.name);
    expect(shipped).toEqual(expect.arrayContaining(['v1.0.0', 'v1.1.0']));
    expect(e.message).toBe(`this package does not ship iom version "v0.9.0"; shipped versions: ${shipped.join(', ')}`);
  });

  it('refuses pinning a retired version, saying why it was retired and what to pin instead', () => {
    const iom = findProduct('iom')!;
    const retired = iom.versions.filter((v) => v.retired).map((v) => v.name);
    const launchable = launchableVersions(iom).map((v) => v.name);
    expect(retired.length).toBeGreaterThan(0);
    for (const version of retired) {
      const text = manifestText({ products: `products:\n  iom:\n    enabled: true\n    version: ${version}` });
      const e = errorAt(check(text), 'products.iom.version');
      expect(e.line).toBe(lineOf(text, version));
      expect(e.message).toMatch(new RegExp(`^iom ${version} is retired and cannot be launched: Retired: `));
      expect(e.message).toContain(`Pin ${launchable.join(' or ')}, or remove the version to get the newest (${currentVersionName(iom)})`);
    }
    for (const version of launchable) {
      expect(check(manifestText({ products: `products:\n  iom:\n    enabled: true\n    version: ${version}` })).ok).toBe(true);
    }
  });

  it('refuses a permissions boundary parameter for a version whose roles carry the product boundary', () => {
    const text = manifestText({ assignments: assignmentsWith(`${WORKLOADS}    parameters:\n      permissionsBoundaryPolicyName: MyBoundary`) });
    const e = errorAt(check(text), 'assignments[0].parameters.permissionsBoundaryPolicyName');
    expect(e.message).toBe(
      `iom ${currentVersionName(findProduct('iom')!)} sets the permissions boundary of its roles itself: every role carries the product boundary ` +
        '/falcon-catalog/FalconCatalogProductBoundary, which the launch role creates and enforces; remove permissionsBoundaryPolicyName',
    );
  });

  it('refuses a partition / Falcon cloud pair the product cannot run', () => {
    const text = manifestText({
      organization: VALID_SECTIONS.organization
        .replace('partition: aws', 'partition: aws-us-gov')
        .replace('homeRegion: us-east-1', 'homeRegion: us-gov-west-1')
        .replace('[us-east-1, us-west-2]', '[us-gov-west-1]'),
    });
    const e = errorAt(check(text), 'products.iom.enabled');
    expect(e.line).toBe(lineOf(text, 'enabled: true'));
    expect(e.message).toContain('iom cannot run with organization.partition aws-us-gov and falcon.cloud us-1');
    expect(e.message).toContain('GovCloud Falcon tenant');
  });
});

describe('portfolio', () => {
  const portfolioWith = (lines: string) => `${VALID_SECTIONS.portfolio}\n${lines}`;

  it('refuses more than 10 principals', () => {
    const principals = Array.from({ length: 11 }, (_, i) => `    - arn:aws:iam:::role/Team${i}`).join('\n');
    const text = manifestText({ portfolio: portfolioWith(`  principals:\n${principals}`) });
    const e = errorAt(check(text), 'portfolio.principals');
    expect(e.line).toBe(lineOf(text, 'role/Team0'));
    expect(e.message).toContain('11 principals listed; Service Catalog associates at most 10');
  });

  it('refuses a principal from another partition', () => {
    const text = manifestText({ portfolio: portfolioWith('  principals:\n    - arn:aws-us-gov:iam:::role/Admin') });
    const e = errorAt(check(text), 'portfolio.principals[0]');
    expect(e.line).toBe(lineOf(text, 'role/Admin'));
    expect(e.message).toContain('principal is in partition aws-us-gov, but organization.partition is aws');
  });

  it('warns that role/* lets every role launch', () => {
    const text = manifestText({ portfolio: portfolioWith('  principals:\n    - arn:aws:iam:::role/*') });
    const result = check(text);
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      expect.objectContaining({ path: 'portfolio.principals[0]', line: lineOf(text, 'role/*') }),
    ]);
  });

  it('warns when the share provably cannot reach a targeted OU', () => {
    const text = manifestText({
      portfolio: VALID_SECTIONS.portfolio.replace('[ou-exmp-33333333]', '[Root/Sandbox]'),
    });
    const result = check(text);
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => [w.path, w.message])).toEqual([
      [
        'assignments[0].targets.organizationalUnits[0]',
        'the portfolio is not shared with Root/Workloads (portfolio.shareWith), so its accounts cannot launch iom',
      ],
    ]);
  });
});

describe('duplicates', () => {
  it('reports each repeat at the repeat, naming the first', () => {
    const text = manifestText({
      organization: VALID_SECTIONS.organization.replace('[us-east-1, us-west-2]', '[us-east-1, us-west-2, us-east-1]'),
      portfolio: `portfolio:
  name: Falcon
  providerName: Platform Security
  shareWith:
    organizationalUnits: [ou-exmp-33333333, ou-exmp-33333333]
    accounts: ["222222222222", "222222222222"]
  principals: [arn:aws:iam:::role/Admin, arn:aws:iam:::role/Admin]
  tagOptions:
    team: [red, blue, red]`,
      assignments: `assignments:
  - name: iom-workloads
    product: iom
    targets:
      organizationalUnits: [Root/Workloads]
    regions: [us-west-2, us-west-2]
  - name: iom-workloads
    product: iom
    targets:
      accounts: ["333333333333"]`,
    });
    const errors = errorsOf(check(text));
    expect(errors.map((e) => [e.path, e.message])).toEqual([
      ['organization.governedRegions[2]', 'duplicate Region "us-east-1" (already at organization.governedRegions[0])'],
      ['portfolio.shareWith.organizationalUnits[1]', 'duplicate OU "ou-exmp-33333333" (already at portfolio.shareWith.organizationalUnits[0])'],
      ['portfolio.shareWith.accounts[1]', 'duplicate account "222222222222" (already at portfolio.shareWith.accounts[0])'],
      ['portfolio.principals[1]', 'duplicate principal "arn:aws:iam:::role/Admin" (already at portfolio.principals[0])'],
      ['portfolio.tagOptions.team[2]', 'duplicate TagOption value "red" (already at portfolio.tagOptions.team[0])'],
      ['assignments[0].regions[1]', 'duplicate Region "us-west-2" (already at assignments[0].regions[0])'],
      ['assignments[1].name', 'duplicate assignment name "iom-workloads" (already at assignments[0])'],
    ]);
    expect(errors[0].line).toBe(lineOf(text, 'governedRegions'));
    expect(errors[6].line).toBe(lineOf(text, '- name: iom-workloads', lineOf(text, '- name: iom-workloads')));
  });
});

describe('assignment targets and parameters', () => {
  it('refuses an account that is both targeted and excluded', () => {
    const text = manifestText({
      assignments: assignmentsWith('    targets:\n      accounts: ["222222222222"]\n      exclude:\n        accounts: ["222222222222"]'),
    });
    const e = errorAt(check(text), 'assignments[0].targets.exclude.accounts[0]');
    expect(e.line).toBe(lineOf(text, 'accounts: ["222222222222"]', lineOf(text, 'exclude')));
    expect(e.message).toContain('account 222222222222 is both targeted (targets.accounts) and excluded');
  });

  it('refuses an assignment that targets nothing', () => {
    const text = manifestText({ assignments: assignmentsWith('    targets:\n      exclude:\n        accounts: ["222222222222"]') });
    const e = errorAt(check(text), 'assignments[0].targets');
    expect(e.line).toBe(lineOf(text, 'exclude:'));
    expect(e.message).toContain('the assignment targets nothing');
  });

  it("validates parameters against the product's own schema, with positions inside parameters", () => {
    const text = manifestText({
      assignments: assignmentsWith(`${WORKLOADS}    parameters:\n      roleName: "has spaces"\n      rolName: Reader`),
    });
    const result = check(text);
    const bad = errorAt(result, 'assignments[0].parameters.roleName');
    expect(bad).toMatchObject({ line: lineOf(text, 'has spaces'), column: 17 });
    expect(bad.message).toBe('"has spaces" is not valid: roleName must be 1-64 characters of letters, digits and + = , . @ _ -');
    const unknown = errorAt(result, 'assignments[0].parameters.rolName');
    expect(unknown).toMatchObject({ line: lineOf(text, 'rolName'), column: 7 });
    expect(unknown.message).toBe(
      'unknown key "rolName"; allowed keys: roleName, permissionsBoundaryPolicyName. Did you mean "roleName"?',
    );
  });

  it('warns that a home-only product ignores extra Regions', () => {
    const text = manifestText({ assignments: assignmentsWith(`${WORKLOADS}    regions: governed`) });
    const result = check(text);
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      expect.objectContaining({ path: 'assignments[0].regions', line: lineOf(text, 'regions: governed') }),
    ]);
    expect(result.warnings[0].message).toContain('iom is provisioned once per account, in the home Region (us-east-1)');
  });
});

describe('threat-detection and the global-events Region', () => {
  const tdProducts = 'products:\n  iom:\n    enabled: true\n  threat-detection:\n    enabled: true';
  const tdAssignment = (regions: string) =>
    `${assignmentsWith(WORKLOADS)}\n  - name: ioa\n    product: threat-detection\n${WORKLOADS}    regions: ${regions}`;
  const organization = (partition: string, home: string, governed: string) =>
    VALID_SECTIONS.organization
      .replace('partition: aws', `partition: ${partition}`)
      .replace('homeRegion: us-east-1', `homeRegion: ${home}`)
      .replace('[us-east-1, us-west-2]', governed);

  it('refuses threat-detection when the landing zone does not govern us-east-1, and says why', () => {
    const text = manifestText({
      organization: organization('aws', 'eu-west-1', '[eu-west-1, eu-central-1]'),
      products: tdProducts,
      assignments: tdAssignment('home'),
    });
    const e = errorAt(check(text), 'products.threat-detection.enabled');
    expect(e.line).toBe(lineOf(text, 'enabled: true', lineOf(text, 'threat-detection:')));
    expect(e.message).toBe(
      'threat-detection must also run in us-east-1, which organization.governedRegions (eu-west-1, eu-central-1) does ' +
        'not list: AWS delivers the CloudTrail events of IAM, STS, AWS Organizations and console sign-in to ' +
        'EventBridge only in us-east-1, so without rules there IOA and Identity Protection miss every identity event. ' +
        'Govern us-east-1 in the Control Tower landing zone and add it to organization.governedRegions, or disable ' +
        'the product',
    );
  });

  it('refuses it in GovCloud without us-gov-west-1', () => {
    const text = manifestText({
      organization: organization('aws-us-gov', 'us-gov-east-1', '[us-gov-east-1]'),
      falcon: VALID_SECTIONS.falcon.replace('cloud: us-1', 'cloud: us-gov-1'),
      products: tdProducts,
      assignments: tdAssignment('home'),
    });
    expect(errorAt(check(text), 'products.threat-detection.enabled').message).toMatch(
      /^threat-detection must also run in us-gov-west-1, .* only in us-gov-west-1, /,
    );
  });

  it('accepts it when the Region is governed, and warns that an assignment leaving it out still gets it', () => {
    const text = manifestText({
      organization: organization('aws', 'eu-west-1', '[eu-west-1, us-east-1]'),
      products: tdProducts,
      assignments: tdAssignment('home'),
    });
    const result = check(text);
    expect(result.ok).toBe(true);
    const warning = result.warnings.find((w) => w.path === 'assignments[1].regions');
    expect(warning?.message).toMatch(/^threat-detection is also provisioned in us-east-1, which this list leaves out: AWS delivers/);
    expect(warning?.line).toBe(lineOf(text, 'regions: home'));
  });

  it('says nothing when the assignment already covers it', () => {
    const text = manifestText({ products: tdProducts, assignments: tdAssignment('[us-east-1, us-west-2]') });
    const result = check(text);
    expect(result.ok).toBe(true);
    expect(result.warnings.filter((w) => w.path.startsWith('assignments[1]'))).toEqual([]);
  });
});

describe('sensor-management and the Falcon address of GovCloud tenants', () => {
  const govManifest = (assignmentParameters: string) =>
    manifestText({
      organization: VALID_SECTIONS.organization
        .replace('partition: aws', 'partition: aws-us-gov')
        .replace('homeRegion: us-east-1', 'homeRegion: us-gov-west-1')
        .replace('[us-east-1, us-west-2]', '[us-gov-west-1]'),
      falcon: VALID_SECTIONS.falcon.replace('cloud: us-1', 'cloud: us-gov-2'),
      portfolio: `${VALID_SECTIONS.portfolio}\n  selfService:\n    sensorDownloadSecretArn: arn:aws-us-gov:secretsmanager:us-gov-west-1:111111111111:secret:falcon/sd-AbCdEf`,
      products: 'products:\n  iom:\n    enabled: true\n  sensor-management:\n    enabled: true',
      assignments: `${assignmentsWith(WORKLOADS)}\n  - name: one-click\n    product: sensor-management\n${WORKLOADS}${assignmentParameters}`,
    });

  it('refuses a us-gov-2 assignment without falconAddress, saying why', () => {
    const e = errorAt(check(govManifest('')), 'assignments[1].parameters');
    expect(e.message).toMatch(/^sensor-management needs falconAddress for Falcon cloud us-gov-2: CrowdStrike publishes no default address/);
  });

  it('accepts it with the address, and refuses a malformed one', () => {
    expect(check(govManifest('    parameters:\n      falconAddress: falcon.example.mil:443')).ok).toBe(true);
    const bad = errorAt(check(govManifest('    parameters:\n      falconAddress: https://falcon.example.mil')), 'assignments[1].parameters.falconAddress');
    expect(bad.message).toContain('falconAddress must be host:port');
  });
});

describe('crossCheck on data', () => {
  it('finds nothing in the valid base manifest', async () => {
    const { parse } = await import('yaml');
    const manifest = manifestSchema.parse(parse(manifestText()));
    expect(crossCheck(manifest)).toEqual([]);
  });

  it('hubAccountOf defaults to the management account', async () => {
    const { parse } = await import('yaml');
    const manifest = manifestSchema.parse(parse(manifestText()));
    expect(hubAccountOf(manifest)).toBe('111111111111');
    const withHub = { ...manifest, organization: { ...manifest.organization, hubAccountId: '999999999999' } };
    expect(hubAccountOf(withHub)).toBe('999999999999');
  });
});

describe('the management account', () => {
  it('warns when no iom assignment reaches it, naming the account and the fix', () => {
    const text = manifestText({}, { managementAssignment: false });
    const result = check(text);
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => [w.path, w.message])).toEqual([
      [
        'assignments',
        'no iom assignment reaches the management account 111111111111: Falcon registers the organisation through it, ' +
          'so it needs the reader role; add "111111111111" to an iom assignment\'s targets.accounts',
      ],
    ]);
    expect(check(manifestText()).warnings).toEqual([]);
  });

  it('refuses a separate hub whose portfolio does not reach the management account its assignments target', () => {
    const text = manifestText({
      organization: `${VALID_SECTIONS.organization}\n  hubAccountId: "999999999999"`,
    });
    const e = errorAt(check(text), 'portfolio.shareWith.accounts');
    expect(e.message).toBe(
      'assignments reach the management account 111111111111, but the portfolio is not shared with it (the hub is ' +
        '999999999999): add "111111111111" here',
    );
    const shared = manifestText({
      organization: `${VALID_SECTIONS.organization}\n  hubAccountId: "999999999999"`,
      portfolio: VALID_SECTIONS.portfolio.replace('organizationalUnits: [ou-exmp-33333333]', 'organizationalUnits: [ou-exmp-33333333]\n    accounts: ["111111111111"]'),
    });
    expect(check(shared).ok).toBe(true);
  });
});
