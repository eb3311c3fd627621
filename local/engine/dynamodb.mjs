// Local DynamoDB for Tuner: dynalite (in-memory, on an internal 127.0.0.1 port) behind a write-capacity
// emulator. dynalite never throttles, so without this proxy the parallelism knob has no trade-off to find.
//
// Per table, a token bucket of write units per second (default 1,000 WCU/s: one on-demand partition's
// limit) meters writes. Over budget, BatchWriteItem returns the excess in UnprocessedItems (with the
// ConsumedCapacity of what was written) and single writes get a 400 ProvisionedThroughputExceededException,
// in DynamoDB's JSON 1.0 wire format. A fixed rejection probability (--reject-fraction) makes tests
// deterministic-ish (seeded PRNG) regardless of timing.
//
// Usage: node dynamodb.mjs [--port 0] [--wcu 1000] [--burst-seconds 1] [--reject-fraction 0] [--seed 1] [--path DIR]
//   --wcu 0 means unlimited (pass-through metering only); a bucket holds wcu × burst-seconds units (at least 1).
// Prints {"ready":true,"port":P,"dynalitePort":Q} once listening; exits when stdin closes or on SIGTERM.
//
// Admin endpoints (same port, never DynamoDB paths):
//   GET  /__tuner/stats                 → {"calls":{...},"tables":{name:{calls,writeUnits,rejectedItems,throttledCalls,...}}}
//   POST /__tuner/tables/<name>  {"wcu":n,"burstSeconds":s,"rejectFraction":f}  → per-table settings
import http from 'node:http';
import zlib from 'node:zlib';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite');

const PTEE = 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException';
const PTEE_MESSAGE = 'The level of configured provisioned throughput for the table was exceeded. '
  + 'Consider increasing your provisioning level with the UpdateTable API.';
const SINGLE_WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);

function parseArgs(argv) {
  const options = { port: 0, wcu: 1000, burstSeconds: 1, rejectFraction: 0, seed: 1, path: undefined };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = argv[i + 1];
    const number = () => {
      const n = Number(value);
      if (value === undefined || !Number.isFinite(n) || n < 0) {
        fail(`${name} needs a non-negative number, got ${value}`);
      }
      i++;
      return n;
    };
    switch (name) {
      case '--port': options.port = number(); break;
      case '--wcu': options.wcu = number(); break;
      case '--burst-seconds': options.burstSeconds = number(); break;
      case '--reject-fraction':
        options.rejectFraction = number();
        if (options.rejectFraction >= 1) fail('--reject-fraction must be below 1 (1 would never write anything)');
        break;
      case '--seed': options.seed = number(); break;
      case '--path': options.path = value; i++; break;
      default: fail(`unknown argument ${name}`);
    }
  }
  return options;
}

function fail(message) {
  process.stderr.write(`dynamodb.mjs: ${message}\n`);
  process.exit(2);
}

// mulberry32: small seeded PRNG so a run with the same seed rejects the same sequence.
function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Item size as DynamoDB counts it: attribute name bytes + value bytes (UTF-8 strings, raw binary,
// numbers ≈ 1 + digits/2, 1 byte for NULL/BOOL, 3 bytes + 1 per element for L/M).
function valueSize(value) {
  const [type] = Object.keys(value);
  const v = value[type];
  switch (type) {
    case 'S': return Buffer.byteLength(v, 'utf8');
    case 'B': return Buffer.from(v, 'base64').length;
    case 'N': return numberSize(v);
    case 'SS': return v.reduce((sum, x) => sum + Buffer.byteLength(x, 'utf8'), 0);
    case 'BS': return v.reduce((sum, x) => sum + Buffer.from(x, 'base64').length, 0);
    case 'NS': return v.reduce((sum, x) => sum + numberSize(x), 0);
    case 'NULL': case 'BOOL': return 1;
    case 'L': return 3 + v.reduce((sum, x) => sum + 1 + valueSize(x), 0);
    case 'M': return 3 + Object.keys(v).reduce((sum, k) => sum + 1 + Buffer.byteLength(k, 'utf8') + valueSize(v[k]), 0);
    default: return 0;
  }
}

function numberSize(text) {
  const digits = String(text).replace(/^[-+]/, '').replace(/[eE].*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return 1 + Math.ceil(Math.max(digits.length, 1) / 2);
}

function itemSize(item) {
  return Object.keys(item || {}).reduce((sum, k) => sum + Buffer.byteLength(k, 'utf8') + valueSize(item[k]), 0);
}

function writeUnits(item) {
  return Math.max(1, Math.ceil(itemSize(item) / 1024));
}

class TokenBucket {
  constructor(settings, now) {
    this.configure(settings, now);
  }

  configure({ wcu, burstSeconds }, now) {
    this.rate = wcu;
    this.capacity = Math.max(wcu * burstSeconds, 1);
    this.tokens = this.capacity;
    this.last = now;
  }

  tryTake(units, now) {
    if (this.rate <= 0) return true;
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    // A full bucket lets any one item through (into debt), so items larger than the burst still get written.
    if (this.tokens >= units || this.tokens >= this.capacity) {
      this.tokens -= units;
      return true;
    }
    return false;
  }
}

const options = parseArgs(process.argv.slice(2));
const random = seededRandom(options.seed);
const defaults = { wcu: options.wcu, burstSeconds: options.burstSeconds, rejectFraction: options.rejectFraction };
const tables = new Map();
const calls = { total: 0, byOperation: {} };

function table(name) {
  let entry = tables.get(name);
  if (!entry) {
    const settings = { ...defaults };
    entry = {
      settings,
      bucket: new TokenBucket(settings, performance.now()),
      stats: { calls: {}, writeUnits: 0, writtenItems: 0, rejectedItems: 0, throttledCalls: 0 },
    };
    tables.set(name, entry);
  }
  return entry;
}

function isMetered(entry) {
  return entry.exists === true && (entry.settings.wcu > 0 || entry.settings.rejectFraction > 0);
}

// Only existing tables are metered: requests naming a missing table reach dynalite unchanged and get
// DynamoDB's own ResourceNotFoundException (validation comes before throttling in DynamoDB too).
async function learnExistence(names) {
  for (const name of names) {
    const entry = table(name);
    if (entry.exists === true) continue;
    const answer = await forward({
      method: 'POST',
      url: '/',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.DescribeTable',
        'x-amz-date': '20250101T000000Z',
        authorization: 'AWS4-HMAC-SHA256 Credential=local/20250101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      },
    }, JSON.stringify({ TableName: name }));
    entry.exists = answer.status === 200 ? true : undefined;
  }
}

// Decides whether one write of `units` goes through: the fixed rejection coin first, then the bucket.
function admit(entry, units, now) {
  if (entry.settings.rejectFraction > 0 && random() < entry.settings.rejectFraction) return false;
  return entry.bucket.tryTake(units, now);
}

const dynaliteServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, path: options.path });
let dynalitePort = 0;

