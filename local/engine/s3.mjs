// Local S3 for Tuner: s3rver on 127.0.0.1 and a free port.
//
//   node s3.mjs [--dir DIR] [--bucket NAME]...
//
// Prints one line {"ready":true,"port":N,"directory":"..."} when it listens. Exits when stdin closes
// (so a dying parent never leaves it behind) and on SIGTERM/SIGINT. Without --dir the objects live in a
// fresh temporary folder that is removed on exit. Clients must use path-style addressing and the
// credentials S3RVER/S3RVER, and must not send aws-chunked bodies (see FACTS.md).
//
// Two things s3rver 3.7.1 lacks are added in front of its own middleware: S3's conditional writes (If-None-Match: *
// and If-Match on PutObject, If-Match on DeleteObject; s3-preconditions.mjs) and injected failures for fault tests
// (/_tuner/faults; s3-faults.mjs).
import { spawn } from 'node:child_process';
import { createCipheriv } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { faults } from './s3-faults.mjs';
import { preconditions } from './s3-preconditions.mjs';

// s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only offers through its legacy
// provider: without it every truncated listing answers InternalError. Re-run this script with the provider on
// (sharing stdin/stdout, so the ready line and the stdin-tied lifetime stay as they are).
if (!desAvailable()) {
  if (process.env.TUNER_S3_LEGACY_PROVIDER === '1') {
    process.stderr.write('s3.mjs: DES is unavailable even with --openssl-legacy-provider; listings over one page will fail\n');
  } else {
    const child = spawn(process.execPath, ['--openssl-legacy-provider', fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, TUNER_S3_LEGACY_PROVIDER: '1' },
    });
    for (const signal of ['SIGTERM', 'SIGINT']) {
      process.on(signal, () => child.kill(signal));
    }
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
    await new Promise(() => {});
  }
}

function desAvailable() {
  try {
    createCipheriv('des', Buffer.alloc(8), Buffer.alloc(8));
    return true;
  } catch {
    return false;
  }
}

const require = createRequire(import.meta.url);
const S3rver = require('s3rver');

function parseArgs(argv) {
  const options = { dir: undefined, buckets: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--dir') {
      options.dir = argv[++i];
    } else if (arg === '--bucket') {
      options.buckets.push(argv[++i]);
    } else {
      throw new Error(`unknown argument ${arg}`);
    }
  }
  return options;
}

const options = parseArgs(process.argv.slice(2));
const temporary = options.dir === undefined;
const directory = temporary ? mkdtempSync(join(tmpdir(), 'tuner-s3-')) : options.dir;
mkdirSync(directory, { recursive: true });

const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  // Path-style only: no virtual-host bucket detection on 127.0.0.1.
  vhostBuckets: false,
  configureBuckets: options.buckets.map((name) => ({ name })),
});
// Koa composes `middleware` when the server starts listening, so these run before s3rver's own.
server.middleware.unshift(faults(), preconditions(server.store));

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  try {
    await server.close();
  } catch {
    // Not running yet, or already closed.
  }
  if (temporary) {
    rmSync(directory, { recursive: true, force: true });
  }
  process.exit(code);
}

process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));
process.stdin.on('end', () => stop(0));
process.stdin.on('close', () => stop(0));
process.stdin.resume();

try {
  const address = await server.run();
  process.stdout.write(JSON.stringify({ ready: true, port: address.port, directory }) + '\n');
} catch (error) {
  process.stderr.write(`s3rver failed to start: ${error && error.stack ? error.stack : error}\n`);
  await stop(1);
}
