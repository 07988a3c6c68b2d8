import type { Template } from './packaged';

/*
 * Just enough of CloudFormation's intrinsic functions to read the packaged template the way CloudFormation will:
 * pseudo parameters get example values, resources become readable tokens (`<Ref:AlertTopic>`,
 * `<GetAtt:DeadLetterQueue.Arn>`), and conditions are evaluated.
 */

export interface Pseudo {
  readonly region: string;
  readonly account: string;
  readonly partition: string;
  readonly urlSuffix: string;
}

export const EXAMPLE: Pseudo = { region: 'us-east-1', account: '123456789012', partition: 'aws', urlSuffix: 'amazonaws.com' };

const PSEUDO: Record<string, keyof Pseudo> = {
  'AWS::Region': 'region',
  'AWS::AccountId': 'account',
  'AWS::Partition': 'partition',
  'AWS::URLSuffix': 'urlSuffix',
};

export const refToken = (logicalId: string): string => `<Ref:${logicalId}>`;
export const getAttToken = (logicalId: string, attribute: string): string => `<GetAtt:${logicalId}.${attribute}>`;

/**
 * Resolves Ref, Fn::GetAtt and Fn::Join (recursively) to a plain value; Fn::Sub (its one-string form) only with
 * `sub`, for the organization member template, which is written as JSON: in the stack's own template a Fn::Sub would
 * collide with serverless ${} variables, so meeting one there is an error.
 */
export const resolve = (value: unknown, pseudo: Pseudo = EXAMPLE, sub = false): any => {
  if (Array.isArray(value)) return value.map((item) => resolve(item, pseudo, sub));
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 1) {
    const [key] = keys as [string];
    const argument = object[key];
    if (key === 'Ref') {
      const name = argument as string;
      return PSEUDO[name] ? pseudo[PSEUDO[name]] : refToken(name);
    }
    if (key === 'Fn::GetAtt') {
      const [logicalId, attribute] = (typeof argument === 'string' ? argument.split('.') : argument) as [string, string];
      return getAttToken(logicalId, attribute);
    }
    if (key === 'Fn::Join') {
      const [separator, parts] = argument as [string, unknown[]];
      return resolve(parts, pseudo, sub).map(String).join(separator);
    }
    if (key === 'Fn::Sub') {
      if (!sub || typeof argument !== 'string') throw new Error('Fn::Sub is not expected in this template (it collides with serverless ${} variables)');
      return argument.replace(/\$\{([\w:]+)\}/g, (_match, name: string) => String(resolve({ Ref: name }, pseudo)));
    }
  }
  return Object.fromEntries(keys.map((key) => [key, resolve(object[key], pseudo, sub)]));
};

/** Evaluates a template condition (Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition) over literal values. */
export const condition = (template: Template, name: string, pseudo: Pseudo = EXAMPLE): boolean => {
  const evaluate = (expression: unknown): boolean => {
    const [key, argument] = Object.entries(expression as Record<string, unknown>)[0]!;
    switch (key) {
      case 'Fn::Equals': {
        const [left, right] = resolve(argument, pseudo) as [unknown, unknown];
        return JSON.stringify(left) === JSON.stringify(right);
      }
      case 'Fn::Not':
        return !evaluate((argument as unknown[])[0]);
      case 'Fn::And':
        return (argument as unknown[]).every(evaluate);
      case 'Fn::Or':
        return (argument as unknown[]).some(evaluate);
      case 'Condition':
        return condition(template, argument as string, pseudo);
      default:
        throw new Error(`unsupported condition function ${key}`);
    }
  };
  const expression = template.Conditions?.[name];
  if (expression === undefined) throw new Error(`template has no condition ${name}`);
  return evaluate(expression);
};

/** Resources CloudFormation will create: those without a condition or whose condition holds. */
export const created = (template: Template, pseudo: Pseudo = EXAMPLE): string[] =>
  Object.entries(template.Resources)
    .filter(([, resource]) => resource.Condition === undefined || condition(template, resource.Condition, pseudo))
    .map(([logicalId]) => logicalId);

/** Every IAM action in a policy document, as written. */
export const actionsOf = (document: { Statement: { Action: string | string[] }[] }): string[] =>
  document.Statement.flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]));

/**
 * A resolved environment with CloudFormation's attribute tokens replaced by values of the right shape, as the
 * function sees them once deployed: role unique ids (AROA…), role ARNs, the alert key's ARN.
 */
export const asDeployed = (variables: Record<string, string>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(variables).map(([name, value]) => [
      name,
      String(value)
        .replace(/<GetAtt:(\w+)\.RoleId>/g, (_m, logicalId: string) => `AROA${logicalId.toUpperCase().replace(/[^A-Z0-9]/g, '').padEnd(17, '0').slice(0, 17)}`)
        .replace(/<GetAtt:AlertTopicKey\.Arn>/g, 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab')
        .replace(/<GetAtt:(\w+Role)\.Arn>/g, 'arn:aws:iam::123456789012:role/$1'),
    ]),
  );
