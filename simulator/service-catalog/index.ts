import { AwsJsonCodec } from '../protocols/aws-json';
import { InputReader } from '../transport/input';
import { SERVICE_CATALOG_PRINCIPAL } from './model';
import type { CallContext, Input, OperationHandler, SimulatedService } from '../transport/service';
import type { ScOperation } from './context';
import type { ProvisionedProduct } from './model';
import { portfolioOperations } from './portfolios';
import { productOperations } from './products';
import { provisionedQueryOperations } from './provisioned-queries';
import { provisioningOperations } from './provisioning';
import { seedPortfolio, type SeedPortfolioSpec, type SeededPortfolio } from './seed';
import { shareOperations } from './shares';
import type { FailNextProvision, FailNextShare, ScStore, ScTiming, StackEffect } from './store';

/** AWS Service Catalog (awsJson1_1, target AWS242ServiceCatalogService), state per account and Region. */
export class ServiceCatalogSimulator {
  constructor(private readonly store: ScStore) {}

  /** Virtual durations of share actions and provisioning records; change them freely in tests. */
  get timing(): ScTiming {
    return this.store.timing;
  }

  seedPortfolio(account: string, region: string, spec: SeedPortfolioSpec): SeededPortfolio {
    return seedPortfolio(this.store, account, region, spec);
  }

  /** The next ProvisionProduct or UpdateProvisionedProduct matching the filter ends FAILED with `message`. */
  failNextProvision(hook: FailNextProvision): void {
    this.store.failNextHooks.push(hook);
  }

  /** The next org-node share action (on the portfolio, if given) ends COMPLETED_WITH_ERRORS or ERROR. */
  failNextShare(hook: FailNextShare): void {
    this.store.failNextShareHooks.push(hook);
  }

  /**
   * Templates are not run, so nothing a stack would create exists. A test that needs a stack's side effect (the
   * launch-role product creating its role) registers it here; it runs when a record succeeds.
   */
  onStackSucceeded(effect: StackEffect): void {
    this.store.stackEffects.push(effect);
  }

  /**
   * AWS states no retention for records or for idempotency tokens. This drops every record of the account and Region
   * from ListRecordHistory while the tokens keep replaying them: the worst case for a caller that derives tokens from
   * the history.
   */
  forgetRecordHistory(account: string, region: string): void {
    const state = this.store.state(account, region);
    for (const id of state.records.keys()) state.forgottenRecords.add(id);
  }

  /** As `aws organizations register-delegated-administrator --service-principal servicecatalog.amazonaws.com`. */
  registerDelegatedAdmin(account: string): void {
    this.store.org.registerDelegatedAdministrator(account, SERVICE_CATALOG_PRINCIPAL);
  }

  setOrganizationsAccess(enabled: boolean): void {
    this.store.organizationsAccessEnabled = enabled;
  }

  /**
   * Inspection for assertions: the live provisioned products of an account/Region with what CloudFormation
   * holds (parameters included), settled to the current virtual time.
   */
  provisionedProducts(account: string, region: string): ReadonlyArray<Readonly<ProvisionedProduct>> {
    const state = this.store.state(account, region);
    this.store.settle(state);
    return [...state.provisioned.values()];
  }

  service(): SimulatedService {
    const all: Record<string, ScOperation> = {
      ...portfolioOperations,
      ...shareOperations,
      ...productOperations,
      ...provisioningOperations,
      ...provisionedQueryOperations,
    };
    const operations: Record<string, OperationHandler> = {};
    for (const [name, op] of Object.entries(all)) {
      operations[name] = (input: Input, call: CallContext) => {
        const state = this.store.state(call.caller.account, call.region);
        this.store.settle(state);
        return op(new InputReader(input, 'InvalidParametersException'), { ...call, store: this.store, state });
      };
    }
    return {
      signingName: 'servicecatalog',
      codec: new AwsJsonCodec('AWS242ServiceCatalogService'),
      errorCodes: { accessDenied: 'AccessDeniedException', throttling: 'ThrottlingException', unknownCaller: 'UnrecognizedClientException' },
      operations,
    };
  }
}
