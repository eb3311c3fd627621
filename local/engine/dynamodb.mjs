// Local DynamoDB for Tuner: dynalite (in-memory) with a write-capacity emulator built into it. dynalite never
// throttles, so without the emulator the parallelism knob has no trade-off to find.
//
// Per table, a token bucket of write units per second (default 1,000 WCU/s: one on-demand partition's
// limit) meters writes. Over budget, BatchWriteItem returns the excess in UnprocessedItems (with the
// ConsumedCapacity of what was written) and single writes get a 400 ProvisionedThroughputExceededException,
// in DynamoDB's JSON 1.0 wire format. A fixed rejection probability (--reject-fraction) makes tests
// deterministic-ish (seeded PRNG) regardless of timing.
//
// How: the emulator wraps dynalite's action functions (dynalite/actions/*.js, loaded through the module cache
// before dynalite's index.js requires them), so each request is parsed and validated once, by dynalite, and the
// emulator meters the already-validated request (validation before throttling, as in DynamoDB). Writes to a
// missing table pass through unmetered and get dynalite's ResourceNotFoundException. One Node thread serves
// everything and it is what bounds a parallel writer here, so the engine keeps its own work per item small: no
// second parse or HTTP hop, and BatchWriteItem on tables without secondary indexes written in one pass (see
// writeBatch) rather than through dynalite's per-item actions.
//
// Usage: node dynamodb.mjs [--port 0] [--wcu 1000] [--burst-seconds 1] [--reject-fraction 0] [--seed 1] [--path DIR]
//   --wcu 0 means unlimited (pass-through metering only); a bucket holds wcu × burst-seconds units (at least 1).
// Prints {"ready":true,"port":P} once listening; exits when stdin closes or on SIGTERM.
//
// Admin endpoints (same port, never DynamoDB paths):
//   GET  /__tuner/stats                 → {"calls":{...},"tables":{name:{calls,writeUnits,rejectedItems,throttledCalls,...}}}
//       calls.total/byOperation count every DynamoDB request; a table's calls count the requests that passed
//       dynalite's validation and named it.
//   POST /__tuner/tables/<name>  {"wcu":n,"burstSeconds":s,"rejectFraction":f}  → per-table settings
import { createRequire } from 'node:module';
import { writeUnits } from './item-size.mjs';

const require = createRequire(import.meta.url);
const db = require('dynalite/db'); // dynalite's own validation helpers, the same module instance its actions use

const PTEE = 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException';
const PTEE_MESSAGE = 'The level of configured provisioned throughput for the table was exceeded. '
  + 'Consider increasing your provisioning level with the UpdateTable API.';

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
  return entry.settings.wcu > 0 || entry.settings.rejectFraction > 0;
}

// Decides whether one write of `units` goes through: the fixed rejection coin first, then the bucket.
function admit(entry, units, now) {
  if (entry.settings.rejectFraction > 0 && random() < entry.settings.rejectFraction) return false;
  return entry.bucket.tryTake(units, now);
}

// dynalite reports errors to its HTTP handler as { statusCode, body }; it sends body as the JSON 1.0 error.
function throttled() {
  return { statusCode: 400, body: { __type: PTEE, message: PTEE_MESSAGE } };
}

// dynalite throws (and so never answers) when an action fails with anything but a DynamoDB error; answer those
// as DynamoDB would, a 500 InternalServerError the client retries, and keep the cause in stderr.
function internalError(operation, error) {
  process.stderr.write(`dynamodb.mjs: ${operation} failed: ${error?.stack ?? error}\n`);
  return {
    statusCode: 500,
    body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: `${operation}: ${error?.message ?? error}` },
  };
}

// Calls cb(tables) with each named table's description when all exist and are ACTIVE, else cb(null): metering a
// request that DynamoDB would refuse anyway (missing table) would turn its ResourceNotFoundException into a throttle.
function describeAll(store, names, cb) {
  let pending = names.length;
  const found = {};
  let ok = true;
  for (const name of names) {
    store.getTable(name, true, (err, description) => {
      if (err) ok = false;
      else found[name] = description;
      if (--pending === 0) cb(ok ? found : null);
    });
  }
}

// dynalite's own request checks that its write actions make before writing (key schema, duplicate keys in a batch),
// run before metering so an invalid request gets DynamoDB's ValidationException, never a throttle. Returns
// { invalid } or, per table, the requests with their storage keys: { entries: { name: [{ request, key }] } }.
function checkBatch(data, descriptions) {
  const entries = {};
  for (const name of Object.keys(data.RequestItems)) {
    const description = descriptions[name];
    const seen = new Set();
    const list = entries[name] = [];
    for (const request of data.RequestItems[name]) {
      const written = request.PutRequest ? request.PutRequest.Item : request.DeleteRequest?.Key;
      const invalid = request.PutRequest ? db.validateItem(written, description) : db.validateKey(written, description);
      if (invalid != null) {
        // as dynalite's batchWriteItem.js words key problems inside a batch
        if (/Missing the key|Type mismatch for key/.test(invalid.body?.message)) {
          invalid.body.message = 'The provided key element does not match the schema';
        }
        return { invalid };
      }
      const key = db.createKey(written, description);
      if (seen.has(key)) return { invalid: db.validationError('Provided list of item keys contains duplicates') };
      seen.add(key);
      list.push({ request, key });
    }
  }
  return { entries };
}

