/** Formatting without VS Code, so it is unit-tested in plain Node. */

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) {
    return '–';
  }
  const s = Math.round(seconds);
  if (s < 60) {
    return `${s}s`;
  }
  const m = Math.floor(s / 60);
  if (m < 60) {
    return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  }
  const h = Math.floor(m / 60);
  return `${h}h ${String(m % 60).padStart(2, '0')}m`;
}

export function formatRate(rowsPerSecond: number): string {
  if (!Number.isFinite(rowsPerSecond) || rowsPerSecond <= 0) {
    return '0';
  }
  return rowsPerSecond >= 10 ? rowsPerSecond.toFixed(0) : rowsPerSecond.toFixed(1);
}

/** Rows finished (answered, failed or skipped) out of the total; the total may still be growing. */
export function finishedRows(counts: { done: number; failed: number; skipped: number }): number {
  return counts.done + counts.failed + counts.skipped;
}

/** 0..100, or undefined while the total is not known. */
export function percent(counts: { done: number; failed: number; skipped: number; total: number; totalKnown: boolean }): number | undefined {
  if (!counts.totalKnown || counts.total <= 0) {
    return counts.totalKnown ? 100 : undefined;
  }
  return Math.min(100, (100 * finishedRows(counts)) / counts.total);
}

/** One line, at most `max` characters, for quick picks and table cells. */
export function oneLine(text: string | null | undefined, max = 120): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

/** True for endpoints on this machine (the simulator, Ollama, vLLM on localhost), which need no key. */
export function isLocalUrl(baseUrl: string): boolean {
  try {
    const host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || host.startsWith('127.') || host === '0.0.0.0';
  } catch {
    return false;
  }
}
