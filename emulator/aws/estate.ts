/**
 * The emulated estate: accounts, each with one model per Region it uses. A request's access key selects the account
 * and its SigV4 credential scope the Region, as AWS's own front ends do (an access key belongs to one account:
 * IAM User Guide, "Manage access keys for IAM users"; the scope names the Region the request is for: SigV4,
 * "Elements of an AWS API request signature"). S3 is one namespace: every model shares one bucket store.
 */
import { type AccountModel, emptyAccount, type EmuS3Store } from './account';
import type { EstateView } from './service';

export interface EstateOptions {
  /** An estate of one (the first model when `accounts` is given too). */
  readonly account?: AccountModel;
  /** One model per (accountId, Region); several may share an account. */
  readonly accounts?: readonly AccountModel[];
  /**
   * The Regions each account may use; a call signed for another answers as a disabled opt-in Region does. An account
   * absent here may use every Region (a Region it has no model for starts empty).
   */
  readonly enabledRegions?: Readonly<Record<string, readonly string[]>>;
}

export interface EmulatorCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/**
 * The access key the emulator registers for an account: `AKIA` + the account id + `EMUL` (20 characters, the length of
 * a real key id). Deterministic, so a test can build credentials before the emulator starts. The emulator does not
 * verify signatures, so the secret is only there for signers (and the Kubernetes emulator, which does verify).
 */
export function emulatorCredentials(accountId: string): EmulatorCredentials {
  return { accessKeyId: `AKIA${accountId}EMUL`, secretAccessKey: `emulator-secret-${accountId}` };
}

const EMULATOR_KEY = /^AKIA(\d{12})EMUL$/;

export class Estate implements EstateView {
  readonly models: AccountModel[] = [];
  readonly primaryAccountId: string;
  private readonly byPlace = new Map<string, AccountModel>();
  private readonly declared = new Map<string, string[]>();
  private readonly s3: { store: EmuS3Store | undefined };

  constructor(private readonly options: EstateOptions) {
    const given = [...(options.account ? [options.account] : []), ...(options.accounts ?? []).filter((m) => m !== options.account)];
    const first = given[0];
    if (!first) throw new Error('the AWS emulator needs `account` or `accounts`');
    this.primaryAccountId = first.accountId;
    this.s3 = { store: mergedS3(given, first.accountId) };
    for (const model of given) {
      if (!this.isEnabled(model.accountId, model.region)) throw new Error(`${model.accountId} has a model in ${model.region}, which enabledRegions leaves disabled`);
      this.declared.set(model.accountId, [...(this.declared.get(model.accountId) ?? []), model.region]);
      this.add(model);
    }
  }

  /**
   * The account an access key belongs to: an emulator key names its own. Any other key is the first account's, the
   * emulator's choice, so that single-account tests keep their arbitrary credentials (AWS would refuse an unknown key
   * with InvalidClientTokenId or UnrecognizedClientException).
   */
  accountOfKey(accessKeyId: string): string | undefined {
    const named = EMULATOR_KEY.exec(accessKeyId)?.[1];
    if (named === undefined) return this.primaryAccountId;
    // A key minted for an account the estate lacks is unknown to AWS, not someone else's.
    return this.declared.has(named) ? named : undefined;
  }

  credentialsFor(accountId: string): EmulatorCredentials {
    if (!this.declared.has(accountId)) throw this.unknown(accountId);
    return emulatorCredentials(accountId);
  }

  isEnabled(accountId: string, region: string): boolean {
    const enabled = this.options.enabledRegions?.[accountId];
    return enabled === undefined || enabled.includes(region);
  }

  /** The Regions ListRegions reports enabled: `enabledRegions`, else the Regions of the account's models as given. */
  enabledRegionsOf(accountId: string): readonly string[] {
    return this.options.enabledRegions?.[accountId] ?? this.declared.get(accountId) ?? [];
  }

  /** The account's first model: what a global endpoint (the Account API) works on. */
  homeOf(accountId: string): AccountModel {
    const home = this.models.find((model) => model.accountId === accountId);
    if (!home) throw this.unknown(accountId);
    return home;
  }

  /** The model of (account, Region), created empty on first use: an enabled Region the account never used is empty. */
  modelFor(accountId: string, region: string): AccountModel {
    const existing = this.byPlace.get(`${accountId}/${region}`);
    if (existing) return existing;
    const home = this.homeOf(accountId);
    if (!this.isEnabled(accountId, region)) throw new Error(`${region} is not enabled for ${accountId}`);
    const model = emptyAccount(accountId, region);
    model.callerArn = home.callerArn;
    this.add(model);
    return model;
  }

  private add(model: AccountModel): void {
    const place = `${model.accountId}/${model.region}`;
    if (this.byPlace.has(place)) throw new Error(`two models for ${place}`);
    this.byPlace.set(place, model);
    this.models.push(model);
    // An accessor, so that `model.s3 = { … }` (what tests do between cases) replaces the store for every model.
    Object.defineProperty(model, 's3', {
      enumerable: true,
      configurable: true,
      get: () => this.s3.store,
      set: (store: EmuS3Store | undefined) => void (this.s3.store = store),
    });
  }

  private unknown(accountId: string): Error {
    return new Error(`account ${accountId} is not in the estate (${[...this.declared.keys()].join(', ')})`);
  }
}

/**
 * One store from every model's own `s3`: the first store found, with the others' buckets merged in. A bucket declared
 * by a model of another account than the first is owned by that account; a name declared twice is refused, as
 * CreateBucket answers BucketAlreadyExists for a name taken anywhere.
 */
function mergedS3(models: readonly AccountModel[], primaryAccountId: string): EmuS3Store | undefined {
  let store: EmuS3Store | undefined;
  for (const model of models) {
    const own = model.s3;
    if (!own || own === store) continue;
    if (!store) store = own;
    else {
      for (const [name, objects] of Object.entries(own.buckets)) {
        if (Object.hasOwn(store.buckets, name)) throw new Error(`bucket ${name} is declared twice: S3 bucket names are global`);
        store.buckets[name] = objects;
      }
      if (own.exchangeBuckets) store.exchangeBuckets = { ...store.exchangeBuckets, ...own.exchangeBuckets };
    }
    if (own.owners) store.owners = { ...store.owners, ...own.owners };
    if (model.accountId === primaryAccountId) continue;
    const owners = (store.owners ??= {});
    for (const name of Object.keys(own.buckets)) owners[name] ??= model.accountId;
  }
  return store;
}
