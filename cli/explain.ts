/** `explain <repository>@<digest|tag>`: why one image is kept or deleted, from the live account or a snapshot. */
import { decideLoaded, loadAccount, type AccountOptions } from './account-source';
import { renderExplanation } from './explain-text';
import { findImageIn, parseSelector } from './image-selector';
import { EXIT, type CliIo, type ExitCode } from './io';
import { viewOf } from './plan-view';

export async function explainCommand(target: string, options: AccountOptions, io: CliIo): Promise<ExitCode> {
  const selector = parseSelector(target);
  const loaded = await loadAccount(options, io);
  const image = findImageIn(loaded.collected.regions.map((region) => region.inventory), selector);
  const view = viewOf(await decideLoaded(loaded, 'plan'));
  const decision = view.plan.decisions.find((d) => d.region === image.region && d.repository === image.repository && d.image.digest === image.digest);
  const live = view.live.filter((entry) => entry.region === image.region && entry.repository === image.repository && entry.digest === image.digest);
  io.out(renderExplanation({ image, decision, live, now: view.plannedAt }));
  if (view.failedSources.length > 0) {
    io.err(`warning: the live set is incomplete (${view.failedSources.map((f) => f.message).join('; ')}): a reference from there would be missing above`);
  }
  return EXIT.ok;
}
