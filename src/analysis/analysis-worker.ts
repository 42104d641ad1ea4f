import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config/config.js';
import { Engine } from '../engine.js';
import { Session, systemClock } from '../session.js';
import { buildOutputs } from '../sinks.js';
import { writeAllSync } from '../stream/write-all.js';
import { FLOW, MAX_BYTES_IN_FLIGHT } from './worker-messages.js';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-messages.js';

const STDERR_FD = 2;

/**
 * The analysis thread of middleware mode: receives copies of the stdin chunks the main
 * thread has already echoed, and runs the session (split, decode, correlate, judge,
 * report) on them. It writes to stderr and files itself, synchronously, so nothing it
 * says waits on the main thread and a SIGKILL loses nothing already written.
 */
async function main(port: NonNullable<typeof parentPort>, setup: WorkerSetup): Promise<void> {
  const stderr = {
    isTTY: setup.stderrIsTTY,
    // The main thread's stderr stream makes fd 2 non-blocking: wait out a full pipe rather
    // than drop or tear a line. A closed stderr just swallows the text.
    write: (text: string): void => {
      writeAllSync(STDERR_FD, Buffer.from(text), true);
    },
  };
  const config: Config = setup.config;
  const { sinks, warn } = await buildOutputs(config, { stderr, env: setup.env }, systemClock);
  const session = new Session(config, sinks, systemClock, warn, (sink) => new Engine(config, sink));
  const send = (message: FromWorker): void => port.postMessage(message);
  port.on('message', (message: ToWorker) => {
    if (message.type === 'chunk') {
      const bytes = message.bytes.byteLength;
      session.chunk(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, bytes));
      const left = Atomics.sub(setup.flow, FLOW.inFlight, bytes) - bytes;
      if (left <= MAX_BYTES_IN_FLIGHT / 2 && Atomics.compareExchange(setup.flow, FLOW.waiting, 1, 0) === 1) send({ type: 'drained' });
      return;
    }
    void session.finish(message.inputEnded).then((code) => {
      send({ type: 'finished', code });
      port.close();
    });
  });
  send({ type: 'ready' });
}

if (parentPort !== null) await main(parentPort, workerData as WorkerSetup);
