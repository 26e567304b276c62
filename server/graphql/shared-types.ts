import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ simpleResolvers: true, description: 'How many rows a list query would return without paging.' })
export class ListMetadata {
  @Field(() => Int)
  count!: number;
}

@ObjectType({ simpleResolvers: true })
export class BulkResult {
  @Field(() => [ID])
  ids!: string[];
}
