import { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BatchAiClient } from './client';
import { DaemonStartError, ExitInUse, startPipeDaemon, startStdioDaemon } from './spawn';
import { connectPipe, isNoDaemon, pipePath } from './transport';
import { InitializeResult } from '../protocol/types';
import { ProtocolVersion } from '../protocol/methods';

export interface ConnectOptions {
  pipeName: string;
  /** The daemon executable; undefined when none was found (then only a running daemon can be used). */
  executable?: string;
  /** Where the executable was looked for, for the message when there is none. */
  tried?: string[];
  /** The data directory wanted; undefined accepts whichever the running daemon keeps. */
  dataDirectory?: string;
  clientName: string;
  clientVersion: string;
  env?: NodeJS.ProcessEnv;
  onLog?: (line: string) => void;
  startTimeoutMs?: number;
}

export interface Connected {
  client: BatchAiClient;
  info: InitializeResult;
  /** How it got there, for the log: an existing daemon's pipe, one this client started, or a private stdio daemon. */
  via: 'pipe' | 'started' | 'stdio';
  /** The daemon process when this call started it. */
  process?: ChildProcess;
}

export class DaemonNotFoundError extends Error {
  constructor(readonly tried: string[]) {
    super(`batchai was not found (looked in: ${tried.join(', ')}).`);
    this.name = 'DaemonNotFoundError';
  }
}

function samePath(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  return real(a) === real(b);
}

async function initialize(client: BatchAiClient, options: ConnectOptions): Promise<InitializeResult> {
  return client.initialize({ clientName: options.clientName, clientVersion: options.clientVersion, protocolVersion: ProtocolVersion });
}

async function tryPipe(options: ConnectOptions): Promise<Connected | 'none' | 'otherDataDirectory'> {
  let client: BatchAiClient;
  try {
    client = new BatchAiClient(await connectPipe(pipePath(options.pipeName, options.env)));
  } catch (e) {
    if (isNoDaemon(e)) {
      return 'none';
    }
    throw e;
  }
  const info = await initialize(client, options);
  if (options.dataDirectory && !samePath(options.dataDirectory, info.dataDirectory)) {
    options.onLog?.(`The daemon on pipe ${options.pipeName} keeps ${info.dataDirectory}, not ${options.dataDirectory}: starting a private one.`);
    client.dispose();
    return 'otherDataDirectory';
  }
  return { client, info, via: 'pipe' };
}

async function startStdio(options: ConnectOptions, executable: string): Promise<Connected> {
  const started = startStdioDaemon({ executable, dataDirectory: options.dataDirectory, env: options.env, onLog: options.onLog });
  const exited = new Promise<never>((_, reject) => {
    started.child.once('error', (e) => reject(new DaemonStartError(`Cannot run ${executable}: ${e.message}`, null, started.lastLines)));
    started.child.once('close', (code) => reject(new DaemonStartError(`batchai serve stopped at start-up (exit code ${code}).`, code, started.lastLines)));
  });
  exited.catch(() => undefined);
  const client = new BatchAiClient(started.connection);
  client.onClose(() => started.child.kill());
  const info = await Promise.race([initialize(client, options), exited]);
  return { client, info, via: 'stdio', process: started.child };
}

/**
 * Connects to the daemon serving the pipe when it keeps the wanted data directory, else starts one on the pipe
 * (shared with the CLI and other windows), else, when the pipe's daemon keeps another data directory, a private
 * daemon over stdio. A second start racing ours (exit 4) is resolved by connecting to the winner.
 */
export async function connectOrStart(options: ConnectOptions): Promise<Connected> {
  const first = await tryPipe(options);
  if (typeof first === 'object') {
    return first;
  }
  if (!options.executable) {
    throw new DaemonNotFoundError(options.tried ?? []);
  }
  if (first === 'otherDataDirectory') {
    return startStdio(options, options.executable);
  }
  let child: ChildProcess | undefined;
  try {
    child = await startPipeDaemon({ ...options, executable: options.executable }, options.startTimeoutMs);
  } catch (e) {
    if (!(e instanceof DaemonStartError && e.exitCode === ExitInUse)) {
      throw e;
    }
    // Another daemon won the pipe, or keeps our data directory on another pipe: use the pipe if it is ours.
  }
  const second = await tryPipe(options);
  if (typeof second === 'object') {
    return { ...second, via: 'started', process: child };
  }
  throw new DaemonStartError(`batchai serve did not answer on pipe ${options.pipeName}.`, null, []);
}
