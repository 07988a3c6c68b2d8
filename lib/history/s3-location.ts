import { TrailguardError } from '../errors';

// What an s3:// argument names: no SDK here, so the CLI loads the S3 client only when a replay reads from S3.

/** An s3:// argument that is not a bucket and prefix. */
export class S3UrlError extends TrailguardError {
  public override readonly name = 'S3UrlError';
}

export interface S3Location {
  readonly bucket: string;
  readonly prefix: string;
}

export const isS3Url = (arg: string): boolean => /^s3:\/\//i.test(arg);

export const parseS3Url = (url: string): S3Location => {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/i.exec(url);
  if (!match) throw new S3UrlError(`${url} is not s3://<bucket>[/<prefix>]`);
  return { bucket: match[1]!, prefix: match[2] ?? '' };
};
