/**
 * Builds manifest YAML for tests from named sections, so each test replaces only the section it is about, and
 * finds the line a piece of text is on, so assertions name the line of the offending node rather than a number.
 */
import { expect } from 'vitest';
import type { ManifestDiagnostic, ManifestResult } from '../../manifest/load';

export interface Sections {
  organization: string;
  falcon: string;
  portfolio: string;
  products: string;
  assignments: string;
  extra: string;
}

export const VALID_SECTIONS: Sections = {
  organization: `organization:
  partition: aws
  organizationId: o-exampleorgid
  managementAccountId: "111111111111"
  homeRegion: us-east-1
  governedRegions: [us-east-1, us-west-2]`,
  falcon: `falcon:
  cloud: us-1
  apiCredentials:
    secretName: falcon/api-client`,
  portfolio: `portfolio:
  name: Falcon
  providerName: Platform Security
  shareWith:
    organizationalUnits: [ou-exmp-33333333]`,
  products: `products:
  iom:
    enabled: true`,
  assignments: `assignments:
  - name: iom-workloads
    product: iom
    targets:
      organizationalUnits: [Root/Workloads]`,
  extra: '',
};

/** The management account's IOM reader role, which `validate` asks for (README, "Where the hub lives"). */
const MANAGEMENT_ASSIGNMENT = `
  - name: iom-management
    product: iom
    targets:
      accounts: ["111111111111"]`;

/**
 * The manifest with the named sections replaced. Assignments get the management account's IOM assignment appended
 * when IOM is enabled and nothing names that account (`{ managementAssignment: false }` leaves it out).
 */
export function manifestText(overrides: Partial<Sections> = {}, options: { managementAssignment?: boolean } = {}): string {
  const sections = { ...VALID_SECTIONS, ...overrides };
  const iomEnabled = /iom:\s*\n\s*enabled: true/.test(sections.products);
  if ((options.managementAssignment ?? true) && iomEnabled && sections.assignments.startsWith('assignments:') && !sections.assignments.includes('111111111111')) {
    sections.assignments = `${sections.assignments.replace(/\s+$/, '').replace(/^assignments: \[\]$/, 'assignments:')}${MANAGEMENT_ASSIGNMENT}`;
  }
  return ['version: 1', ...Object.values(sections).filter((s) => s !== '')].join('\n') + '\n';
}

/** 1-based line of the first line of `text` that contains `needle` (after `from`, when given). */
export function lineOf(text: string, needle: string, from = 0): number {
  const index = text.split('\n').findIndex((line, i) => i >= from && line.includes(needle));
  if (index < 0) throw new Error(`test setup: "${needle}" is not in the manifest text`);
  return index + 1;
}

export function errorsOf(result: ManifestResult): readonly ManifestDiagnostic[] {
  if (result.ok) throw new Error('expected the manifest to be invalid, but it is valid');
  return result.errors;
}

/** The single error at `path`; fails the test (listing what was reported) when there is none or several. */
export function errorAt(result: ManifestResult, path: string): ManifestDiagnostic {
  const errors = errorsOf(result);
  const matching = errors.filter((e) => e.path === path);
  expect(matching, `errors at ${path} among:\n${errors.map((e) => `${e.path}: ${e.message}`).join('\n')}`).toHaveLength(1);
  return matching[0];
}
