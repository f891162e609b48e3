import { describe, expect, it } from 'vitest';
import { accountContexts, EXAMPLE_OUS, generateOrganization, MANAGEMENT_ACCOUNT } from '../../bench/org-generator';
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

  it('refuses a size that is not a positive integer', () => {
    expect(() => generateOrganization(0)).toThrow(/positive integer/);
  });
});
