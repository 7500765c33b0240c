import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { oneLine } from '../util/format';

/**
 * A conversation row as the views show it. The ledger (getRows) holds a conversation or image row's prompt as OpenAI's
 * `messages` JSON, images by reference (a path relative to the dataset, a `file:` or http(s) URL); previewDataset gives
 * the same as `messages`. Parsed here, without VS Code, so it is tested in plain Node; the webview only renders.
 */
export type Role = 'system' | 'user' | 'assistant';

export type TurnImage =
  /** A file on this machine, its path resolved against the dataset's folder. */
  | { kind: 'local'; reference: string; path: string }
  /** An http(s) URL: the provider fetches it; the view links to it and never loads it. */
  | { kind: 'remote'; reference: string; url: string }
  /** A base64 data URL already in the dataset: only its type and size are kept, never the bytes. */
  | { kind: 'inline'; mediaType: string; bytes: number }
  /** Anything else (another scheme, a bad file: URL): shown as its text. */
  | { kind: 'other'; reference: string };

export interface Turn {
  role: Role;
  text: string;
  images: TurnImage[];
}

const roles: ReadonlySet<string> = new Set<Role>(['system', 'user', 'assistant']);
/** The longest reference kept as text: a data URL of another kind, or a runaway value, is cut. */
const maxReference = 500;

/**
 * The turns of a prompt as sent, when it is a conversation's JSON (an array of `{role, content}` with at least one user
 * turn, content a string or OpenAI parts); undefined for a plain question, including one that merely starts with `[`.
 */
export function parseConversation(prompt: string, datasetDir: string): Turn[] | undefined {
  const trimmed = prompt.trimStart();
  if (!trimmed.startsWith('[{')) {
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  return conversationOf(value, datasetDir);
}

/** The same from a parsed `messages` array (an output record's); undefined when it is not one. */
export function conversationOf(value: unknown, datasetDir: string): Turn[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    return undefined;
  }
  const turns: Turn[] = [];
  for (const item of value) {
    const turn = turnOf(item, datasetDir);
    if (!turn) {
      return undefined;
    }
    turns.push(turn);
  }
  return turns.some((t) => t.role === 'user') ? turns : undefined;
}

/** previewDataset's messages (text cleaned, images by reference) as turns. */
export function turnsOfPreview(messages: readonly { role: string; text: string; images?: string[] | null }[], datasetDir: string): Turn[] {
  return messages.map((m) => ({
    role: roles.has(m.role) ? (m.role as Role) : 'user',
    text: m.text,
    images: (m.images ?? []).map((r) => resolveImage(r, datasetDir)),
  }));
}

/** The text a one-line summary shows: the last user turn's, which the model answers. */
export function lastUserText(turns: readonly Turn[]): string {
  return [...turns].reverse().find((t) => t.role === 'user')?.text ?? '';
}

export function imageCount(turns: readonly Turn[]): number {
  return turns.reduce((n, t) => n + t.images.length, 0);
}

/** Where an image reference points, as the daemon reads it: relative to the dataset's folder, a `file:` URL, or http(s). */
export function resolveImage(reference: string, datasetDir: string): TurnImage {
  const ref = reference.trim();
  const inline = /^data:([^;,]*)(;base64)?,/i.exec(ref);
  if (inline) {
    const payload = ref.length - inline[0].length;
    return { kind: 'inline', mediaType: inline[1] || 'text/plain', bytes: inline[2] ? Math.floor((payload * 3) / 4) : payload };
  }
  if (/^https?:\/\//i.test(ref)) {
    return { kind: 'remote', reference: ref, url: ref };
  }
  if (/^file:/i.test(ref)) {
    try {
      return { kind: 'local', reference: ref, path: fileURLToPath(ref) };
    } catch {
      return { kind: 'other', reference: ref.slice(0, maxReference) };
    }
  }
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(ref)) {
    return { kind: 'other', reference: ref.slice(0, maxReference) };
  }
  return { kind: 'local', reference: ref, path: path.resolve(datasetDir, ref) };
}

function turnOf(item: unknown, datasetDir: string): Turn | undefined {
  if (typeof item !== 'object' || item === null) {
    return undefined;
  }
  const { role, content } = item as { role?: unknown; content?: unknown };
  if (typeof role !== 'string' || !roles.has(role)) {
    return undefined;
  }
  if (typeof content === 'string' || content === undefined || content === null) {
    return { role: role as Role, text: content ?? '', images: [] };
  }
  if (!Array.isArray(content)) {
    return undefined;
  }
  const texts: string[] = [];
  const images: TurnImage[] = [];
  for (const part of content) {
    if (typeof part === 'string') {
      texts.push(part);
      continue;
    }
    if (typeof part !== 'object' || part === null) {
      return undefined;
    }
    const { text, image_url: image } = part as { text?: unknown; image_url?: unknown };
    const url = typeof image === 'string' ? image : typeof image === 'object' && image !== null ? (image as { url?: unknown }).url : undefined;
    if (typeof url === 'string') {
      images.push(resolveImage(url, datasetDir));
    } else if (typeof text === 'string') {
      texts.push(text);
    }
  }
  return { role: role as Role, text: texts.join('\n'), images };
}

/**
 * A conversation on one line, as a quick pick's detail shows what will be sent: `user: Hi · assistant: Hello · user:
 * What is this? [🖼 imgs/cat.png]`, each turn cut to `perTurn` characters. Role names come localized from the caller.
 */
export function turnsOnOneLine(turns: readonly Turn[], roleLabel: (role: Role) => string, perTurn = 60): string {
  return turns
    .map((t) => {
      const images = t.images.map((i) => `[🖼 ${i.kind === 'inline' ? i.mediaType : i.reference}]`).join(' ');
      return `${roleLabel(t.role)}: ${oneLine(t.text, perTurn)}${images ? ' ' + images : ''}`;
    })
    .join(' · ');
}
