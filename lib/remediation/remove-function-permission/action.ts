import { REGION_NAME } from '../../cloudtrail/record';
import { defineAction } from '../action';
import { ParamsReader } from '../params-schema';

// A function name, partial ARN or ARN as AddPermission accepts them (with an optional :qualifier); it ends up in
// the alert's redo command, so nothing else passes.
const FUNCTION = /^(arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:|\d{12}:function:)?[A-Za-z0-9_-]{1,64}(:(\$LATEST|[A-Za-z0-9_-]{1,128}))?$/;
const STATEMENT_ID = /^[A-Za-z0-9_-]{1,100}$/;
const QUALIFIER = /^(\$LATEST|[A-Za-z0-9_-]{1,128})$/;
// Who the statement admitted, as the event named it: `*`, another account's id or root, or a role or user of it.
const GRANTEE = /^(\*|\d{12}|arn:aws[a-z-]*:iam::\d{12}:(root|(role|user)\/[\w+=,.@\/-]{1,512}))$/;
const LAMBDA_ACTION = /^(lambda:[A-Za-z*]{1,64}|\*)$/;

/** A statement an AddPermission event put in a function's resource policy, granting `*` or another account. */
export interface RemoveFunctionPermissionParams {
  readonly functionName: string;
  readonly statementId: string;
  readonly region: string;
  /** `*`, or the other account (its id, root ARN, or a role or user ARN in it), as the event's `principal`. */
  readonly grantee: string;
  /** The Lambda action granted (`lambda:InvokeFunction`), for the redo command. */
  readonly action: string;
  readonly qualifier?: string;
  /** Conditions the statement carried, for an exact redo command. */
  readonly sourceArn?: string;
  readonly sourceAccount?: string;
  readonly functionUrlAuthType?: 'NONE' | 'AWS_IAM';
}

const SOURCE_ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:[A-Za-z0-9_.:/*+=,@-]{1,1000}$/;

export const removeFunctionPermission = defineAction<RemoveFunctionPermissionParams>({
  id: 'remove-function-permission',
  description: 'Remove the statement, by its id, that opened a Lambda function to everyone or another account',
  permissions: [
    // Read first: a statement gone or replaced since (another principal under the same id) is left alone.
    { action: 'lambda:GetPolicy', resources: ['lambda:function'] },
    { action: 'lambda:RemovePermission', resources: ['lambda:function'] },
  ],
  parse(params) {
    const reader = new ParamsReader('remove-function-permission', params, [
      'functionName', 'statementId', 'region', 'grantee', 'action', 'qualifier', 'sourceArn', 'sourceAccount', 'functionUrlAuthType',
    ]);
    const qualifier = reader.optionalString('qualifier', QUALIFIER);
    const sourceArn = reader.optionalString('sourceArn', SOURCE_ARN);
    const sourceAccount = reader.optionalString('sourceAccount', /^\d{12}$/);
    const functionUrlAuthType = reader.optionalString('functionUrlAuthType', /^(NONE|AWS_IAM)$/) as RemoveFunctionPermissionParams['functionUrlAuthType'];
    return {
      functionName: reader.string('functionName', FUNCTION),
      statementId: reader.string('statementId', STATEMENT_ID),
      region: reader.string('region', REGION_NAME),
      grantee: reader.string('grantee', GRANTEE),
      action: reader.string('action', LAMBDA_ACTION),
      ...(qualifier !== undefined ? { qualifier } : {}),
      ...(sourceArn !== undefined ? { sourceArn } : {}),
      ...(sourceAccount !== undefined ? { sourceAccount } : {}),
      ...(functionUrlAuthType !== undefined ? { functionUrlAuthType } : {}),
    };
  },
  plan(params) {
    return {
      call: 'lambda:RemovePermission',
      region: params.region,
      functionName: params.functionName,
      statementId: params.statementId,
      ...(params.qualifier ? { qualifier: params.qualifier } : {}),
    };
  },
  undo(params) {
    return (
      `trailguard removed statement ${params.statementId} (${params.action} for ${describeGrantee(params.grantee)}) from the resource policy of function ${params.functionName}. ` +
      `If it was intended, add an exception for it, then: ${redoCommand(params)}`
    );
  },
});

export const describeGrantee = (grantee: string): string => (grantee === '*' ? 'everyone (*)' : /^\d{12}$/.test(grantee) ? `account ${grantee}` : grantee);

/** The command that adds the statement back, with the conditions the event gave it. */
export const redoCommand = (params: RemoveFunctionPermissionParams): string =>
  [
    `aws lambda add-permission --region ${params.region} --function-name ${params.functionName}`,
    ...(params.qualifier ? [`--qualifier ${params.qualifier}`] : []),
    `--statement-id ${params.statementId} --action ${params.action} --principal '${params.grantee}'`,
    ...(params.sourceArn ? [`--source-arn '${params.sourceArn}'`] : []),
    ...(params.sourceAccount ? [`--source-account ${params.sourceAccount}`] : []),
    ...(params.functionUrlAuthType ? [`--function-url-auth-type ${params.functionUrlAuthType}`] : []),
  ].join(' ');
