/** `explain <repository>@<digest|tag>`: why one image is kept or deleted, from the live account or a snapshot. */
import { planAccount } from '../lambda/run';
import { loadAccount, type AccountOptions } from './account-source';
import { renderExplanation } from './explain-text';
import { findImage, parseSelector } from './image-selector';
import { EXIT, type CliIo, type ExitCode } from './io';

export async function explainCommand(target: string, options: AccountOptions, io: CliIo): Promise<ExitCode> {
  const selector = parseSelector(target);
  const { account, config, collectedAt } = await loadAccount(options, io);
  const image = findImage(account.inventory, selector);
  const { resolved, plan: planned } = planAccount(account, config, collectedAt);
  const decision = planned.decisions.find((d) => d.repository === image.repository && d.image.digest === image.digest);
  const live = resolved.live.filter((entry) => entry.repository === image.repository && entry.digest === image.digest);
  io.out(renderExplanation({ image, decision, live, now: collectedAt }));
  if (account.failedSources.length > 0) {
    io.err(`warning: the live set is incomplete (${account.failedSources.map((f) => f.message).join('; ')}): a reference from there would be missing above`);
  }
  return EXIT.ok;
}
