import * as vscode from 'vscode';
import { ProfileSetting } from './profiles';

/** The `batchai.*` settings, read fresh each time (a change applies to the next job). */
export interface Settings {
  profiles: ProfileSetting[];
  defaultProfile?: string;
  concurrency: number;
  systemPrompt: string;
  temperature?: number;
  daemonPath?: string;
  dataDirectory?: string;
  pipeName?: string;
  openOutputWhenDone: boolean;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('batchai');
  const temperature = c.get<number | null>('temperature', null);
  const nonEmpty = (v: string | undefined) => (v && v.trim().length > 0 ? v.trim() : undefined);
  return {
    profiles: c.get<ProfileSetting[]>('profiles', []),
    defaultProfile: nonEmpty(c.get<string>('defaultProfile')),
    concurrency: c.get<number>('concurrency', 8),
    systemPrompt: c.get<string>('systemPrompt', ''),
    temperature: temperature ?? undefined,
    daemonPath: nonEmpty(c.get<string>('daemonPath')),
    dataDirectory: nonEmpty(c.get<string>('dataDirectory')),
    pipeName: nonEmpty(c.get<string>('pipeName')),
    openOutputWhenDone: c.get<boolean>('openOutputWhenDone', true),
  };
}
