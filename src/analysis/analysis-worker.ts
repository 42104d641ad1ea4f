import { writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config/config.js';
import { Session, systemClock } from '../session.js';
import { buildOutputs } from '../sinks.js';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-messages.js';

/**
 * The analysis thread of middleware mode: receives copies of the stdin chunks the main
 * thread has already echoed, and runs the session (split, decode, correlate, judge,
 * report) on them. It writes to stderr and files itself, synchronously, so nothing it
 * says waits on the main thread and a SIGKILL loses nothing already written.
 */
async function main(port: NonNullable<typeof parentPort>, setup: WorkerSetup): Promise<void> {
  const stderr = {
    isTTY: setup.stderrIsTTY,
    write: (text: string): void => {
      try {
        writeSync(2, text);
      } catch {
        // stderr is gone: nothing left to tell.
      }
    },
  };
  const config: Config = setup.config;
  const { sinks, warn } = await buildOutputs(config, { stderr, env: setup.env }, systemClock);
  const session = new Session(config, sinks, systemClock, warn);
  const send = (message: FromWorker): void => port.postMessage(message);
  port.on('message', (message: ToWorker) => {
    if (message.type === 'chunk') {
      session.chunk(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength));
      send({ type: 'analysed', bytes: message.bytes.byteLength });
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
