// Local Step Functions for Tuner: runs ONE execution of an ASL definition with aws-local-stepfunctions' JS API.
//
//   node stepfunctions.mjs --definition PATH [--substitute Name=Value]... [--timeout-seconds N]
//                          (--statuses JSON | --validate)
//
// Run mode: reads the definition, replaces every ${Name} placeholder with its --substitute value (an unknown
// placeholder is an error, never left in), builds the state machine ONCE (that validates it, ~250 ms), then
// prints the ready line {"ready":true,"validationMs":N,"placeholders":[...]}. It then reads ONE line from stdin:
//   {"input": <execution input>, "name": "<execution name>"}
// and runs the execution. Task states call the function ARN in their Resource through the AWS SDK, which honours
// AWS_ENDPOINT_URL_LAMBDA / AWS_REGION / AWS_ACCESS_KEY_ID from this process's environment. While it runs it prints
// one JSON line per event ({"event":"StateEntered","state":"Planner","index":null,"t":ms}, StateExited with the
// state's output, MapIterationSucceeded/Failed with the iteration index, StateRetried, StateCaught, StateFailed),
// then the final line {"status":<one of the --statuses>,"output":…,"error":…,"cause":…,
// "largestStateBytes":N,"largestState":"<state name> input|output"} and exits. The status strings are not written
// here: --statuses {"success":…,"failure":…,"timeout":…,"abort":…} carries them from their one home, Tuner.Contracts'
// ExecutionStatus (StepFunctionsEngine passes it); run mode refuses to start without it. As on AWS, a state input or output
// above 256 KiB (UTF-8) fails the execution with States.DataLimitExceeded, which no Catch sees; the definition's
// top-level TimeoutSeconds (or --timeout-seconds, which replaces it) ends it with the timeout status.
// A later stdin line {"abort":true} aborts the execution; stdin closing or SIGTERM aborts it and exits.
//
// Validate mode (--validate): substitutes as above and runs asl-validator over the result; prints
// {"valid":bool,"errors":[...],"placeholders":[...]} and exits 0 when valid, 1 otherwise (an unreadable definition
// is reported the same way, as an error).
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { StateMachine, ExecutionAbortedError, ExecutionTimeoutError } from 'aws-local-stepfunctions';
import aslValidator from 'asl-validator';

const PLACEHOLDER = /\$\{([A-Za-z][A-Za-z0-9_]*)\}/g;
// State outputs larger than this are not echoed in events (the final line always carries the full output).
const MAX_EVENT_OUTPUT_CHARS = 64 * 1024;
// Step Functions' limit on a state's input or output (and on the execution's), in bytes of UTF-8.
const MAX_STATE_BYTES = 256 * 1024;
// The execution statuses --statuses must name (role -> the status string Step Functions reports).
const STATUS_ROLES = ['success', 'failure', 'timeout', 'abort'];
// Set from --statuses before anything can end; the last-resort handler below prints a status only once it is known.
let STATUS;
// Validate mode reports a failure as an invalid definition, not as an execution status.
let validating = false;

function parseArgs(argv) {
  const options = { definition: undefined, substitutions: new Map(), validate: false, timeoutSeconds: undefined, statuses: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--definition') {
      options.definition = argv[++i];
    } else if (arg === '--substitute') {
      const pair = argv[++i] ?? '';
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new Error(`--substitute expects Name=Value, got '${pair}'`);
      options.substitutions.set(pair.slice(0, eq), pair.slice(eq + 1));
    } else if (arg === '--timeout-seconds') {
      options.timeoutSeconds = Number(argv[++i]);
      if (!Number.isInteger(options.timeoutSeconds) || options.timeoutSeconds <= 0) throw new Error('--timeout-seconds expects a positive whole number');
    } else if (arg === '--statuses') {
      options.statuses = parseStatuses(argv[++i]);
    } else if (arg === '--validate') {
      options.validate = true;
    } else {
      throw new Error(`unknown argument ${arg}`);
    }
  }
  if (!options.definition) throw new Error('--definition PATH is required');
  if (!options.validate && !options.statuses) throw new Error('--statuses JSON is required to run an execution (the status strings come from Tuner.Contracts)');
  return options;
}

