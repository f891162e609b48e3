import { describe, expect, it } from 'vitest';
import { accountContexts, EXAMPLE_OUS, generateOrganization, MANAGEMENT_ACCOUNT, organizationFor, ROOT_ID } from '../../bench/org-generator';
import { exampleManifest } from '../lifecycle/manifest-fixture';
import { parseOrgModel } from '../../simulator';

describe('benchmark organisation generator', () => {
  it('makes exactly `size` valid accounts with unique IDs, spread over the example OUs', () => {
    const model = generateOrganization(1_000);
    const parsed = parseOrgModel(model);
    expect(parsed.accounts).toHaveLength(1_000);
    expect(new Set(parsed.accounts.map((a) => a.id)).size).toBe(1_000);
    expect(parsed.accounts[0].id).toBe(MANAGEMENT_ACCOUNT);
    const perOu = EXAMPLE_OUS.map((ou) => parsed.accounts.filter((a) => a.parent === ou.id).length);
    expect(Math.max(...perOu) - Math.min(...perOu)).toBeLessThanOrEqual(1);
  });

  it('gives each account the ancestry the organisation reader would report', () => {
    const contexts = accountContexts(generateOrganization(3));
    const prod = contexts.find((c) => c.ancestors.at(-1)?.id === 'ou-exmp-11112222');
    expect(prod?.ancestors.map((a) => a.path)).toEqual(['Root', 'Root/Workloads', 'Root/Workloads/Prod']);
    expect(contexts.find((c) => c.id === MANAGEMENT_ACCOUNT)?.ancestors).toEqual([{ id: 'r-exmp', path: 'Root' }]);
  });

  it('holds the accounts a manifest names by ID where the example organisation has them, at the same size', () => {
    const manifest = exampleManifest();
    expect(manifest.portfolio.shareWith.accounts).toContain('444444444444');
    const parsed = parseOrgModel(organizationFor(manifest, 100));
    expect(parsed.accounts).toHaveLength(100);
    // Shared services (shared with by account, and targeted) and the excluded sandbox account, in their OUs.
    expect(parsed.accounts.find((a) => a.id === '444444444444')?.parent).toBe('ou-exmp-33333333');
    expect(parsed.accounts.find((a) => a.id === '555555555555')?.parent).toBe('ou-exmp-22222222');
    expect(() => generateOrganization(2, [{ id: '444444444444', name: 'a', parent: ROOT_ID }, { id: '555555555555', name: 'b', parent: ROOT_ID }])).toThrow(
      /cannot hold 2 named accounts/,
    );
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => generateOrganization(0)).toThrow(/positive integer/);
  });
});