// Hands a request to dynalite's own request handler in this process (no second HTTP hop): a minimal request
// emitter and a response collector carry exactly what dynalite's handler uses (headers, method, url, data/end
// events; statusCode, setHeader, end). dynalite also listens on dynalitePort for direct access.
const dynaliteHandler = dynaliteServer.listeners('request')[0];

function forward(req, body) {
  return new Promise((resolve) => {
    const request = new EventEmitter();
    request.headers = { ...req.headers, 'content-length': String(Buffer.byteLength(body)) };
    request.method = req.method;
    request.url = req.url;
    const headers = {};
    const response = {
      statusCode: 200,
      shouldKeepAlive: true,
      setHeader(name, value) { headers[name.toLowerCase()] = String(value); },
      getHeader(name) { return headers[name.toLowerCase()]; },
      end(data) {
        resolve({ status: this.statusCode, headers, body: data == null ? Buffer.alloc(0) : Buffer.from(data) });
      },
    };
    dynaliteHandler(request, response);
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
    process.nextTick(() => {
      if (bytes.length > 0) request.emit('data', bytes);
      request.emit('end');
    });
  });
}

function send(res, status, headers, body) {
  const out = { ...headers };
  delete out['transfer-encoding'];
  delete out.connection;
  out['content-length'] = Buffer.byteLength(body);
  out['x-amz-crc32'] = String(zlib.crc32(body));
  res.writeHead(status, out);
  res.end(body);
}

function sendJson(res, status, value) {
  send(res, status, {
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-requestid': `tuner-${calls.total}-${Date.now()}`,
  }, Buffer.from(JSON.stringify(value)));
}

function throttled(res) {
  sendJson(res, 400, { __type: PTEE, message: PTEE_MESSAGE });
}

async function batchWrite(req, res, raw, data) {
  const now = performance.now();
  const accepted = {};
  const unprocessed = {};
  let acceptedCount = 0;
  for (const [name, requests] of Object.entries(data.RequestItems)) {
    const entry = table(name);
    for (const request of requests) {
      const units = request.PutRequest ? writeUnits(request.PutRequest.Item) : 1;
      if (!isMetered(entry) || admit(entry, units, now)) {
        (accepted[name] ??= []).push(request);
        acceptedCount++;
      } else {
        (unprocessed[name] ??= []).push(request);
        entry.stats.rejectedItems++;
      }
    }
  }

  if (acceptedCount === 0) {
    // DynamoDB: when no item of the request could be processed for lack of throughput, the call fails.
    for (const name of Object.keys(unprocessed)) table(name).stats.throttledCalls++;
    return throttled(res);
  }

  const partial = Object.keys(unprocessed).length > 0;
  const upstream = await forward(req, partial ? JSON.stringify({ ...data, RequestItems: accepted }) : raw);
  if (upstream.status !== 200) {
    return send(res, upstream.status, upstream.headers, upstream.body);
  }

  const answer = JSON.parse(upstream.body.toString('utf8'));
  for (const [name, requests] of Object.entries(accepted)) {
    const stats = table(name).stats;
    stats.writtenItems += requests.length;
    if (unprocessed[name]) stats.throttledCalls++;
  }
  for (const consumed of answer.ConsumedCapacity ?? []) {
    table(consumed.TableName).stats.writeUnits += consumed.CapacityUnits ?? 0;
  }
  if (!partial) {
    return send(res, 200, upstream.headers, upstream.body);
  }
  answer.UnprocessedItems = unprocessed;
  return send(res, 200, upstream.headers, Buffer.from(JSON.stringify(answer)));
}

