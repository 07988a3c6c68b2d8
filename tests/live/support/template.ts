import type { Template } from '../../deploy/packaged';

/*
 * CloudFormation's intrinsic functions, resolved against what the live suite created in moto rather than against
 * placeholder tokens (tests/deploy/cfn.ts): a Ref of the alert topic becomes the topic's real ARN, a GetAtt of a
 * role its real ARN or RoleId. Anything the suite did not create is an error naming it, so a template change
 * that a function's environment depends on fails loudly here instead of running the function misconfigured.
 */

export interface Pseudo {
  readonly region: string;
  readonly account: string;
  readonly partition: string;
  readonly urlSuffix: string;
  readonly stackName: string;
}

/** What CloudFormation would have returned for the resources created so far: Ref values and attributes. */
export class CreatedResources {
  private readonly refs = new Map<string, string>();
  private readonly attributes = new Map<string, string>();

  public constructor(
    public readonly template: Template,
    public readonly pseudo: Pseudo,
  ) {}

  public set(logicalId: string, ref: string, attributes: Record<string, string> = {}): void {
    this.refs.set(logicalId, ref);
    for (const [name, value] of Object.entries(attributes)) this.attributes.set(`${logicalId}.${name}`, value);
  }

  public ref(name: string): string {
    const pseudo: Record<string, string> = {
      'AWS::Region': this.pseudo.region,
      'AWS::AccountId': this.pseudo.account,
      'AWS::Partition': this.pseudo.partition,
      'AWS::URLSuffix': this.pseudo.urlSuffix,
      'AWS::StackName': this.pseudo.stackName,
      'AWS::NoValue': '',
    };
    if (name in pseudo) return pseudo[name]!;
    const value = this.refs.get(name);
    if (value === undefined) {
      const type = this.template.Resources[name]?.Type ?? 'no such resource';
      throw new Error(`live suite: cannot resolve Ref ${name} (${type}): the suite did not create it in moto (tests/live/support/world.ts)`);
    }
    return value;
  }

  public getAtt(logicalId: string, attribute: string): string {
    const value = this.attributes.get(`${logicalId}.${attribute}`);
    if (value === undefined) {
      const type = this.template.Resources[logicalId]?.Type ?? 'no such resource';
      throw new Error(`live suite: cannot resolve Fn::GetAtt ${logicalId}.${attribute} (${type}): the suite did not create it in moto (tests/live/support/world.ts)`);
    }
    return value;
  }

  /** Evaluates a template condition the way CloudFormation does at deploy time. */
  public condition(name: string): boolean {
    const expression = this.template.Conditions?.[name];
    if (expression === undefined) throw new Error(`template has no condition ${name}`);
    return this.evaluate(expression);
  }

  private evaluate(expression: unknown): boolean {
    const [key, argument] = Object.entries(expression as Record<string, unknown>)[0]!;
    switch (key) {
      case 'Fn::Equals': {
        const [left, right] = this.resolve(argument) as [unknown, unknown];
        return JSON.stringify(left) === JSON.stringify(right);
      }
      case 'Fn::Not':
        return !this.evaluate((argument as unknown[])[0]);
      case 'Fn::And':
        return (argument as unknown[]).every((item) => this.evaluate(item));
      case 'Fn::Or':
        return (argument as unknown[]).some((item) => this.evaluate(item));
      case 'Condition':
        return this.condition(argument as string);
      default:
        throw new Error(`unsupported condition function ${key}`);
    }
  }

  /** Resolves Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split and Fn::If, recursively. */
  public resolve(value: unknown): any {
    if (Array.isArray(value)) return value.map((item) => this.resolve(item));
    if (value === null || typeof value !== 'object') return value;
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object);
    if (keys.length === 1) {
      const [key] = keys as [string];
      const argument = object[key];
      switch (key) {
        case 'Ref':
          return this.ref(argument as string);
        case 'Fn::GetAtt': {
          const [logicalId, attribute] = (typeof argument === 'string' ? argument.split('.') : argument) as [string, string];
          return this.getAtt(logicalId, attribute);
        }
        case 'Fn::Join': {
          const [separator, parts] = argument as [string, unknown[]];
          return (this.resolve(parts) as unknown[]).map(String).join(separator);
        }
        case 'Fn::Select': {
          const [index, list] = argument as [unknown, unknown];
          return (this.resolve(list) as unknown[])[Number(this.resolve(index))];
        }
        case 'Fn::Split': {
          const [separator, text] = argument as [string, unknown];
          return String(this.resolve(text)).split(separator);
        }
        case 'Fn::If': {
          const [name, whenTrue, whenFalse] = argument as [string, unknown, unknown];
          return this.resolve(this.condition(name) ? whenTrue : whenFalse);
        }
        case 'Fn::Sub': {
          const [text, variables = {}] = (typeof argument === 'string' ? [argument] : argument) as [string, Record<string, unknown>?];
          const resolvedVariables = this.resolve(variables) as Record<string, unknown>;
          return text.replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) => {
            if (name in resolvedVariables) return String(resolvedVariables[name]);
            const dot = name.indexOf('.');
            return dot > 0 && !name.startsWith('AWS::') ? this.getAtt(name.slice(0, dot), name.slice(dot + 1)) : this.ref(name);
          });
        }
        default:
          break;
      }
    }
    return Object.fromEntries(keys.map((key) => [key, this.resolve(object[key])]));
  }
}
