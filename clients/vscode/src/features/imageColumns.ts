import { PreviewDatasetResult } from '../protocol/types';

/** The names the daemon takes as the image column when none is given (src/Daemon/Prompting/ImageColumn.cs). */
export const defaultImageColumnNames: readonly string[] = ['image', 'images', 'image_path', 'image_url', 'img', '图片'];

const imageReference = /^(data:image\/|https?:\/\/\S+\.(png|jpe?g|gif|webp|bmp)(\?\S*)?$)|\.(png|jpe?g|gif|webp|bmp)$/i;

export interface ImageColumnCandidate {
  column: string;
  /** Named as the daemon detects: it is used unless another image column is named. */
  detected: boolean;
}

/**
 * Columns that may hold each row's image: the one the daemon would detect by its name (first), then those whose leading
 * cells look like image references (a path or URL ending in an image extension, a data URL, a JSON list of them). The
 * question column is not one. Pure, so tested in Node.
 */
export function imageColumnCandidates(preview: Pick<PreviewDatasetResult, 'columns' | 'rows' | 'promptColumn'>): ImageColumnCandidate[] {
  const isDefault = (c: string) => defaultImageColumnNames.includes(c.trim().toLowerCase());
  const detected = preview.columns.find(isDefault);
  const candidates: ImageColumnCandidate[] = detected !== undefined && detected !== preview.promptColumn ? [{ column: detected, detected: true }] : [];
  preview.columns.forEach((column, i) => {
    if (column === detected || column === preview.promptColumn) {
      return;
    }
    const cells = preview.rows.map((r) => r.cells[i]?.trim() ?? '').filter((c) => c.length > 0);
    if (cells.length > 0 && cells.every((c) => references(c).every((r) => imageReference.test(r)))) {
      candidates.push({ column, detected: false });
    }
  });
  return candidates;
}

function references(cell: string): string[] {
  if (cell.startsWith('[')) {
    try {
      const list: unknown = JSON.parse(cell);
      if (Array.isArray(list) && list.length > 0 && list.every((r) => typeof r === 'string')) {
        return list as string[];
      }
    } catch {
      // not a list: a path that starts with a bracket
    }
  }
  return [cell];
}
