// Injected S3 failures for fault tests. `_tuner` cannot be a bucket name (S3 bucket names have no underscore), so
// these paths never shadow an object:
//
//   POST   /_tuner/faults  {"rules":[{"method":"PUT","keyPrefix":"runs/r1/","status":503,"code":"SlowDown",
//                                    "message":"...","count":1}]}   → adds rules; answers the list
//   GET    /_tuner/faults                                            → {"rules":[{...rule,"hits":n,"remaining":n|null}]}
//   DELETE /_tuner/faults                                            → clears every rule
//
// A request is answered by the first rule that matches it and has calls left: `method` (optional, any when absent),
// `keyPrefix` (optional, on the object key without the bucket; a bucket-level request has the key ""), `count`
// (optional, unlimited when absent). The answer is S3's XML error with `code` and `status`.
const allowedFields = new Set(['method', 'keyPrefix', 'status', 'code', 'message', 'count']);

/** Middleware answering /_tuner/faults and failing the requests the rules match. */
export function faults() {
  const entries = [];

  return async function injectFaults(ctx, next) {
    if (ctx.path === '/_tuner/faults') {
      return admin(ctx, entries);
    }

    const key = objectKey(ctx.path);
    const entry = entries.find((candidate) => matches(candidate, ctx.method, key));
    if (!entry) {
      return next();
    }

    entry.hits++;
    const { status, code, message } = entry.rule;
    const text = message ?? `Injected fault (${code})`;
    ctx.status = status;
    ctx.type = 'application/xml';
    ctx.set('x-amz-request-id', `tuner-fault-${entry.hits}`);
    ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(text)}</Message><Key>${escapeXml(key)}</Key></Error>`;
  };
}

function matches(entry, method, key) {
  const { rule } = entry;
  return (rule.method === undefined || rule.method.toUpperCase() === method)
    && (rule.keyPrefix === undefined || key.startsWith(rule.keyPrefix))
    && (rule.count === undefined || entry.hits < rule.count);
}

function objectKey(path) {
  const match = /^\/[^/]+\/(.*)$/.exec(path);
  return match ? decodeURIComponent(match[1]) : '';
}

async function admin(ctx, entries) {
  if (ctx.method === 'DELETE') {
    entries.length = 0;
    ctx.status = 204;
    return;
  }

  if (ctx.method === 'POST') {
    let document;
    try {
      const text = await readBody(ctx.req);
      document = text.length === 0 ? {} : JSON.parse(text);
    } catch (error) {
      return answer(ctx, 400, { errors: [`(body): not JSON: ${error.message}`] });
    }

    const { rules, errors } = readRules(document);
    if (errors.length > 0) {
      return answer(ctx, 400, { errors });
    }

    entries.push(...rules.map((rule) => ({ rule, hits: 0 })));
  } else if (ctx.method !== 'GET') {
    return answer(ctx, 405, { errors: [`${ctx.method} is not allowed on /_tuner/faults (GET, POST, DELETE)`] });
  }

  return answer(ctx, 200, {
    rules: entries.map(({ rule, hits }) => ({
      ...rule,
      hits,
      remaining: rule.count === undefined ? null : rule.count - hits,
    })),
  });
}

// Every problem at once, each with its field path.
function readRules(document) {
  const errors = [];
  if (document === null || typeof document !== 'object' || !Array.isArray(document.rules)) {
    return { rules: [], errors: ['rules: required, an array of rules'] };
  }

  const rules = document.rules.map((rule, index) => {
    const path = `rules[${index}]`;
    if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) {
      errors.push(`${path}: must be an object`);
      return undefined;
    }

    for (const field of Object.keys(rule)) {
      if (!allowedFields.has(field)) errors.push(`${path}.${field}: unknown field`);
    }

    if (!Number.isInteger(rule.status) || rule.status < 400 || rule.status > 599) {
      errors.push(`${path}.status: required, an HTTP error status 400–599`);
    }

    if (typeof rule.code !== 'string' || rule.code.length === 0) {
      errors.push(`${path}.code: required, the S3 error code to answer (e.g. SlowDown)`);
    }

    for (const field of ['method', 'keyPrefix', 'message']) {
      if (rule[field] !== undefined && typeof rule[field] !== 'string') errors.push(`${path}.${field}: must be a string`);
    }

    if (rule.count !== undefined && (!Number.isInteger(rule.count) || rule.count < 1)) {
      errors.push(`${path}.count: must be a whole number ≥ 1 (leave it out for every matching request)`);
    }

    return rule;
  });

  return { rules, errors };
}

function answer(ctx, status, body) {
  ctx.status = status;
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(body);
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function escapeXml(text) {
  return String(text).replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]);
}
