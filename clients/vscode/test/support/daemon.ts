import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { BatchAiClient } from '../../src/daemon/client';
import { startStdioDaemon } from '../../src/daemon/spawn';
import { withTimeout } from './signals';

/** The daemon built by `dotnet build src/Daemon` (or BATCHAI_DAEMON). */
export function daemonExecutable(): string {
  if (process.env.BATCHAI_DAEMON) {
    return process.env.BATCHAI_DAEMON;
  }
  const repo = path.resolve(__dirname, '..', '..', '..', '..', '..');
  const exe = process.platform === 'win32' ? 'batchai.exe' : 'batchai';
  const candidates = ['Debug', 'Release'].map((c) => path.join(repo, 'src', 'Daemon', 'bin', c, 'net10.0', exe));
  const found = candidates.filter((c) => fs.existsSync(c)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  if (!found) {
    throw new Error(`No daemon build: run \`dotnet build src/Daemon\` first (looked in ${candidates.join(', ')}).`);
  }
  return found;
}

export function repoRoot(): string {
  return path.resolve(__dirname, '..', '..', '..', '..', '..');
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface Simulator {
  baseUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `batchai sim` on a free port; resolves with its base URL, the first line it prints. */
export async function startSimulator(args: string[] = []): Promise<Simulator> {
  const child = spawn(daemonExecutable(), ['sim', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const firstLine = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`batchai sim exited with ${code}`)));
  });
  const baseUrl = (await withTimeout(firstLine, 30_000, 'the simulator to print its URL')).trim();
  return { baseUrl, process: child, stop: () => stopProcess(child) };
}

function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) {
    return false;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface StdioDaemon {
  client: BatchAiClient;
  /** Closes the client and stops the daemon. */
  stop(): Promise<void>;
}

/** The real daemon on stdio, with a typed client that has said `initialize` (protocol 1). */
export async function startStdioClient(dataDirectory: string, clientName = 'test'): Promise<StdioDaemon> {
  const started = startStdioDaemon({ executable: daemonExecutable(), dataDirectory });
  const client = new BatchAiClient(started.connection);
  const stop = async () => {
    client.dispose();
    await stopProcess(started.child);
  };
  try {
    await client.initialize({ clientName, protocolVersion: 1 });
  } catch (e) {
    await stop();
    throw e;
  }
  return { client, stop };
}

/** SIGTERM, and wait for the exit (SIGKILL if it takes more than 10 s). */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !isAlive(child.pid)) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
}

export function writeCsv(dir: string, name: string, questions: string[]): string {
  const file = path.join(dir, name);
  const body = ['id,question', ...questions.map((q, i) => `${i + 1},"${q.replace(/"/g, '""')}"`)].join('\n') + '\n';
  fs.writeFileSync(file, body);
  return file;
}
