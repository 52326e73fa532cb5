/** Live sources and collect dependencies for tests that need no emulator: each source answers what it is given. */
import type { Inventory, LiveReference, LiveSourceName } from '../../lambda/core/model';
import type { CollectSources } from '../../lambda/collect';
import type { LiveSource, LiveSources, NoteSink, SourceSettings, Telemetry } from '../../lambda/ports';

export const QUIET: Telemetry = { info: () => undefined, warn: () => undefined, error: () => undefined, metric: () => undefined };

type Answer<N extends LiveSourceName> = (settings: SourceSettings[N], note?: NoteSink) => Promise<readonly LiveReference[]>;
type Answers = { readonly [N in LiveSourceName]?: Answer<N> };

/** Each source records the settings it was called with; one without an answer fails the test if called. */
export function fakeSources(answers: Answers, calls: { name: LiveSourceName; settings: unknown }[] = []): LiveSources {
  const source = <N extends LiveSourceName>(name: N): LiveSource<N> => ({
    name,
    collect: async (settings, note) => {
      calls.push({ name, settings });
      const answer = answers[name] as Answer<N> | undefined;
      if (!answer) throw new Error(`${name} was read, but the test did not expect it to be`);
      return answer(settings, note);
    },
  });
  return { ecs: source('ecs'), eks: source('eks'), lambda: source('lambda'), batch: source('batch') };
}

export function collectSources(inventory: Inventory, liveSources: LiveSources, telemetry: Telemetry = QUIET): CollectSources {
  return { inventory: { collect: async () => inventory }, liveSources, state: { read: async () => new Map() }, telemetry };
}
