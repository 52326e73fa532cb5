/** STS (Query protocol): the caller's identity, from which the pipeline learns its account. */
import type { ServiceDefinition } from '../service';

export const sts: ServiceDefinition = {
  signingName: 'sts',
  protocol: 'query',
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  operations: {
    GetCallerIdentity: (_input, { account }) => ({
      Arn: account.callerArn,
      UserId: 'AROAEMULATOR:cleaner',
      Account: account.accountId,
    }),
  },
};