function invalidSingle(operation, data, description) {
  if (operation === 'putItem') return db.validateItem(data.Item, description);
  return db.validateKey(data.Key, description)
    ?? (operation === 'updateItem' ? db.validateUpdates(data.AttributeUpdates, data._updates, description) : null);
}

function tallyConsumed(res) {
  for (const consumed of res?.ConsumedCapacity ?? []) {
    table(consumed.TableName).stats.writeUnits += consumed.CapacityUnits ?? 0;
  }
}

// dynalite's store, except that getTable answers from descriptions this call already read (so dynalite's actions do
// not read and JSON-decode them again); a call sees one description of each table, as it would in DynamoDB.
function withDescriptions(store, descriptions) {
  return Object.create(store, {
    getTable: {
      value(name, checkStatus, done) {
        const callback = typeof checkStatus === 'function' ? checkStatus : done;
        if (Object.hasOwn(descriptions, name)) return process.nextTick(callback, null, descriptions[name]);
        return store.getTable(name, checkStatus, done);
      },
    },
  });
}

// dynalite's batchWriteItem hands every item to its putItem/deleteItem actions: per item a table-description read
// and JSON decode, a key lock, a read of the old item, a write, each its own promise and setImmediate. On this
// engine's one thread that is most of a parallel writer's cost. For tables without secondary indexes (whose entries
// only those actions maintain), a batch is written here the way those actions write it, all at once: one lock on
// the batch's keys, one getMany of the old items (their size counts in ConsumedCapacity, as DynamoDB charges the
// larger of old and new), one atomic batch of puts and deletes. Tables with indexes take dynalite's own path.
function writeBatch(store, original, data, descriptions, entries, cb) {
  const names = Object.keys(entries);
  if (names.some((name) => descriptions[name].LocalSecondaryIndexes || descriptions[name].GlobalSecondaryIndexes)) {
    const requestItems = Object.fromEntries(names.map((name) => [name, entries[name].map((e) => e.request)]));
    return original(withDescriptions(store, descriptions), { ...data, RequestItems: requestItems }, cb);
  }

  const wantCapacity = data.ReturnConsumedCapacity === 'TOTAL' || data.ReturnConsumedCapacity === 'INDEXES';
  const units = {};
  let pending = names.length;
  let failed = null;
  const finished = (err) => {
    failed ??= err ?? null;
    if (--pending > 0) return;
    if (failed) return cb(failed);
    const res = { UnprocessedItems: {} };
    if (wantCapacity) {
      res.ConsumedCapacity = names.map((name) => ({
        CapacityUnits: units[name],
        TableName: name,
        Table: data.ReturnConsumedCapacity === 'INDEXES' ? { CapacityUnits: units[name] } : undefined,
      }));
    }
    cb(null, res);
  };
  for (const name of names) {
    const list = entries[name];
    const itemDb = store.getItemDb(name);
    const operations = list.map(({ request, key }) => (request.PutRequest
      ? { type: 'put', key, value: request.PutRequest.Item }
      : { type: 'del', key }));
    itemDb.lock(list.map((e) => e.key), (release) => {
      const done = release(finished);
      // The old items are read only to price the call when the client asked for its consumed capacity.
      if (!wantCapacity) return itemDb.batch(operations, done);
      // dynalite keeps a table's items under 'item-<table>~<key>' in its one level store (db/index.js getItemDb).
      store.db.getMany(list.map((e) => `item-${name}~${e.key}`)).then((old) => {
        try {
          units[name] = list.reduce((total, { request }, i) => total + (request.PutRequest
            ? db.addConsumedCapacity(data, false, request.PutRequest.Item, old[i])
            : db.addConsumedCapacity(data, false, old[i])).CapacityUnits, 0);
        } catch (error) {
          return done(error);
        }
        itemDb.batch(operations, done);
      }, done);
    });
  }
}

function meterBatchWrite(original) {
  return function batchWriteItem(store, data, cb) {
    const names = Object.keys(data.RequestItems);
    describeAll(store, names, (descriptions) => {
      // A missing or inactive table: dynalite's own answer (ResourceNotFoundException), never a throttle.
      if (!descriptions) return original(store, data, cb);
      const checked = checkBatch(data, descriptions);
      if (checked.invalid) return cb(checked.invalid);
      const now = performance.now();
      const accepted = {};
      const unprocessed = {};
      let acceptedCount = 0;
      for (const name of names) {
        const entry = table(name);
        const metered = isMetered(entry);
        for (const item of checked.entries[name]) {
          // An item's size is computed only to meter it.
          if (!metered || admit(entry, item.request.PutRequest ? writeUnits(item.request.PutRequest.Item) : 1, now)) {
            (accepted[name] ??= []).push(item);
            acceptedCount++;
          } else {
            (unprocessed[name] ??= []).push(item.request);
            entry.stats.rejectedItems++;
          }
        }
      }
      if (acceptedCount === 0) {
        // DynamoDB: when no item of the request could be processed for lack of throughput, the call fails.
        for (const name of Object.keys(unprocessed)) table(name).stats.throttledCalls++;
        return cb(throttled());
      }
      writeBatch(store, original, data, descriptions, accepted, (err, res) => {
        if (err) return cb(err);
        for (const [name, written] of Object.entries(accepted)) table(name).stats.writtenItems += written.length;
        tallyConsumed(res);
        for (const name of Object.keys(unprocessed)) table(name).stats.throttledCalls++;
        if (Object.keys(unprocessed).length > 0) res.UnprocessedItems = unprocessed;
        cb(null, res);
      });
    });
  };
}