function parseStatuses(text) {
  let statuses;
  try {
    statuses = JSON.parse(text ?? '');
  } catch (error) {
    throw new Error(`--statuses expects a JSON object, got '${text}': ${error.message}`);
  }
  const missing = STATUS_ROLES.filter((role) => typeof statuses?.[role] !== 'string' || statuses[role].length === 0);
  if (missing.length > 0) throw new Error(`--statuses has no status for: ${missing.join(', ')}`);
  return Object.freeze(Object.fromEntries(STATUS_ROLES.map((role) => [role, statuses[role]])));
}

// Replaces placeholders inside the definition's strings. Works on the text so that a placeholder anywhere
// (Resource, Parameters, Comment) is found; values are JSON-escaped so the result stays valid JSON.
function substitute(text, substitutions) {
  const found = new Set();
  const missing = new Set();
  const replaced = text.replace(PLACEHOLDER, (whole, name) => {
    found.add(name);
    if (!substitutions.has(name)) {
      missing.add(name);
      return whole;
    }
    return JSON.stringify(substitutions.get(name)).slice(1, -1);
  });
  return { replaced, placeholders: [...found].sort(), missing: [...missing].sort() };
}

function emit(line) {
  process.stdout.write(JSON.stringify(line) + '\n');
}

function errorInfo(error) {
  // ExecutionError wraps the state's error in `cause`; a Fail state's error name/message are Error/Cause.
  const inner = error && error.name === 'ExecutionError' && error.cause instanceof Error ? error.cause : error;
  const name = inner && inner.name ? String(inner.name) : 'Error';
  let cause = inner && inner.message !== undefined ? inner.message : String(inner);
  if (typeof cause !== 'string') cause = JSON.stringify(cause);
  return { error: name, cause };
}

function boundedOutput(value) {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  return text !== undefined && text.length <= MAX_EVENT_OUTPUT_CHARS ? value : undefined;
}

function toLine(event) {
  const line = { event: event.type, t: event.timestamp };
  if (event.state) {
    line.state = event.state.name;
    line.stateType = event.state.type;
  }
  if (event.parentState) line.state = event.parentState.name;
  line.index = event.index ?? null;
  switch (event.type) {
    case 'StateExited':
      line.output = boundedOutput(event.state.output);
      break;
    case 'StateRetried':
      line.attempt = event.retry?.attempt;
      break;
    case 'StateFailed':
    case 'MapIterationFailed':
    case 'ExecutionFailed':
      line.error = event.Error;
      line.cause = typeof event.Cause === 'string' ? event.Cause : JSON.stringify(event.Cause);
      break;
    default:
      break;
  }
  return line;
}

