/**
 * The installer's buildspec and scripts, checked for their shape (they cannot run here: no AWS, no cluster, no
 * network): pinned tools with checksums, every download verified, no installer piped into a shell, nothing from a
 * moving branch or "latest", and the Falcon credential never echoed or passed on a command line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { EKS_INSTALLER_DIR } from '../../stacks/constructs/eks-installer-project';

const SECRET_VARIABLES = ['FALCON_CLIENT_ID', 'FALCON_CLIENT_SECRET'];
/** Sourced by the others, never run on their own. */
const LIBRARIES = ['common.sh', 'falcon-api.sh'];
const buildspecText = readFileSync(path.join(EKS_INSTALLER_DIR, 'buildspec.yml'), 'utf8');
const buildspec = parse(buildspecText) as {
  version: number;
  env: { shell: string; variables: Record<string, string>; 'secrets-manager'?: unknown };
  phases: Record<string, { commands: string[] }>;
};
const scriptsDir = path.join(EKS_INSTALLER_DIR, 'scripts');
const scripts = Object.fromEntries(
  readdirSync(scriptsDir).map((file) => [file, readFileSync(path.join(scriptsDir, file), 'utf8')]),
);
const everything = [buildspecText, ...Object.values(scripts)].join('\n');

/** Lines of a script, each with whether it is the body of a heredoc written to a file (`cat >file <<TAG`). */
function linesWithContext(text: string): { line: string; inFileHeredoc: boolean }[] {
  const result: { line: string; inFileHeredoc: boolean }[] = [];
  let terminator: string | undefined;
  let toFile = false;
  for (const line of text.split('\n')) {
    if (terminator) {
      if (line.trim() === terminator) terminator = undefined;
      else result.push({ line, inFileHeredoc: toFile });
      continue;
    }
    result.push({ line, inFileHeredoc: false });
    const opener = /<<-?'?(\w+)'?/.exec(line);
    if (opener) {
      terminator = opener[1];
      toFile = /cat\s+>\s*"?\$\{work\}\//.test(line);
    }
  }
  return result;
}

describe('EKS installer buildspec', () => {
  it('pins kubectl and Helm to exact versions with SHA-256 checksums', () => {
    const v = buildspec.env.variables;
    expect(v.KUBECTL_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(v.HELM_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(v.KUBECTL_SHA256).toMatch(/^[0-9a-f]{64}$/);
    expect(v.HELM_SHA256).toMatch(/^[0-9a-f]{64}$/);
    expect(buildspec.env.shell).toBe('bash');
  });

  it('verifies every download by checksum before use', () => {
    const common = scripts['common.sh'];
    expect(common).toMatch(/fetch_verified\(\) \{[\s\S]*sha256sum --check[\s\S]*\n\}/);
    const downloads = everything.split('\n').filter((l) => /\bcurl\b/.test(l) && /--output|-o\s/.test(l));
    // The only file download is inside fetch_verified; the other curl calls talk to the Falcon API.
    expect(downloads).toHaveLength(1);
    expect(scripts['install-tools.sh'].match(/fetch_verified /g)).toHaveLength(2);
    expect(scripts['install-falcon.sh']).toMatch(/fetch_verified \\\n\s+"https:\/\/github\.com\/CrowdStrike\/falcon-operator\/releases\/download\/v\$\{FALCON_OPERATOR_VERSION\}\/falcon-operator\.yaml" \\\n\s+"\$\{FALCON_OPERATOR_SHA256\}"/);
    expect(scripts['install-protection-agent.sh']).toContain('--version "${KPA_CHART_VERSION}"');
    expect(scripts['install-protection-agent.sh']).toMatch(/echo "\$\{KPA_CHART_SHA256\}  \$\{chart\}" \| sha256sum --check/);
  });

  it('pipes nothing into a shell and takes nothing from a moving branch or a "latest" link', () => {
    expect(everything).not.toMatch(/\|\s*(ba|z)?sh\b/);
    expect(everything).not.toMatch(/\blatest\b/i);
    expect(everything).not.toMatch(/\/(master|main)\//);
    expect(everything).not.toMatch(/get-helm|raw\.githubusercontent/);
    expect(everything).not.toMatch(/\beval\b/);
  });

  it('never echoes the Falcon credential, and never traces', () => {
    expect(everything).not.toMatch(/set -x|set -o xtrace|bash -x/);
    expect(scripts['common.sh']).toMatch(/^set \+x$/m);
    for (const [file, text] of Object.entries(scripts)) {
      if (!LIBRARIES.includes(file)) expect(text, file).toContain('source "$(dirname "$0")/common.sh"');
      for (const { line, inFileHeredoc } of linesWithContext(text)) {
        if (!SECRET_VARIABLES.some((name) => line.includes(name)) || inFileHeredoc) continue;
        const isCheck = /^\s*require /.test(line);
        const writesPrivateFile = /printf .*>\s*"\$\{work\}\//.test(line);
        expect(isCheck || writesPrivateFile, `${file}: ${line.trim()}`).toBe(true);
      }
    }
    // Files holding the credential are created under umask 077 and deleted right after use.
    expect(scripts['common.sh']).toMatch(/^umask 077$/m);
    expect(scripts['install-falcon.sh']).toContain('rm -f "${work}/client.env"');
    expect(scripts['install-protection-agent.sh']).toContain('rm -f "${work}/values.yaml"');
    expect(scripts['falcon-api.sh']).toContain('rm -f "${work}/client-id" "${work}/client-secret"');
  });

  it('declares no credential itself: the secret values come from the project\'s Secrets Manager variables', () => {
    expect(buildspec.env['secrets-manager']).toBeUndefined();
    for (const name of SECRET_VARIABLES) expect(Object.keys(buildspec.env.variables)).not.toContain(name);
  });

  it('grants access before installing and always revokes it after, running only scripts that exist', () => {
    expect(buildspec.version).toBe(0.2);
    const commands = Object.values(buildspec.phases).flatMap((p) => p.commands);
    for (const command of commands) {
      const script = /^bash scripts\/([\w-]+\.sh)$/.exec(command)?.[1];
      expect(script && scripts[script] && !LIBRARIES.includes(script), command).toBeTruthy();
    }
    expect(buildspec.phases.pre_build.commands).toEqual(['bash scripts/grant-access.sh']);
    expect(buildspec.phases.post_build.commands).toEqual(['bash scripts/revoke-access.sh']);
    // Fargate profiles first, in the build phase (a failure there still reaches post_build and the revoke).
    expect(buildspec.phases.build.commands).toEqual(['bash scripts/fargate-profiles.sh', 'bash scripts/install-falcon.sh']);
    expect(scripts['grant-access.sh']).not.toMatch(/update-cluster-config|publicAccessCidrs/);
  });
});
