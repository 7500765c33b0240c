import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const exeName = process.platform === 'win32' ? 'batchai.exe' : 'batchai';

/** Expands a leading `~` and `${env:NAME}`, as a user writes paths in settings. */
export function expandPath(value: string, env: NodeJS.ProcessEnv = process.env): string {
  let result = value.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => env[name] ?? '');
  if (result === '~' || result.startsWith('~/')) {
    result = path.join(os.homedir(), result.slice(1));
  }
  return result;
}

/**
 * Where to find `batchai`, in order: the setting; during development the build next to the extension
 * (clients/vscode → src/Daemon/bin/{Release,Debug}/net10.0); then PATH. Returns every candidate tried
 * so a failure can say where it looked.
 */
export function daemonCandidates(setting: string | undefined, extensionPath: string, env: NodeJS.ProcessEnv = process.env): string[] {
  if (setting && setting.trim().length > 0) {
    return [expandPath(setting.trim(), env)];
  }
  const repo = path.resolve(extensionPath, '..', '..');
  const candidates = ['Release', 'Debug'].map((c) => path.join(repo, 'src', 'Daemon', 'bin', c, 'net10.0', exeName));
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter((d) => d.length > 0)) {
    candidates.push(path.join(dir, exeName));
  }
  return candidates;
}

export function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function findDaemon(setting: string | undefined, extensionPath: string, env: NodeJS.ProcessEnv = process.env): { path?: string; tried: string[] } {
  const tried = daemonCandidates(setting, extensionPath, env);
  return { path: tried.find(isExecutable), tried };
}
