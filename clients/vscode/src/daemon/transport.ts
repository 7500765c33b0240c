import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable, Writable } from 'node:stream';
import {
  createMessageConnection,
  MessageConnection,
  SocketMessageReader,
  SocketMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';

/** The daemon's default pipe name: `batchai-` and the user name, unsafe characters as `_` (PipeNames.Default). */
export function defaultPipeName(userName: string = os.userInfo().username): string {
  return 'batchai-' + userName.replace(/[^A-Za-z0-9\-_.]/g, '_');
}

/**
 * Where .NET puts a named pipe: a Unix socket `$TMPDIR/CoreFxPipe_<name>` (Path.GetTempPath honours TMPDIR,
 * else /tmp), or `\\.\pipe\<name>` on Windows. The client must see the same TMPDIR as the daemon.
 */
export function pipePath(name: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') {
    return '\\\\.\\pipe\\' + name;
  }
  const tmp = env.TMPDIR && env.TMPDIR.length > 0 ? env.TMPDIR : '/tmp';
  return path.join(tmp, 'CoreFxPipe_' + name);
}

/** Connects to a daemon's pipe; rejects with the socket's error (ENOENT, ECONNREFUSED: no daemon there). */
export function connectPipe(socketPath: string, timeoutMs = 5000): Promise<MessageConnection> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(socketPath);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error(`Timed out connecting to ${socketPath}`), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(createMessageConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket)));
    });
  });
}

/** A connection over a child's stdout/stdin (`batchai serve --stdio`). */
export function connectStreams(input: Readable, output: Writable): MessageConnection {
  return createMessageConnection(new StreamMessageReader(input), new StreamMessageWriter(output));
}

/** True when an error from connectPipe means "no daemon serves this pipe", so one may be started. */
export function isNoDaemon(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ECONNREFUSED';
}
