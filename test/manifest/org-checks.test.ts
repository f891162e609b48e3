/** The manifest against a known organisation (manifest/org-checks.ts): targets that do not exist, and empty assignments. */
import { describe, expect, it } from 'vitest';
import { formatPath } from '../../manifest/diagnostics';
import { organizationChecks, type OrganizationView } from '../../manifest/org-checks';
import { exampleManifest } from '../lifecycle/manifest-fixture';

const root = { id: 'r-exmp', path: 'Root' };
const workloads = { id: 'ou-exmp-11111111', path: 'Root/Workloads' };
const prod = { id: 'ou-exmp-11112222', path: 'Root/Workloads/Prod' };
const sandbox = { id: 'ou-exmp-22222222', path: 'Root/Sandbox' };
const shared = { id: 'ou-exmp-33333333', path: 'Root/Shared' };
const ORG: OrganizationView = {
  nodes: [root, workloads, prod, sandbox, shared],
  accounts: [
    { id: '111111111111', name: 'management', status: 'ACTIVE', ancestors: [root] },
    { id: '222222222222', name: 'app-prod', status: 'ACTIVE', ancestors: [root, workloads, prod] },
    { id: '444444444444', name: 'shared', status: 'ACTIVE', ancestors: [root, shared] },
    { id: '555555555555', name: 'sandbox', status: 'SUSPENDED', ancestors: [root, sandbox] },
  ],
};

const findings = (edit: (m: ReturnType<typeof exampleManifest>) => void) => {
  const manifest = exampleManifest();
  edit(manifest);
  return organizationChecks(manifest, ORG).map((f) => `${formatPath(f.path)}: ${f.message}`);
};

describe('organisation checks', () => {
  it('a mistyped OU path names the closest; an unknown OU ID names the closest ID and its path', () => {
    const found = findings((m) => {
      m.assignments[0].targets.organizationalUnits = ['Root/Workload', 'ou-exmp-11112223'];
    });
    expect(found).toContain('assignments[0].targets.organizationalUnits[0]: the organisation has no OU Root/Workload; did you mean Root/Workloads?');
    expect(found).toContain('assignments[0].targets.organizationalUnits[1]: the organisation has no OU ou-exmp-11112223; the closest OU ID is ou-exmp-11112222 (Root/Workloads/Prod)');
  });

  it('share targets and excluded accounts are resolved too', () => {
    const found = findings((m) => {
      m.portfolio.shareWith.accounts = ['444444444445'];
      m.assignments[0].targets.exclude.accounts = ['999999999999'];
    });
    expect(found).toContain('portfolio.shareWith.accounts[0]: the organisation has no account 444444444445; the closest is 444444444444 (shared)');
    expect(found.some((f) => f.startsWith('assignments[0].targets.exclude.accounts[0]: the organisation has no account 999999999999'))).toBe(true);
  });

  it('an assignment that covers no active account says why', () => {
    const found = findings((m) => {
      m.assignments = [{ ...m.assignments[0], targets: { organizationalUnits: ['Root/Sandbox'], accounts: [], exclude: { organizationalUnits: [], accounts: [] } } }];
    });
    expect(found).toContain('assignments[0].targets: assignment iom-everywhere covers no active account of the organisation: 1 account is not ACTIVE');
  });

  it('with OU IDs in the share, accounts an assignment covers outside it are named', () => {
    const found = findings((m) => {
      m.portfolio.shareWith = { organization: false, organizationalUnits: [shared.id], accounts: [] };
      m.assignments = [m.assignments[0]];
    });
    expect(found).toContain(
      'assignments[0].targets: the portfolio is not shared with 1 account assignment iom-everywhere covers (for example 222222222222 (app-prod) under Root/Workloads/Prod), so it cannot launch iom: add Root/Workloads/Prod or the accounts to portfolio.shareWith',
    );
  });

  it('nothing to say about the example against its own organisation', () => {
    expect(findings(() => undefined).filter((f) => !f.includes('covers no active'))).toEqual([]);
  });
});
