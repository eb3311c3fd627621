// Conditional writes for s3rver, the way S3 answers them (s3rver 3.7.1 ignores both headers on PUT and DELETE):
//
//   PutObject    If-None-Match: *     → 412 PreconditionFailed when the key exists
//   PutObject    If-Match: "<etag>"   → 412 PreconditionFailed when the ETag differs, 404 NoSuchKey when absent
//   DeleteObject If-Match: "<etag>"|* → the same
//   PutObject    If-None-Match: other → 501 NotImplemented (S3 accepts only `*` there)
//
// S3's pages, read 2026-12-01: "How to prevent object overwrites with conditional writes" and "How to perform
// conditional deletes" (docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html, conditional-deletes.html).
// Every write and delete of one key runs after the previous one of that key has finished, so a check and the write
// it guards cannot interleave with another request's (S3 answers such a race with 409 ConditionalRequestConflict;
// serialising is stricter and never lets two `If-None-Match: *` writes both succeed).
import { createRequire } from 'node:module';

const S3Error = createRequire(import.meta.url)('s3rver/lib/models/error');

/** Middleware enforcing If-None-Match / If-Match on object PUT and DELETE; `store` is s3rver's store. */
export function preconditions(store) {
  const tails = new Map();

  return async function conditionalWrite(ctx, next) {
    const target = objectTarget(ctx);
    if (!target) {
      return next();
    }

    const id = `${target.bucket}/${target.key}`;
    const previous = tails.get(id) ?? Promise.resolve();
    let release;
    const current = new Promise((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    tails.set(id, tail);
    await previous;
    try {
      await check(ctx, store, target);
      await next();
    } finally {
      release();
      if (tails.get(id) === tail) {
        tails.delete(id);
      }
    }
  };
}

// A plain PutObject or DeleteObject: path /bucket/key, no sub-resource query (uploads, tagging, acl…), not a copy.
function objectTarget(ctx) {
  if (ctx.method !== 'PUT' && ctx.method !== 'DELETE') return undefined;
  if (ctx.querystring !== '' || ctx.get('x-amz-copy-source') !== '') return undefined;
  const match = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
  if (!match) return undefined;
  return { bucket: decodeURIComponent(match[1]), key: decodeURIComponent(match[2]) };
}

async function check(ctx, store, { bucket, key }) {
  const noneMatch = ctx.get('if-none-match');
  const match = ctx.get('if-match');
  if (noneMatch === '' && match === '') return;

  if (noneMatch !== '' && (ctx.method !== 'PUT' || noneMatch.trim() !== '*')) {
    throw new S3Error('NotImplemented', 'A header you provided implies functionality that is not implemented', {
      Header: 'If-None-Match',
    });
  }

  const etag = await currentEtag(store, bucket, key);
  if (noneMatch !== '' && etag !== undefined) {
    throw preconditionFailed('If-None-Match');
  }

  if (match !== '') {
    if (etag === undefined) {
      throw new S3Error('NoSuchKey', 'The specified key does not exist.', { Key: key });
    }

    const wanted = match.split(',').map(normalise);
    if (!wanted.includes('*') && !wanted.includes(normalise(etag))) {
      throw preconditionFailed('If-Match');
    }
  }
}

async function currentEtag(store, bucket, key) {
  if (!(await store.existsObject(bucket, key))) return undefined;
  const metadata = await store.getMetadata(bucket, key);
  return metadata.etag;
}

function normalise(etag) {
  return etag.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

function preconditionFailed(header) {
  return new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
    Condition: header,
  });
}
