/**
 * The newest N ACTIVE revisions of every task definition family: what a deploy, a RunTask or a rollback by hand is
 * most likely to launch next. ListTaskDefinitions' `familyPrefix` is a prefix (`web` also lists `web-api`), so
 * entries of other families are skipped; `sort: DESC` puts the newest first, so listing stops once N are found.
 * Pages are asked at their largest (100, not N): a look-alike family listed first then costs one call, not N-sized
 * pages of it, and a family without look-alikes still takes a single page whenever N ≤ 100.
 * The newest entry is also the latest ACTIVE revision, which is what a revision-less scheduled target launches.
 */
import { type ECSClient, ListTaskDefinitionsCommand, paginateListTaskDefinitionFamilies } from '@aws-sdk/client-ecs';
import { parseTaskDefinition, read } from './common';
import type { Gate } from './task-definitions';

/** Family ⇒ ARNs of its newest ACTIVE revisions, newest first. */
export type NewestRevisions = ReadonlyMap<string, readonly string[]>;

export async function newestActiveRevisions(ecs: ECSClient, keep: number, gate: Gate): Promise<NewestRevisions> {
  if (keep < 1) return new Map();
  const families = await read('ListTaskDefinitionFamilies', async () => {
    const names: string[] = [];
    // Each page goes through the gate: the listing shares the task-definition-read bucket with the describes.
    const pages = paginateListTaskDefinitionFamilies({ client: ecs, pageSize: 100 }, { status: 'ACTIVE' });
    const iterator = pages[Symbol.asyncIterator]();
    for (;;) {
      const next = await gate(() => iterator.next());
      if (next.done) break;
      names.push(...(next.value.families ?? []));
    }
    return names;
  });
  const newest = await Promise.all(families.map((family) => gate(() => newestOfFamily(ecs, family, keep))));
  return new Map(families.map((family, index) => [family, newest[index] ?? []]));
}

function newestOfFamily(ecs: ECSClient, family: string, keep: number): Promise<string[]> {
  return read(`ListTaskDefinitions of family ${family}`, async () => {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ecs.send(new ListTaskDefinitionsCommand({
        familyPrefix: family, status: 'ACTIVE', sort: 'DESC', maxResults: 100, nextToken,
      }));
      for (const arn of page.taskDefinitionArns ?? []) {
        if (parseTaskDefinition(arn).family === family && arns.length < keep) arns.push(arn);
      }
      nextToken = arns.length < keep ? page.nextToken : undefined;
    } while (nextToken);
    return arns;
  });
}
