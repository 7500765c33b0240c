import * as assert from 'node:assert/strict';
import { answerViews } from '../../src/features/answersView';
import { ResultsModel } from '../../src/features/resultsModel';
import { JobRow, RowAnswer } from '../../src/protocol/types';

const answer = (slot: number, model: string, sample: number, text: string | null, score?: number, reason?: string, state = 'done'): RowAnswer => ({
  slot,
  model,
  sample,
  state,
  answer: text,
  error: state === 'failed' ? 'HTTP 400' : null,
  score: score ?? null,
  scoreReason: reason ?? null,
});

// A row answered twice by each of two models and judged, as getRows gives it.
const judgedRow: JobRow = {
  row: 4,
  state: 'done',
  prompt: 'Why is the sky blue?',
  answer: 'Rayleigh scattering.',
  attempts: 1,
  batch: 'batch_abc',
  answers: [
    answer(2, 'dear', 0, 'Because of Rayleigh scattering of sunlight.', 9, 'Correct and complete.'),
    answer(0, 'cheap', 0, 'Rayleigh scattering.', 6, 'Correct but terse.'),
    answer(1, 'cheap', 1, 'It reflects the sea.', 2, 'Wrong.'),
    answer(3, 'dear', 1, null, undefined, undefined, 'failed'),
  ],
};

describe('answersView', () => {
  it('answerViews_InSlotOrder_SamplesFromOne_ScoreReasonAndTheBestMarked', () => {
    const views = answerViews(judgedRow.answers)!;
    assert.deepEqual(
      views.map((v) => [v.slot, v.model, v.sample, v.state, v.text, v.score, v.reason, v.best]),
      [
        [0, 'cheap', 1, 'done', 'Rayleigh scattering.', 6, 'Correct but terse.', undefined],
        [1, 'cheap', 2, 'done', 'It reflects the sea.', 2, 'Wrong.', undefined],
        [2, 'dear', 1, 'done', 'Because of Rayleigh scattering of sunlight.', 9, 'Correct and complete.', true],
        [3, 'dear', 2, 'failed', 'HTTP 400', undefined, undefined, undefined],
      ],
    );
  });

  it('answerViews_NoneOrEmpty_Undefined_AllScoredAlike_NoBest', () => {
    assert.equal(answerViews(undefined), undefined);
    assert.equal(answerViews([]), undefined);
    const tied = answerViews([answer(0, 'm', 0, 'a', 5), answer(1, 'm', 1, 'b', 5)])!;
    assert.deepEqual(tied.map((v) => v.best), [undefined, undefined]);
  });

  it('ResultsModel_LedgerRowWithAnswersAndBatch_EachAnswerHeadedByModelAndSample', () => {
    const m = new ResultsModel(2000, '.', (n) => `sample ${n}`);
    m.applyLedgerRow(judgedRow);
    const [row] = m.all();
    assert.equal(row.batch, 'batch_abc');
    assert.deepEqual(row.answers!.map((a) => [a.heading, a.score]), [
      ['cheap · sample 1', 6],
      ['cheap · sample 2', 2],
      ['dear · sample 1', 9],
      ['dear · sample 2', undefined],
    ]);
  });

  it('ResultsModel_RowCompletedWithAnswersOfOneSampleEach_HeadedByModelOnly', () => {
    const m = new ResultsModel();
    m.applyRowCompleted({
      jobId: 'j',
      row: 0,
      succeeded: true,
      answer: 'a',
      attempts: 1,
      answers: [answer(0, 'cheap', 0, 'a', 7, 'fine'), answer(1, 'dear', 0, 'b', 8, 'better')],
    });
    const [row] = m.all();
    assert.deepEqual(row.answers!.map((a) => [a.heading, a.text, a.reason, a.best]), [
      ['cheap', 'a', 'fine', undefined],
      ['dear', 'b', 'better', true],
    ]);
    assert.equal(row.batch, undefined);
  });

  it('ResultsModel_PlainRow_NoAnswers', () => {
    const m = new ResultsModel();
    m.applyLedgerRow({ row: 1, state: 'done', prompt: 'q', answer: 'a', attempts: 1 });
    assert.equal(m.all()[0].answers, undefined);
  });
});
