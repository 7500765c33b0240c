import * as assert from 'node:assert/strict';
import { batchLines, batchSummary, submittedText } from '../../src/features/batchView';
import { BatchStatus, JobInfo } from '../../src/protocol/types';

const labels = {
  state: (s: string) => s.replace('_', ' '),
  batches: (n: number, states: string) => `${n} batches: ${states}`,
  answered: (c: number, l: number) => `${c}/${l} answered`,
  failed: (n: number) => `${n} failed`,
  submitted: (n: number) => `${n} submitted`,
};

const batch = (seq: number, state: string, completed: number, failed: number, batchId?: string, error?: string): BatchStatus => ({
  seq,
  state,
  lines: 500,
  bytes: 120_000,
  fileId: batchId ? `file-${seq}` : null,
  batchId: batchId ?? null,
  completed,
  failed,
  error: error ?? null,
  updatedAt: '2026-12-07T18:00:00Z',
});

// A batch job as getJob gives it: three files, one folded, one in progress, one written and not yet uploaded.
const job: Pick<JobInfo, 'batches' | 'counts'> = {
  batches: [batch(2, 'in_progress', 120, 3, 'batch_b'), batch(1, 'folded', 500, 0, 'batch_a'), batch(3, 'written', 0, 0), batch(4, 'failed', 0, 0, 'batch_d', 'invalid_request: line 3')],
  counts: { total: 2000, totalKnown: true, done: 500, failed: 0, skipped: 0, inFlight: 0, pending: 0, promptTokens: 0, completionTokens: 0, rowsPerSecond: 0, submitted: 1500, byBatch: 500 },
};

describe('batchView', () => {
  it('batchSummary_CountsByStateInTheOrderABatchPasses', () => {
    assert.equal(batchSummary(job.batches, labels), '4 batches: 1 written, 1 in progress, 1 folded, 1 failed');
  });

  it('batchSummary_NoBatches_Empty', () => {
    assert.equal(batchSummary(undefined, labels), '');
    assert.equal(batchSummary([], labels), '');
  });

  it('batchLines_EachBatchWithItsCountsIdAndError', () => {
    assert.deepEqual(batchLines(job.batches, labels), [
      '#2 in progress · 120/500 answered, 3 failed · batch_b',
      '#1 folded · 500/500 answered · batch_a',
      '#3 written · 0/500 answered',
      '#4 failed · 0/500 answered · batch_d · invalid_request: line 3',
    ]);
  });

  it('submittedText_RowsInProviderBatches_ElseEmpty', () => {
    assert.equal(submittedText(job.counts, labels), '1500 submitted');
    assert.equal(submittedText({ submitted: 0 }, labels), '');
    assert.equal(submittedText({}, labels), '');
  });
});
