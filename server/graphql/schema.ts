import 'reflect-metadata';
import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { AuthResolver, requireLoginOnRootFields } from './auth';
import { guardRootArguments } from './input-guard';
import { LeniencyResolver, OffenceSearchResolver, resolveDecisionsDirectly } from './leniency';
import { EnterpriseFollowUpResolver, FindingResolver, ReportResolver } from './reports';
import { StatsResolver } from './stats';
import { CaseReviewResolver } from './case-review';
import { BaselineCheckResolver } from './baseline-check';
import { buildCrudResolver } from './crud';
import { resource, resources } from './resources';
import './enums';

let cached: Promise<GraphQLSchema> | undefined;

/** The whole API, built once per process from the resource descriptions and the domain resolvers. */
export function lawcheckSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers: [
      AuthResolver,
      LeniencyResolver,
      OffenceSearchResolver,
      ReportResolver,
      FindingResolver,
      EnterpriseFollowUpResolver,
      StatsResolver,
      CaseReviewResolver,
      BaselineCheckResolver,
      ...resources.map((r) => buildCrudResolver(r, { registry: resource })),
    ] as never,
    validate: false,
    emitSchemaFile: false,
  })
    .then(resolveDecisionsDirectly)
    // The login check wraps the argument check: an anonymous caller learns only to log in.
    .then(guardRootArguments)
    .then(requireLoginOnRootFields);
  return cached;
}
