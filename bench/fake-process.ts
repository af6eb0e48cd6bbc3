// The fake Access Analyzer in its own process (scenario 1): AWS's servers do not share the gate's event loop,
// so neither should the fake's rule engine and HTTP parsing. The parent talks to it over the IPC channel.
import { type ChildProcess, spawn } from 'node:child_process';
import { startFakeAccessAnalyzer } from '../test/fakes/access-analyzer';

export interface FakeStats {
  calls: number;
  documents: number;
}

type Message = { type: 'ready'; url: string } | ({ type: 'stats' } & FakeStats);

/** In the child: serve until told to close. */
export async function fakeServerChild(latencyMs: number): Promise<void> {
  const fake = await startFakeAccessAnalyzer({ latencyMs });
  const send = (m: Message) => process.send?.(m);
  process.on('message', (m: { type: string }) => {
    if (m.type === 'stats') {
      send({ type: 'stats', calls: fake.calls.ValidatePolicy, documents: fake.validatedDocuments.length });
    } else if (m.type === 'close') {
      void fake.close().then(() => process.exit(0));
    }
  });
  send({ type: 'ready', url: fake.url });
}

export interface FakeProcess {
  url: string;
  stats(): Promise<FakeStats>;
  close(): Promise<void>;
}

function next(child: ChildProcess, type: Message['type']): Promise<Message> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: Message) => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m);
    };
    const onExit = (code: number | null) => reject(new Error(`the fake exited (${code})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** In the parent: starts the fake in a child process running this bundle. */
export async function startFakeProcess(latencyMs: number): Promise<FakeProcess> {
  const child = spawn(process.execPath, [process.argv[1]!, 'fake-server', String(latencyMs)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await next(child, 'ready');
  if (ready.type !== 'ready') throw new Error('unexpected message from the fake');
  return {
    url: ready.url,
    async stats() {
      const waiting = next(child, 'stats');
      child.send({ type: 'stats' });
      const m = await waiting;
      return m.type === 'stats' ? { calls: m.calls, documents: m.documents } : { calls: 0, documents: 0 };
    },
    close() {
      return new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send({ type: 'close' });
      });
    },
  };
}
