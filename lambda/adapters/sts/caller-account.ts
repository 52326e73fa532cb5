/**
 * This account's id, from STS GetCallerIdentity ("No permissions are required to perform this operation"), asked
 * once per run and shared: by every region's inventory, and by the exchange read, which skips this account's own
 * export (it wrote it; reading it back would cost a GET and a parse of up to 64 MiB every run).
 */
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';

export class CallerAccount {
  private asked: Promise<string> | undefined;

  constructor(private readonly sts: STSClient) {}

  /** Rejects when STS cannot answer, or answers without an account. */
  id(): Promise<string> {
    this.asked ??= this.sts.send(new GetCallerIdentityCommand({})).then((identity) => {
      if (!identity.Account) throw new Error('STS GetCallerIdentity returned no account');
      return identity.Account;
    });
    return this.asked;
  }
}
