import { AwsApiError } from '../core/errors';
import { paginate } from '../core/pagination';
import type { OrganizationState } from '../organizations/organization-state';
import { RestJsonCodec } from '../protocols/rest-json';
import { InputReader } from '../transport/input';
import type { CallContext, Input, OperationHandler, SimulatedService } from '../transport/service';

const VALIDATION = 'ValidationException';
const PAGE = { defaultSize: 100, maxSize: 200, errorCode: VALIDATION };

interface EnabledControl {
  readonly controlIdentifier: string;
  /** The enabled-control resource's ID (its ARN adds the Region the API was called in). */
  readonly id: string;
}

/**
 * AWS Control Tower (restJson1), the one read the package makes: `ListEnabledControls` on an OU. Controls are
 * enabled with `enableControl` (what the console or `EnableControl` would leave behind); only the management
 * account may call the API, and the target must be an OU ARN of this organisation.
 */
export class ControlTowerSimulator {
  /** OU id → enabled controls, in the order they were enabled. */
  private readonly enabled = new Map<string, EnabledControl[]>();
  private counter = 0;

  constructor(private readonly org: OrganizationState) {}

  /** Test helper: the control (its Control Catalog or Control Tower ARN) is enabled on the OU. Idempotent. */
  enableControl(ouId: string, controlIdentifier: string): void {
    if (!this.org.getOu(ouId)) throw new Error(`controltower.enableControl: OU ${ouId} does not exist`);
    const list = this.enabled.get(ouId) ?? [];
    if (list.some((c) => c.controlIdentifier === controlIdentifier)) return;
    this.counter += 1;
    list.push({ controlIdentifier, id: this.counter.toString(36).toUpperCase().padStart(16, '0') });
    this.enabled.set(ouId, list);
  }

  enabledControls(ouId: string): readonly string[] {
    return (this.enabled.get(ouId) ?? []).map((c) => c.controlIdentifier);
  }

  service(): SimulatedService {
    return {
      signingName: 'controltower',
      codec: new RestJsonCodec([{ method: 'POST', path: '/list-enabled-controls', operation: 'ListEnabledControls' }]),
      errorCodes: { accessDenied: 'AccessDeniedException', throttling: 'ThrottlingException', unknownCaller: 'UnrecognizedClientException' },
      operations: { ListEnabledControls: (input, ctx) => this.listEnabledControls(input, ctx) } satisfies Record<string, OperationHandler>,
    };
  }

  private listEnabledControls(input: Input, ctx: CallContext) {
    if (ctx.caller.account !== this.org.managementAccountId) {
      throw new AwsApiError(
        'AccessDeniedException',
        `User: ${ctx.caller.arn} is not authorized to perform: controltower:ListEnabledControls (only the management account ${this.org.managementAccountId} in this simulator)`,
      );
    }
    const r = new InputReader(input, VALIDATION);
    const target = r.string('targetIdentifier');
    const prefix = `arn:${this.org.partition}:organizations::${this.org.managementAccountId}:ou/${this.org.id}/`;
    const ouId = target.startsWith(prefix) ? target.slice(prefix.length) : undefined;
    if (!ouId || !this.org.getOu(ouId)) {
      throw new AwsApiError('ResourceNotFoundException', `The target ${target} is not an OU of organization ${this.org.id}.`, 404);
    }
    const controls = this.enabled.get(ouId) ?? [];
    const page = paginate(controls, r.raw('nextToken'), r.raw('maxResults'), { ...PAGE, scope: `ListEnabledControls:${ouId}` });
    return {
      enabledControls: page.items.map((c) => ({
        arn: `arn:${this.org.partition}:controltower:${ctx.region}:${this.org.managementAccountId}:enabledcontrol/${c.id}`,
        controlIdentifier: c.controlIdentifier,
        targetIdentifier: target,
        statusSummary: { status: 'SUCCEEDED' },
        driftStatusSummary: { driftStatus: 'NOT_CHECKING' },
      })),
      nextToken: page.nextToken,
    };
  }
}
