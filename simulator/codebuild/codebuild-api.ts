import { AwsApiError } from '../core/errors';
import type { VirtualClock } from '../core/clock';
import { AwsJsonCodec } from '../protocols/aws-json';
import { InputReader } from '../transport/input';
import type { CallContext, Input, OperationHandler, SimulatedService } from '../transport/service';

export interface RecordedBuild {
  id: string;
  arn: string;
  buildNumber: number;
  projectName: string;
  account: string;
  region: string;
  startedAt: number;
  finishesAt: number;
  outcome: 'SUCCEEDED' | 'FAILED';
  environmentVariables: Array<{ name: string; value: string; type: string }>;
}

/** AWS CodeBuild (awsJson1_1): projects created by tests, StartBuild records builds that finish over virtual time. */
export class CodeBuildSimulator {
  /** Virtual duration of a build. */
  buildDurationMs = 5 * 60_000;
  private readonly projects = new Map<string, { name: string; arn: string; builds: number }>();
  private readonly builds = new Map<string, RecordedBuild>();
  private readonly failNext = new Set<string>();

  constructor(
    private readonly partition: string,
    private readonly clock: VirtualClock,
  ) {}

  createProject(account: string, region: string, name: string): void {
    this.projects.set(`${account}|${region}|${name}`, { name, arn: `arn:${this.partition}:codebuild:${region}:${account}:project/${name}`, builds: 0 });
  }

  /** The next build of this project ends FAILED. */
  failNextBuild(account: string, region: string, projectName: string): void {
    this.failNext.add(`${account}|${region}|${projectName}`);
  }

  /** Every build started, for assertions (e.g. which cluster each build targeted). */
  recordedBuilds(): RecordedBuild[] {
    return [...this.builds.values()];
  }

  service(): SimulatedService {
    const ops: Record<string, (r: InputReader, ctx: CallContext) => unknown> = {
      StartBuild: (r, ctx) => {
        const name = r.string('projectName');
        const key = `${ctx.caller.account}|${ctx.region}|${name}`;
        const project = this.projects.get(key);
        if (!project) throw new AwsApiError('ResourceNotFoundException', `Project cannot be found: arn:${ctx.partition}:codebuild:${ctx.region}:${ctx.caller.account}:project/${name}`);
        project.builds += 1;
        const uuid = `${project.builds.toString(16).padStart(8, '0')}-0000-4000-8000-${this.builds.size.toString(16).padStart(12, '0')}`;
        const now = this.clock.now();
        const build: RecordedBuild = {
          id: `${name}:${uuid}`,
          arn: `arn:${ctx.partition}:codebuild:${ctx.region}:${ctx.caller.account}:build/${name}:${uuid}`,
          buildNumber: project.builds,
          projectName: name,
          account: ctx.caller.account,
          region: ctx.region,
          startedAt: now,
          finishesAt: now + this.buildDurationMs,
          outcome: this.failNext.delete(key) ? 'FAILED' : 'SUCCEEDED',
          environmentVariables: r.list<{ name: string; value: string; type?: string }>('environmentVariablesOverride').map((v) => ({ name: v.name, value: v.value, type: v.type ?? 'PLAINTEXT' })),
        };
        this.builds.set(build.id, build);
        return { build: this.shape(build) };
      },
      BatchGetBuilds: (r, ctx) => {
        const ids = r.list<string>('ids');
        if (ids.length === 0 || ids.length > 100) throw r.invalid('ids must hold between 1 and 100 build ids.');
        const found = ids.map((id) => this.builds.get(id)).filter((b): b is RecordedBuild => b !== undefined && b.account === ctx.caller.account && b.region === ctx.region);
        return { builds: found.map((b) => this.shape(b)), buildsNotFound: ids.filter((id) => !found.some((b) => b.id === id)) };
      },
    };
    const operations: Record<string, OperationHandler> = {};
    for (const [name, op] of Object.entries(ops)) operations[name] = (input: Input, ctx: CallContext) => op(new InputReader(input, 'InvalidInputException'), ctx);
    return {
      signingName: 'codebuild',
      codec: new AwsJsonCodec('CodeBuild_20161006'),
      errorCodes: { accessDenied: 'AccessDeniedException', throttling: 'ThrottlingException', unknownCaller: 'UnrecognizedClientException' },
      operations,
    };
  }

  private shape(b: RecordedBuild) {
    const done = this.clock.now() >= b.finishesAt;
    return {
      id: b.id,
      arn: b.arn,
      buildNumber: b.buildNumber,
      startTime: new Date(b.startedAt),
      endTime: done ? new Date(b.finishesAt) : undefined,
      currentPhase: done ? 'COMPLETED' : 'BUILD',
      buildStatus: done ? b.outcome : 'IN_PROGRESS',
      projectName: b.projectName,
      buildComplete: done,
      environment: { type: 'LINUX_CONTAINER', image: 'aws/codebuild/standard:7.0', computeType: 'BUILD_GENERAL1_SMALL', environmentVariables: b.environmentVariables },
    };
  }
}
