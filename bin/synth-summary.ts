/** The few lines `npm run synth` prints: what was built, for which Regions, shared with whom. */
import type { Manifest } from '../manifest/schema';
import type { FalconApp } from '../stacks/build-app';

export function describeSynthesis(
  falconApp: FalconApp,
  manifest: Manifest,
  run: { manifestFile: string; outdir: string; seconds: number; guard: { templates: number; waived: number } },
): string {
  const stacks = falconApp.app.node.children.filter((c) => 'templateFile' in c) as unknown as {
    stackName: string;
    region: string;
    account: string;
  }[];
  const home = falconApp.portfolioStacks[0];
  const share = manifest.portfolio.shareWith;
  const shareTargets = [
    share.organization ? `organisation ${manifest.organization.organizationId}` : undefined,
    ...share.organizationalUnits.map((ou) => `OU ${ou}`),
    ...share.accounts.map((a) => `account ${a}`),
  ].filter(Boolean);
  const lines = [
    `Synthesized ${stacks.length} stacks from ${run.manifestFile} into ${run.outdir}/ in ${run.seconds.toFixed(1)} s`,
    `  partition ${manifest.organization.partition}, Falcon cloud ${manifest.falcon.cloud}, ` +
      `home Region ${manifest.organization.homeRegion}`,
    `  stacks:`,
    ...stacks.map((s) => `    ${s.stackName}  (account ${s.account}, ${s.region})`),
    `  products (in every portfolio stack):`,
    ...home.products.map((p) => {
      const current =
        manifest.products[p.definition.id as keyof Manifest['products']]?.version ?? p.versions[p.versions.length - 1];
      const internal: Record<string, string> = {
        'launch-role': 'internal, provisioned first',
        directory: 'internal, first in each Region: the Falcon directory',
      };
      const note = p.definition.assignable ? `current ${current}` : (internal[p.definition.id] ?? 'Account Factory blueprint');
      return `    ${p.definition.id.padEnd(20)} versions ${p.versions.join(', ')}  (${note})`;
    }),
    `  Regions: ${falconApp.portfolioStacks.map((s) => s.region).join(', ')}`,
    `  shared with: ${shareTargets.length > 0 ? shareTargets.join(', ') : 'nobody (no share targets)'}`,
    `  assignments: ${manifest.assignments.map((a) => `${a.name} (${a.product})`).join(', ') || 'none'}`,
    `  gates: cdk-nag AwsSolutions clean; CloudFormation validation clean; Control Tower proactive controls clean ` +
      `over ${run.guard.templates} product templates (${run.guard.waived} waived finding(s), gates/guard-waivers.ts)`,
  ];
  return `${lines.join('\n')}\n`;
}
