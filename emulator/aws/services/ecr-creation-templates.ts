/**
 * ECR DescribeRepositoryCreationTemplates (API reference DescribeRepositoryCreationTemplates, RepositoryCreationTemplate):
 * the registry's templates, all of them or those whose `prefixes` are asked, `maxResults` 1–1000 ("If this parameter
 * is not used, then DescribeRepositoryCreationTemplatesRequest returns up to 100 results and a nextToken value"). A
 * template leaves with prefix, description, appliedFor and lifecyclePolicy; the rest of its settings (encryption,
 * tags, tag mutability, repository policy, role) is not modelled, and the fields are optional in the response.
 */
import type { EmuCreationTemplate } from '../account';
import { paginate, type OperationContext } from '../service';
import { checkRange, invalid } from './ecr-images';

export function describeRepositoryCreationTemplates(input: Record<string, unknown>, ctx: OperationContext): unknown {
  const { accountId, ecr } = ctx.account;
  checkRange('maxResults', input.maxResults, 1, 1000);
  if (input.prefixes !== undefined && !(Array.isArray(input.prefixes) && input.prefixes.every((prefix) => typeof prefix === 'string'))) {
    throw invalid("Value at 'prefixes' failed to satisfy constraint: Member must be a list of strings");
  }
  const asked = input.prefixes !== undefined ? new Set(input.prefixes as string[]) : undefined;
  const templates = (ecr.creationTemplates ?? []).filter((template) => !asked || asked.has(template.prefix));
  const { page, nextToken } = paginate(templates, input.nextToken as string | undefined, input.maxResults as number | undefined, ctx, 100);
  return { registryId: accountId, repositoryCreationTemplates: page.map(templateShape), ...(nextToken ? { nextToken } : {}) };
}

function templateShape(template: EmuCreationTemplate): Record<string, unknown> {
  return {
    prefix: template.prefix,
    appliedFor: [...template.appliedFor],
    ...(template.description !== undefined ? { description: template.description } : {}),
    ...(template.lifecyclePolicy !== undefined ? { lifecyclePolicy: template.lifecyclePolicy } : {}),
  };
}
