/**
 * The live-set export as JSON (README "Export format"): the schema every import is checked against, and from which
 * the published JSON Schema is generated (`npm run schema`), so that other tools can write exports this one reads.
 * Objects are not strict: a later minor addition by another writer is ignored, not refused; `version` is what says
 * whether a reader understands a document.
 */
import { z } from 'zod';
import { EXPORT_FORMAT, EXPORT_VERSION } from '../core/exchange';

export const referenceSourceSchema = z.enum(['ecs', 'eks', 'lambda', 'batch', 'kubernetes']);

export const exportedReferenceSchema = z.object({
  source: referenceSourceSchema.describe('What found it: ecs, eks, lambda, batch, or kubernetes (a cluster outside AWS).'),
  location: z.string().min(1).describe('Where it is used, readable by a person: "ecs cluster/prod service/web".'),
  image: z.string().min(1).describe('The reference as written: <registry>/<repository>[:tag][@sha256:…], or a bare digest.'),
  digest: z.string().regex(/^sha256:[0-9a-fA-F]{64}$/).optional().describe('The digest the platform resolved, when it gives one.'),
  region: z.string().optional().describe('The region of the workload.'),
});

export const liveSetExportSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION).describe('The schema version; a reader refuses a version it does not know.'),
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/).describe('The export id: the account id, or <account id>-<name>. The object key is live/<id>.json.'),
  accountId: z.string().regex(/^\d{12}$/).optional(),
  regions: z.array(z.string()).describe('The regions whose workloads were read.'),
  clusters: z.array(z.string()).optional().describe('The kubeconfig contexts read, for clusters outside AWS.'),
  collectedAt: z.iso.datetime({ offset: true }).describe('When the references were collected (ISO 8601).'),
  complete: z.boolean().describe('False when a source or a region could not be read: the export blocks the registries that expect it.'),
  problems: z.array(z.string()).describe('What could not be read, when incomplete.'),
  references: z.array(exportedReferenceSchema),
});
