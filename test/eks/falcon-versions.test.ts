/**
 * The versions and digests the EKS installer pins (products/eks-protection/falcon-versions.ts), held against
 * CrowdStrike's own repositories: the Helm repository index of CrowdStrike/falcon-helm (branch gh-pages) and the
 * release manifests of CrowdStrike/falcon-operator (deploy/falcon-operator.yaml at each release tag, the file its
 * release workflow uploads). Point CROWDSTRIKE_FALCON_HELM_GIT and CROWDSTRIKE_FALCON_OPERATOR_GIT at clones (their
 * git directories) to run them; without them these checks are skipped.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  FALCON_OPERATOR_RELEASES,
  KPA_CHART_DIGESTS,
  LATEST_FALCON_OPERATOR,
  LATEST_KPA_CHART,
} from '../../products/eks-protection/falcon-versions';

const HELM_GIT = process.env.CROWDSTRIKE_FALCON_HELM_GIT;
const OPERATOR_GIT = process.env.CROWDSTRIKE_FALCON_OPERATOR_GIT;
const git = (dir: string, ...args: string[]) => execFileSync('git', ['--git-dir', dir, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const usable = (dir: string | undefined): dir is string => dir !== undefined && existsSync(dir);

describe.skipIf(!usable(HELM_GIT))('the chart versions against CrowdStrike/falcon-helm (CROWDSTRIKE_FALCON_HELM_GIT)', () => {
  it('pins only protection agent charts the index lists, each with the index digest, the newest as default', () => {
    const index = parse(git(HELM_GIT!, 'show', 'gh-pages:index.yaml')) as {
      entries: Record<string, { version: string; digest: string }[]>;
    };
    const listed = Object.fromEntries(index.entries['cs-k8s-protection-agent'].map((e) => [e.version, e.digest]));
    for (const [version, digest] of Object.entries(KPA_CHART_DIGESTS)) expect(listed[version], version).toBe(digest);
    const semver = Object.keys(listed).filter((v) => /^\d+\.\d+\.\d+$/.test(v));
    const newest = semver.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).pop();
    expect(LATEST_KPA_CHART).toBe(newest);
  });

  it('the agent is past end of support, as the repository says', () => {
    expect(git(HELM_GIT!, 'show', 'HEAD:DEPRECATION.md')).toMatch(/cs-k8s-protection-agent\*\* - {1,2}End-of-Support \(EOS\) date is August 18, 2025/);
  });
});

describe.skipIf(!usable(OPERATOR_GIT))('the operator releases against CrowdStrike/falcon-operator (CROWDSTRIKE_FALCON_OPERATOR_GIT)', () => {
  it('pins each known release to the digest of its release manifest, and defaults to the newest release', () => {
    for (const [version, digest] of Object.entries(FALCON_OPERATOR_RELEASES)) {
      const manifest = git(OPERATOR_GIT!, 'show', `v${version}:deploy/falcon-operator.yaml`);
      expect(createHash('sha256').update(manifest).digest('hex'), version).toBe(digest);
      expect(manifest).toContain(`image: quay.io/crowdstrike/falcon-operator:${version}`);
    }
    const tags = git(OPERATOR_GIT!, 'tag', '--list', 'v*').split('\n').filter((t) => /^v\d+\.\d+\.\d+$/.test(t));
    const newest = tags.map((t) => t.slice(1)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).pop();
    expect(LATEST_FALCON_OPERATOR).toBe(newest);
  });

  it('the operator documents exactly the two scopes the installer client is given', () => {
    const node = git(OPERATOR_GIT!, 'show', `v${LATEST_FALCON_OPERATOR}:docs/resources/node/README.md`);
    expect(node).toContain('* Falcon Images Download: **Read**\n> * Sensor Download: **Read**');
  });
});
