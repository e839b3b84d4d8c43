import { CreateBucketCommand, HeadBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { awsStatus, explainAwsError, isAwsError } from '../../core/aws/errors.js';
import { CliError } from '../../core/errors.js';
import type { LaunchContext } from './context.js';
import { bucketNameFor, objectKeyFor } from './names.js';

/** Where the zip went. */
export interface UploadedArtifact {
  bucket: string;
  key: string;
  versionId?: string;
}

/**
 * Uploads the deployment zip: HeadBucket, CreateBucket when missing (one bucket per account and region), then
 * PutObject. The bucket must belong to the caller's account (`ExpectedBucketOwner`).
 * @example const artifact = await uploadArtifact(context, accountId, zip);
 */
export async function uploadArtifact(
  context: LaunchContext,
  accountId: string,
  zip: Uint8Array,
): Promise<UploadedArtifact> {
  const { agent, clients } = context;
  const bucket = bucketNameFor(accountId, agent.region);
  const key = objectKeyFor(agent.name);
  const explain = (action: string) => (error: unknown) =>
    explainAwsError(error, { region: agent.region, action });
  try {
    await clients.s3.send(new HeadBucketCommand({ Bucket: bucket, ExpectedBucketOwner: accountId }));
  } catch (error) {
    if (awsStatus(error) === 403) {
      throw new CliError(
        {
          id: 'BUCKET_NOT_OWNED',
          category: 'config',
          hint: 'the bucket name is taken by another account, or you may not read it: check s3:ListBucket rights',
        },
        `S3 bucket ${bucket} exists but this account cannot use it`,
        error,
      );
    }
    if (!isAwsError(error, 'NotFound', 'NoSuchBucket') && awsStatus(error) !== 404)
      throw explain('HeadBucket')(error);
    await clients.s3
      .send(
        new CreateBucketCommand({
          Bucket: bucket,
          // us-east-1 is the one region that must not be named as a location constraint.
          ...(agent.region === 'us-east-1'
            ? {}
            : { CreateBucketConfiguration: { LocationConstraint: agent.region as never } }),
        }),
      )
      .catch((failure: unknown) => {
        if (!isAwsError(failure, 'BucketAlreadyOwnedByYou')) throw explain('CreateBucket')(failure);
      });
  }
  const { VersionId } = await clients.s3
    .send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: zip,
        ContentType: 'application/zip',
        ExpectedBucketOwner: accountId,
      }),
    )
    .catch((failure: unknown) => {
      throw explain('PutObject')(failure);
    });
  await context.save({ bucket, objectKey: key, ...(VersionId ? { objectVersionId: VersionId } : {}) });
  return { bucket, key, ...(VersionId ? { versionId: VersionId } : {}) };
}