async function singleWrite(req, res, raw, operation, data) {
  const entry = table(data.TableName);
  const units = operation === 'PutItem' ? writeUnits(data.Item) : 1;
  if (isMetered(entry) && !admit(entry, units, performance.now())) {
    entry.stats.rejectedItems++;
    entry.stats.throttledCalls++;
    return throttled(res);
  }
  const upstream = await forward(req, raw);
  if (upstream.status === 200) {
    entry.stats.writtenItems++;
    entry.stats.writeUnits += units;
  }
  return send(res, upstream.status, upstream.headers, upstream.body);
}

function tablesOf(operation, data) {
  if (!data) return [];
  if (data.TableName) return [data.TableName];
  if (data.RequestItems) return Object.keys(data.RequestItems);
  return [];
}

async function admin(req, res, raw) {
  const reply = (status, value) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(value));
  };
  if (req.method === 'GET' && req.url === '/__tuner/stats') {
    const out = {};
    for (const [name, entry] of tables) out[name] = { ...entry.stats, settings: entry.settings };
    return reply(200, { calls, tables: out, defaults });
  }
  const match = /^\/__tuner\/tables\/([^/?]+)$/.exec(req.url ?? '');
  if (req.method === 'POST' && match) {
    const name = decodeURIComponent(match[1]);
    let body;
    try {
      body = JSON.parse(raw.toString('utf8') || '{}');
    } catch (e) {
      return reply(400, { error: `invalid JSON: ${e.message}` });
    }
    const entry = table(name);
    for (const key of ['wcu', 'burstSeconds', 'rejectFraction']) {
      if (body[key] === undefined) continue;
      const n = Number(body[key]);
      if (!Number.isFinite(n) || n < 0 || (key === 'rejectFraction' && n >= 1)) {
        return reply(400, { error: `${key}: ${body[key]} is out of range` });
      }
      entry.settings[key] = n;
    }
    entry.bucket.configure(entry.settings, performance.now());
    return reply(200, { table: name, settings: entry.settings });
  }
  return reply(404, { error: `no admin endpoint ${req.method} ${req.url}` });
}

async function handle(req, res) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const raw = Buffer.concat(chunks);

  if (req.url?.startsWith('/__tuner/')) return admin(req, res, raw);

  const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
  calls.total++;
  calls.byOperation[operation] = (calls.byOperation[operation] ?? 0) + 1;

  let data;
  if (req.method === 'POST' && raw.length > 0) {
    try {
      data = JSON.parse(raw.toString('utf8'));
    } catch {
      data = undefined; // dynalite answers malformed bodies with DynamoDB's own error.
    }
  }
  const named = tablesOf(operation, data).filter((name) => typeof name === 'string');
  for (const name of named) {
    const stats = table(name).stats;
    stats.calls[operation] = (stats.calls[operation] ?? 0) + 1;
  }
  if (operation === 'DeleteTable') {
    for (const name of named) table(name).exists = undefined;
  }
  if (operation === 'BatchWriteItem' || SINGLE_WRITES.has(operation)) {
    await learnExistence(named);
  }

  if (operation === 'BatchWriteItem' && data?.RequestItems && typeof data.RequestItems === 'object') {
    const requests = Object.values(data.RequestItems);
    const valid = requests.every((r) => Array.isArray(r))
      && requests.reduce((n, r) => n + r.length, 0) <= 25
      && Object.keys(data.RequestItems).some((name) => isMetered(table(name)));
    if (valid) return batchWrite(req, res, raw, data);
  }
  if (SINGLE_WRITES.has(operation) && typeof data?.TableName === 'string') {
    return singleWrite(req, res, raw, operation, data);
  }
  const upstream = await forward(req, raw);
  return send(res, upstream.status, upstream.headers, upstream.body);
}

const proxy = http.createServer((req, res) => {
  handle(req, res).catch((error) => {
    process.stderr.write(`dynamodb.mjs: ${error.stack ?? error}\n`);
    if (!res.headersSent) {
      sendJson(res, 500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(error.message ?? error) });
    } else {
      res.destroy();
    }
  });
});
proxy.keepAliveTimeout = 65_000;

function shutdown() {
  proxy.close();
  proxy.closeAllConnections?.();
  process.exit(0);
}

process.stdin.on('end', shutdown);
process.stdin.on('close', shutdown);
process.stdin.resume();
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

dynaliteServer.listen(0, '127.0.0.1', () => {
  dynalitePort = dynaliteServer.address().port;
  proxy.listen(options.port, '127.0.0.1', () => {
    process.stdout.write(JSON.stringify({ ready: true, port: proxy.address().port, dynalitePort }) + '\n');
  });
});
