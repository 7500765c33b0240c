import * as path from 'node:path';
import { Role, Turn, TurnImage } from './conversation';

/**
 * What the webview gets for an image: a thumbnail's `src` (a webview URI of a local file the view may read), or a link
 * (`href`, an http(s) URL it never loads), and always a label. Never the bytes: a data URL is named by type and size.
 */
export interface ViewImage {
  src?: string;
  href?: string;
  label: string;
}

export interface ViewTurn {
  role: Role;
  text: string;
  images: ViewImage[];
}

export interface ImageLabels {
  /** A local file the view may not read (outside the dataset's and workspace's folders). */
  notShown(reference: string): string;
  /** A data URL already in the dataset. */
  inline(mediaType: string, kilobytes: number): string;
}

/**
 * Turns as the webview renders them. `webviewUri` maps a local path to what an `<img>` may load, or undefined when the
 * view may not read it (outside its localResourceRoots). Pure: the VS Code parts come in as functions.
 */
export function viewTurns(turns: readonly Turn[], webviewUri: (path: string) => string | undefined, labels: ImageLabels): ViewTurn[] {
  return turns.map((t) => ({ role: t.role, text: t.text, images: t.images.map((i) => viewImage(i, webviewUri, labels)) }));
}

function viewImage(image: TurnImage, webviewUri: (path: string) => string | undefined, labels: ImageLabels): ViewImage {
  switch (image.kind) {
    case 'local': {
      const src = webviewUri(image.path);
      return src ? { src, label: image.reference } : { label: labels.notShown(image.reference) };
    }
    case 'remote':
      return { href: image.url, label: image.reference };
    case 'inline':
      return { label: labels.inline(image.mediaType, Math.max(1, Math.round(image.bytes / 1024))) };
    case 'other':
      return { label: image.reference };
  }
}

/** Whether `file` is inside one of `folders` (so a webview whose localResourceRoots are those folders may load it). */
export function isInside(file: string, folders: readonly string[]): boolean {
  return folders.some((folder) => {
    const relative = path.relative(folder, file);
    return relative.length > 0 && !relative.startsWith('..') && !path.isAbsolute(relative);
  });
}