async function validateOnly(text) {
  let definition;
  try {
    definition = JSON.parse(text);
  } catch (error) {
    return { valid: false, errors: [`not JSON: ${error.message}`] };
  }
  const { isValid, errors } = aslValidator(definition, { checkArn: true, checkPaths: true });
  return {
    valid: isValid,
    errors: (errors ?? []).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message ?? JSON.stringify(e))),
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.validate) {
    validating = true;
  } else {
    STATUS = options.statuses;
  }
  const text = readFileSync(options.definition, 'utf8');
  const { replaced, placeholders, missing } = substitute(text, options.substitutions);

  if (options.validate) {
    const result = missing.length > 0
      ? { valid: false, errors: missing.map((name) => `placeholder \${${name}} has no substitution`) }
      : await validateOnly(replaced);
    emit({ ...result, placeholders });
    process.exit(result.valid ? 0 : 1);
  }

  if (missing.length > 0) {
    throw new Error(`placeholders without a substitution: ${missing.map((n) => '${' + n + '}').join(', ')}`);
  }

  const started = performance.now();
  const definition = JSON.parse(replaced);
  if (options.timeoutSeconds !== undefined) definition.TimeoutSeconds = options.timeoutSeconds;
  // Built once: the constructor validates the definition (asl-validator), Map iterations reuse it unvalidated.
  const machine = new StateMachine(definition, { validationOptions: { checkArn: true, checkPaths: true } });
  const validationMs = Math.round(performance.now() - started);

  let execution;
  let finished = false;
  let overLimit;
  const sizes = { largestStateBytes: 0, largestState: undefined };
  const finish = (line, code) => {
    if (finished) return;
    finished = true;
    emit({ ...line, ...sizes });
    process.exit(code);
  };
  // AWS fails the execution when a state's input or output passes the limit; the engine does not check, so the
  // event pump measures every state and aborts the execution at the first one too large.
  const measure = (event) => {
    for (const [what, value] of [['input', event.state?.input], ['output', event.state?.output]]) {
      if (value === undefined) continue;
      const bytes = Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
      if (bytes > sizes.largestStateBytes) {
        sizes.largestStateBytes = bytes;
        sizes.largestState = `${event.state.name} ${what}`;
      }
      if (bytes > MAX_STATE_BYTES && !overLimit) {
        overLimit = `The state/task '${event.state.name}' returned a result with a size exceeding the maximum number of bytes service limit (${what}: ${bytes} bytes, limit ${MAX_STATE_BYTES})`;
        execution?.abort();
      }
    }
  };
  const abort = () => {
    if (execution) {
      execution.abort();
    } else {
      finish({ status: STATUS.abort, error: 'ExecutionAborted', cause: 'aborted before it started' }, 3);
    }
  };

  process.on('SIGTERM', abort);
  process.on('SIGINT', abort);

  const commands = createInterface({ input: process.stdin, crlfDelay: Infinity });
  commands.on('close', abort);
  commands.on('line', (raw) => {
    const line = raw.trim();
    if (line.length === 0) return;
    let command;
    try {
      command = JSON.parse(line);
    } catch (error) {
      process.stderr.write(`ignored stdin line (not JSON): ${error.message}\n`);
      return;
    }
    if (command.abort) {
      abort();
      return;
    }
    if (execution) {
      process.stderr.write('ignored stdin line: an execution is already running\n');
      return;
    }
    const name = command.name ?? `run-${Date.now()}`;
    execution = machine.run(command.input ?? {}, {
      context: {
        Execution: {
          Id: `arn:aws:states:local:000000000000:execution:tuner:${name}`,
          Name: name,
        },
        StateMachine: { Id: 'arn:aws:states:local:000000000000:stateMachine:tuner', Name: 'tuner' },
      },
    });
    const pumped = pumpEvents(execution.eventLogs, measure);
    // The final line comes after every event line: wait (briefly) for the event log to drain.
    const drained = () => Promise.race([pumped, new Promise((resolve) => setTimeout(resolve, 1000))]);
    execution.result.then(
      async (output) => {
        await drained();
        if (overLimit) {
          finish({ status: STATUS.failure, error: 'States.DataLimitExceeded', cause: overLimit }, 2);
          return;
        }
        finish({ status: STATUS.success, output }, 0);
      },
      async (error) => {
        await drained();
        if (overLimit) {
          finish({ status: STATUS.failure, error: 'States.DataLimitExceeded', cause: overLimit }, 2);
        } else if (error instanceof ExecutionTimeoutError) {
          finish({ status: STATUS.timeout, error: 'States.Timeout', cause: `the execution ran longer than its TimeoutSeconds (${definition.TimeoutSeconds} s)` }, 4);
        } else if (error instanceof ExecutionAbortedError) {
          finish({ status: STATUS.abort, error: 'ExecutionAborted', cause: 'the execution was aborted' }, 3);
        } else {
          finish({ status: STATUS.failure, ...errorInfo(error) }, 2);
        }
      },
    );
  });

  emit({ ready: true, validationMs, placeholders });
}

async function pumpEvents(eventLogs, measure) {
  try {
    for await (const event of eventLogs) {
      if (event.type === 'StateEntered' || event.type === 'StateExited') measure(event);
      // The final status line reports the end of the execution; the Execution* events would duplicate it.
      if (event.type.startsWith('Execution')) continue;
      emit(toLine(event));
    }
  } catch (error) {
    process.stderr.write(`event log failed: ${error && error.stack ? error.stack : error}\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`stepfunctions: ${error && error.stack ? error.stack : error}\n`);
  const cause = String(error && error.message ? error.message : error);
  if (validating) {
    emit({ valid: false, errors: [cause], placeholders: [] });
  } else if (STATUS) {
    emit({ status: STATUS.failure, error: 'States.Runtime', cause });
  }
  // Without --statuses there is no status to print: stderr above and exit 1 say why.
  process.exit(1);
});
