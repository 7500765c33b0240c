import * as assert from 'node:assert/strict';
import { JobStore } from '../../src/features/jobStore';
import { JobCounts, JobInfo } from '../../src/protocol/types';

const counts = (done: number): JobCounts => ({
  total: 10, totalKnown: true, done, failed: 0, skipped: 0, inFlight: 1, pending: 10 - done, promptTokens: 0, completionTokens: 0, rowsPerSecond: 1, etaSeconds: 5,
});
const job = (id: string, createdAt: string, state: JobInfo['state'] = 'running'): JobInfo => ({
  jobId: id, state, input: `/d/${id}.csv`, output: `/d/${id}.answers.jsonl`, format: 'jsonl', model: 'm', baseUrl: 'http://x', counts: counts(0), createdAt,
});

describe('JobStore', () => {
  it('list_NewestFirst', () => {
    const store = new JobStore();
    store.replaceAll([job('a', '2026-01-01T00:00:00Z'), job('b', '2026-02-01T00:00:00Z')]);
    assert.deepEqual(store.list().map((j) => j.jobId), ['b', 'a']);
  });

  it('applyProgress_KnownJob_UpdatesCountsAndFires', () => {
    const store = new JobStore();
    store.replaceAll([job('a', '2026-01-01T00:00:00Z')]);
    let fired = 0;
    store.onDidChange(() => fired++);
    assert.equal(store.applyProgress({ jobId: 'a', state: 'running', counts: counts(4) }), true);
    assert.equal(store.get('a')?.counts.done, 4);
    assert.equal(fired, 1);
  });

  it('applyProgress_UnknownJob_SaysSo', () => {
    const store = new JobStore();
    assert.equal(store.applyProgress({ jobId: 'z', state: 'running', counts: counts(1) }), false);
    assert.equal(store.applyState({ jobId: 'z', state: 'paused', previousState: 'running' }), false);
  });

  it('active_OnlyRunningOrQueued', () => {
    const store = new JobStore();
    store.replaceAll([job('a', '1', 'running'), job('b', '2', 'paused'), job('c', '3', 'queued'), job('d', '4', 'completed')]);
    assert.deepEqual(store.active().map((j) => j.jobId).sort(), ['a', 'c']);
    store.applyState({ jobId: 'a', state: 'completed', previousState: 'running' });
    assert.deepEqual(store.active().map((j) => j.jobId), ['c']);
  });
});
