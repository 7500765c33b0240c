import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { MessageConnection } from 'vscode-jsonrpc/node';
import { connectStreams } from './transport';

/** Exit code of `batchai serve` when the pipe or the data directory is taken by another daemon. */
export const ExitInUse = 4;

/** The daemon did not start: its exit code and the last lines it wrote, for the log and the message. */
export class DaemonStartError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly lastLines: string[],
  ) {
    super(message);
    this.name = 'DaemonStartError';
  }
}

export interface SpawnOptions {
  executable: string;
  dataDirectory?: string;
  env?: NodeJS.ProcessEnv;
  /** Every line the daemon writes to stderr (its log). */
  onLog?: (line: string) => void;
}

function dataDirArgs(options: SpawnOptions): string[] {
  return options.dataDirectory ? ['--data-dir', options.dataDirectory] : [];
}

/** Keeps the last lines of a stream and hands each to the log. */
function followLog(child: ChildProcess, options: SpawnOptions, onLine?: (line: string) => void): string[] {
  const last: string[] = [];
  if (child.stderr) {
    createInterface({ input: child.stderr }).on('line', (line) => {
      last.push(line);
      if (last.length > 20) {
        last.shift();
      }
      options.onLog?.(line);
      onLine?.(line);
    });
  }
  return last;
}

/**
 * Starts `batchai serve --pipe NAME` in its own process group, so that its jobs outlive this window and other
 * clients (the CLI, a second window) share it. Resolves once the daemon says it serves the pipe (its log line),
 * rejects with a DaemonStartError if it exits first or stays silent past the timeout.
 */
export function startPipeDaemon(options: SpawnOptions & { pipeName: string }, timeoutMs = 30_000): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.executable, ['serve', '--pipe', options.pipeName, ...dataDirArgs(options)], {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: options.env ?? process.env,
      windowsHide: true,
    });
    let settled = false;
    const settle = (action: () => void) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        action();
      }
    };
    const last = followLog(child, options, (line) => {
      if (line.includes('serving JSON-RPC on pipe')) {
        settle(() => {
          child.unref();
          resolve(child);
        });
      }
    });
    const timer = setTimeout(() => {
      settle(() => reject(new DaemonStartError(`batchai serve did not start within ${timeoutMs / 1000} s.`, null, [...last])));
    }, timeoutMs);
    child.once('error', (e) => settle(() => reject(new DaemonStartError(`Cannot run ${options.executable}: ${e.message}`, null, [...last]))));
    child.once('exit', (code, signal) => {
      // Lines still buffered in the pipe arrive after 'exit'; 'close' waits for them.
      child.once('close', () =>
        settle(() => reject(new DaemonStartError(`batchai serve stopped at start-up (${signal ?? `exit code ${code}`}).`, code, [...last]))),
      );
    });
  });
}

/** Starts `batchai serve --stdio`: one private daemon for this client, which stops when the connection ends. */
export function startStdioDaemon(options: SpawnOptions): { child: ChildProcess; connection: MessageConnection; lastLines: string[] } {
  const child = spawn(options.executable, ['serve', '--stdio', ...dataDirArgs(options)], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: options.env ?? process.env,
    windowsHide: true,
  });
  const lastLines = followLog(child, options);
  return { child, connection: connectStreams(child.stdout!, child.stdin!), lastLines };
}
