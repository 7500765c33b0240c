import * as assert from 'node:assert/strict';
import { GetRowsParams, GetRowsResult, JobRow } from '../../src/protocol/types';
import { ResultsLedger, RowsSource } from '../../src/features/resultsLedger';
import { ResultsModel } from '../../src/features/resultsModel';

/** A ledger of `count` rows whose prompts are "Title i: body i", every row done up to `done`, the rest pending. */
function ledger(count: number, done: number): RowsSource & { calls: GetRowsParams[] } {
  const rows: JobRow[] = Array.from({ length: count }, (_, i) => ({
    row: i,
    state: i < done ? 'done' : 'pending',
    prompt: `Title ${i}: body ${i}`,
    answer: i < done ? `answer ${i}` : null,
    attempts: i < done ? 1 : 0,
  }));
  const calls: GetRowsParams[] = [];
  return {
    calls,
    getRows: async (p): Promise<GetRowsResult> => {
      calls.push(p);
      const from = p.from ?? 0;
      const limit = p.limit ?? 100;
      const matching = rows.filter((r) => r.row >= from && (!p.state || r.state === p.state));
      return { rows: matching.slice(0, limit), next: matching[limit]?.row ?? null };
    },
  };
}

describe('ResultsLedger', () => {
  it('readFinished_DoneRowsWithTheirPromptsAsSent_PendingNotShown', async () => {
    const model = new ResultsModel();
    const source = ledger(5, 2);
    assert.equal(await new ResultsLedger('j', model, async () => source).readFinished(), true);
    assert.deepEqual(model.all().map((r) => [r.row, r.question, r.answer]), [[0, 'Title 0: body 0', 'answer 0'], [1, 'Title 1: body 1', 'answer 1']]);
  });

  it('want_RowsArrivingByNotification_ReadTheirPromptsOnly_OneGetRowsPerSpan', async () => {
    const model = new ResultsModel();
    const source = ledger(3000, 0);
    let told = 0;
    const results = new ResultsLedger('j', model, async () => source, () => told++);
    for (const row of [5, 3, 8, 2500]) {
      model.applyToken({ jobId: 'j', row, text: 'streaming' });
      results.want(row);
    }
    await results.idle();
    assert.deepEqual(model.all().map((r) => [r.row, r.question]), [[3, 'Title 3: body 3'], [5, 'Title 5: body 5'], [8, 'Title 8: body 8'], [2500, 'Title 2500: body 2500']]);
    // Rows 3 to 8 in one call, 2500 in another; rows 4, 6 and 7 were read but not kept.
    assert.deepEqual(source.calls.map((c) => [c.from, c.limit, c.state]), [[3, 6, undefined], [2500, 1, undefined]]);
    assert.ok(!model.hasPrompt(4));
    assert.ok(told > 0);

    // A row whose prompt is known asks nothing.
    source.calls.length = 0;
    model.applyRowCompleted({ jobId: 'j', row: 5, succeeded: true, answer: 'a', attempts: 1 });
    results.want(5);
    await results.idle();
    assert.deepEqual(source.calls, []);
  });

  it('readFinished_DaemonWithoutGetRows_FalseAndWantAsksNothing', async () => {
    const model = new ResultsModel();
    let calls = 0;
    const results = new ResultsLedger('j', model, async () => ({
      getRows: async () => {
        calls++;
        throw new Error('Unhandled method getRows');
      },
    }));
    assert.equal(await results.readFinished(), false);
    const before = calls;
    model.applyToken({ jobId: 'j', row: 0, text: 'x' });
    results.want(0);
    await results.idle();
    assert.equal(calls, before);
  });
});
