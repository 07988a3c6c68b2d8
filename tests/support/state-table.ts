import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type AttributeValue,
  type GetItemCommandInput,
  type PutItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';

/*
 * The state table as DynamoDB answers the two item calls the alert dedup makes, behind aws-sdk-client-mock:
 * GetItem by id, and PutItem with the two conditions it uses (`attribute_not_exists(id)`, `version = :version`),
 * refusing a write whose condition does not hold with DynamoDB's ConditionalCheckFailedException. Any other
 * condition is refused loudly, so a change to the store's writes cannot pass against a fake that ignores it.
 */

type Item = Record<string, AttributeValue>;

export interface FakeStateTable {
  readonly stub: AwsStub<any, any, any>;
  readonly items: Map<string, Item>;
  /** Runs before each call; throw from it to make the call fail (throttling, access denied, network). */
  before?: (command: 'GetItem' | 'PutItem', input: GetItemCommandInput | PutItemCommandInput) => void | Promise<void>;
}

const conditionHolds = (input: PutItemCommandInput, current: Item | undefined): boolean => {
  const condition = input.ConditionExpression;
  if (condition === 'attribute_not_exists(id)') return current === undefined;
  if (condition === 'version = :version') {
    const expected = input.ExpressionAttributeValues?.[':version']?.N;
    return current?.version?.N !== undefined && current.version.N === expected;
  }
  throw new Error(`fake state table: unsupported ConditionExpression ${JSON.stringify(condition)}`);
};

/** Mocks DynamoDBClient (every instance) with one in-memory table; reset with `stub.reset()` or `stub.restore()`. */
export const fakeStateTable = (tableName: string): FakeStateTable => {
  const stub = mockClient(DynamoDBClient);
  const fake: FakeStateTable = { stub, items: new Map() };
  const checkTable = (name: string | undefined): void => {
    if (name !== tableName) throw new Error(`fake state table: call to table ${name}, expected ${tableName}`);
  };
  stub.on(GetItemCommand).callsFake(async (input: GetItemCommandInput) => {
    await fake.before?.('GetItem', input);
    checkTable(input.TableName);
    const item = fake.items.get(input.Key!.id!.S!);
    return { Item: item ? structuredClone(item) : undefined };
  });
  stub.on(PutItemCommand).callsFake(async (input: PutItemCommandInput) => {
    await fake.before?.('PutItem', input);
    checkTable(input.TableName);
    const id = input.Item!.id!.S!;
    if (!conditionHolds(input, fake.items.get(id))) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 } });
    }
    fake.items.set(id, structuredClone(input.Item!));
    return {};
  });
  return fake;
};

/** An SDK service error as the SDK builds it from an HTTP error response. */
export const serviceError = (name: string, httpStatusCode: number, message = name): Error =>
  Object.assign(new Error(message), { name, $fault: httpStatusCode >= 500 ? 'server' : 'client', $metadata: { httpStatusCode } });