function meterSingleWrite(operation, original) {
  return function singleWrite(store, data, cb) {
    const entry = table(data.TableName);
    const units = operation === 'putItem' ? writeUnits(data.Item) : 1;
    const write = (tableStore) => original(tableStore, data, (err, res) => {
      if (!err) {
        entry.stats.writtenItems++;
        entry.stats.writeUnits += units;
      }
      cb(err, res);
    });
    if (!isMetered(entry)) return write(store);
    describeAll(store, [data.TableName], (descriptions) => {
      if (!descriptions) return write(store);
      const invalid = invalidSingle(operation, data, descriptions[data.TableName]);
      if (invalid != null) return cb(invalid);
      if (!admit(entry, units, performance.now())) {
        entry.stats.rejectedItems++;
        entry.stats.throttledCalls++;
        return cb(throttled());
      }
      write(withDescriptions(store, descriptions));
    });
  };
}

function tablesOf(data) {
  if (typeof data?.TableName === 'string') return [data.TableName];
  if (data?.RequestItems && typeof data.RequestItems === 'object') return Object.keys(data.RequestItems);
  return [];
}

// Every action counts its call per table; the write actions are metered. batchWriteItem.js captures the original
// putItem/deleteItem when it loads, so it is loaded first and its items are metered once, in the batch.
const OPERATIONS = ['BatchGetItem', 'BatchWriteItem', 'CreateTable', 'DeleteItem', 'DeleteTable', 'DescribeTable',
  'DescribeTimeToLive', 'GetItem', 'ListTables', 'PutItem', 'Query', 'Scan', 'TagResource', 'UntagResource',
  'ListTagsOfResource', 'UpdateItem', 'UpdateTable'];
const actionModule = (name) => require.resolve(`dynalite/actions/${name[0].toLowerCase()}${name.slice(1)}`);
require(actionModule('BatchWriteItem'));
for (const operation of OPERATIONS) {
  const path = actionModule(operation);
  require(path);
  const module = require.cache[path];
  const original = module.exports;
  if (typeof original !== 'function') fail(`dynalite action ${operation} is not a function: the dynalite version changed`);
  const action = operation[0].toLowerCase() + operation.slice(1);
  const metered = operation === 'BatchWriteItem' ? meterBatchWrite(original)
    : ['PutItem', 'UpdateItem', 'DeleteItem'].includes(operation) ? meterSingleWrite(action, original)
      : original;
  module.exports = function countedAction(store, data, cb) {
    for (const name of tablesOf(data)) {
      const stats = table(name).stats;
      stats.calls[operation] = (stats.calls[operation] ?? 0) + 1;
    }
    return metered(store, data, (err, res) => cb(err && !err.statusCode ? internalError(operation, err) : err, res));
  };
}

const dynalite = require('dynalite');
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, path: options.path });
const dynaliteHandler = server.listeners('request')[0];
server.removeAllListeners('request');

function admin(req, res) {
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
  if (req.method !== 'POST' || !match) {
    req.resume();
    return reply(404, { error: `no admin endpoint ${req.method} ${req.url}` });
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch (e) {
      return reply(400, { error: `invalid JSON: ${e.message}` });
    }
    const name = decodeURIComponent(match[1]);
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
  });
}

server.on('request', (req, res) => {
  if (req.url?.startsWith('/__tuner/')) return admin(req, res);
  const target = req.headers['x-amz-target'];
  const operation = typeof target === 'string' ? target.slice(target.indexOf('.') + 1) : '';
  calls.total++;
  calls.byOperation[operation] = (calls.byOperation[operation] ?? 0) + 1;
  return dynaliteHandler(req, res);
});
server.keepAliveTimeout = 65_000;

// Anything else that escapes (a bug in dynalite or here): log it and keep serving rather than losing every table in
// memory; that one request goes unanswered and its client times out.
process.on('uncaughtException', (error) => {
  process.stderr.write(`dynamodb.mjs: uncaught ${error?.stack ?? error}\n`);
});

function shutdown() {
  server.closeAllConnections?.();
  process.exit(0);
}

process.stdin.on('end', shutdown);
process.stdin.on('close', shutdown);
process.stdin.resume();
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

server.listen(options.port, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ ready: true, port: server.address().port }) + '\n');
});
