import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';

type Item = Record<string, AttributeValue>;

export const STATE_TABLE = 'trailguard-test-state';

/**
 * An in-memory DynamoDB table behind aws-sdk-client-mock, doing what the table does for the calls trailguard makes:
 * Powertools' conditional PutItem (refused with ConditionalCheckFailedException and the old item while a live
 * record exists), its SET UpdateItem, GetItem and DeleteItem, and the failure count's `ADD … SET …` UpdateItem.
 * Any other expression fails the test, so a change in what is called is noticed.
 */
export const fakeStateTable = () => {
  const dynamodb = mockClient(DynamoDBClient);
  const items = new Map<string, Item>();
  const keyOf = (key: Item | undefined): string => {
    const id = key?.id?.S;
    if (id === undefined) throw new Error('state table key must be {id: S}');
    return id;
  };
  const number = (value: AttributeValue | undefined): number | undefined => (value?.N === undefined ? undefined : Number(value.N));

  dynamodb.on(PutItemCommand).callsFake((input: { TableName: string; Item: Item; ConditionExpression?: string; ExpressionAttributeValues?: Item }) => {
    expect(input.TableName).toBe(STATE_TABLE);
    const id = keyOf(input.Item);
    const existing = items.get(id);
    if (existing && input.ConditionExpression) {
      const now = number(input.ExpressionAttributeValues?.[':now'])!;
      const nowMs = number(input.ExpressionAttributeValues?.[':now_in_millis'])!;
      const expired = (number(existing.expiration) ?? 0) < now;
      const inProgressExpired =
        existing.status?.S === 'INPROGRESS' && existing.in_progress_expiration !== undefined && number(existing.in_progress_expiration)! < nowMs;
      if (!expired && !inProgressExpired) {
        throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, Item: existing });
      }
    }
    items.set(id, { ...input.Item });
    return {};
  });
  dynamodb.on(GetItemCommand).callsFake((input: { Key: Item }) => {
    const item = items.get(keyOf(input.Key));
    return item ? { Item: item } : {};
  });
  dynamodb.on(DeleteItemCommand).callsFake((input: { Key: Item }) => {
    items.delete(keyOf(input.Key));
    return {};
  });
  dynamodb.on(UpdateItemCommand).callsFake(
    (input: { TableName: string; Key: Item; UpdateExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Item }) => {
      expect(input.TableName).toBe(STATE_TABLE);
      const id = keyOf(input.Key);
      const item: Item = { ...(items.get(id) ?? input.Key) };
      const name = (placeholder: string) => input.ExpressionAttributeNames[placeholder] ?? placeholder;
      const value = (placeholder: string) => input.ExpressionAttributeValues[placeholder]!;
      const clauses = input.UpdateExpression.match(/^(?:ADD (#\w+) (:\w+) )?SET (.+)$/);
      if (!clauses) throw new Error(`fake state table: unexpected UpdateExpression ${input.UpdateExpression}`);
      const [, addName, addValue, sets] = clauses;
      const updated: Item = {};
      if (addName && addValue) {
        const total = (number(item[name(addName)]) ?? 0) + number(value(addValue))!;
        item[name(addName)] = { N: String(total) };
        updated[name(addName)] = item[name(addName)]!;
      }
      for (const assignment of sets!.split(',')) {
        const [left, right] = assignment.split('=').map((part) => part.trim()) as [string, string];
        item[name(left)] = value(right);
        updated[name(left)] = value(right);
      }
      items.set(id, item);
      return { Attributes: updated };
    },
  );
  return { dynamodb, items };
};
