import * as assert from 'node:assert/strict';
import { ResultsModel } from '../../src/features/resultsModel';

const completed = (row: number, succeeded: boolean, answer: string | null, error: string | null = null) => ({
  jobId: 'j', row, succeeded, answer, error, finishReason: succeeded ? 'stop' : null, attempts: 1,
});

describe('ResultsModel', () => {
  it('applyToken_AppendsPerRow', () => {
    const m = new ResultsModel();
    m.applyToken({ jobId: 'j', row: 2, text: 'The sky ' });
    m.applyToken({ jobId: 'j', row: 2, text: 'is blue' });
    assert.equal(m.all()[0].answer, 'The sky is blue');
    assert.equal(m.all()[0].status, 'streaming');
  });

  it('applyToken_Reset_DropsWhatArrived', () => {
    const m = new ResultsModel();
    m.applyToken({ jobId: 'j', row: 0, text: 'half an answ' });
    m.applyToken({ jobId: 'j', row: 0, text: 'Again', reset: true });
    assert.equal(m.all()[0].answer, 'Again');
  });

  it('applyToken_Reasoning_KeptApart', () => {
    const m = new ResultsModel();
    m.applyToken({ jobId: 'j', row: 0, text: 'thinking', reasoning: true });
    m.applyToken({ jobId: 'j', row: 0, text: 'answer' });
    assert.equal(m.all()[0].reasoning, 'thinking');
    assert.equal(m.all()[0].answer, 'answer');
  });

  it('applyRowCompleted_FinalAnswerWins_LateTokensIgnored', () => {
    const m = new ResultsModel();
    m.applyToken({ jobId: 'j', row: 0, text: 'partial' });
    m.applyRowCompleted(completed(0, true, 'full answer'));
    m.applyToken({ jobId: 'j', row: 0, text: ' late' });
    assert.equal(m.all()[0].answer, 'full answer');
    assert.equal(m.all()[0].status, 'done');
  });

  it('all_FilterFailed_OnlyFailedRows', () => {
    const m = new ResultsModel();
    m.applyRowCompleted(completed(0, true, 'a'));
    m.applyRowCompleted(completed(1, false, null, 'HTTP 400'));
    m.applyToken({ jobId: 'j', row: 2, text: 'x' });
    assert.deepEqual(m.all('failed').map((r) => r.row), [1]);
    assert.deepEqual(m.all('streaming').map((r) => r.row), [2]);
    assert.deepEqual(m.counts(), { streaming: 1, done: 1, failed: 1 });
  });

  it('takeChanges_EachChangeOnce_InRowOrder', () => {
    const m = new ResultsModel();
    m.applyToken({ jobId: 'j', row: 5, text: 'a' });
    m.applyToken({ jobId: 'j', row: 1, text: 'b' });
    m.applyToken({ jobId: 'j', row: 5, text: 'c' });
    assert.deepEqual(m.takeChanges().map((r) => r.row), [1, 5]);
    assert.deepEqual(m.takeChanges(), []);
  });

  it('setQuestions_FillsRowsBeforeAndAfter', () => {
    const m = new ResultsModel();
    m.applyToken({ jobId: 'j', row: 0, text: 'a' });
    m.setQuestions(new Map([[0, 'Q0'], [1, 'Q1']]));
    m.applyRowCompleted(completed(1, true, 'b'));
    assert.deepEqual(m.all().map((r) => r.question), ['Q0', 'Q1']);
  });

  it('applyOutputRecord_ErrorMeansFailed', () => {
    const m = new ResultsModel();
    m.applyOutputRecord({ index: 3, question: 'q', answer: null, error: 'row 3: duplicate of row 1; not sent again' });
    assert.equal(m.all('failed').length, 1);
  });

  it('applyLedgerRow_PromptAsSentKept_SkippedIsFailed_PendingNotShown_InFlightNeverUndoesACompletion', () => {
    const m = new ResultsModel();
    m.applyRowCompleted(completed(4, true, 'a4'));
    m.applyLedgerRow({ row: 0, state: 'done', prompt: 'Title: body', answer: 'a0', attempts: 2, completionTokens: 7 });
    m.applyLedgerRow({ row: 1, state: 'skipped', prompt: 'Title: body', error: 'row 1: duplicate of row 0; not sent again', attempts: 0 });
    m.applyLedgerRow({ row: 2, state: 'pending', prompt: 'later', attempts: 0 });
    m.applyLedgerRow({ row: 5, state: 'submitted', prompt: 'in a batch', attempts: 0, batch: 'batch_1' });
    m.applyLedgerRow({ row: 3, state: 'inFlight', prompt: 'asked now', attempts: 1 });
    m.applyLedgerRow({ row: 4, state: 'inFlight', prompt: 'already answered', attempts: 1 });
    // A preview of the input knows only the detected column, not the rendered template.
    m.setQuestions(new Map([[0, 'body'], [3, 'now']]));

    assert.deepEqual(
      m.all().map((r) => [r.row, r.status, r.question, r.answer]),
      [
        [0, 'done', 'Title: body', 'a0'],
        [1, 'failed', 'Title: body', ''],
        [3, 'streaming', 'asked now', ''],
        [4, 'done', undefined, 'a4'],
      ],
    );
    assert.equal(m.all()[0].attempts, 2);
    assert.match(m.all('failed')[0].error ?? '', /duplicate of row 0/);
  });

  it('applyPrompt_ReplacesAPreviewQuestion_RowNotInTheViewNotKept', () => {
    const m = new ResultsModel();
    m.setQuestions(new Map([[0, 'Title']])); // a preview: the detected column only
    m.applyToken({ jobId: 'j', row: 0, text: 'a' });
    m.applyRowCompleted(completed(1, true, 'b'));
    assert.deepEqual([m.hasPrompt(0), m.hasPrompt(1)], [true, false]);
    m.takeChanges();
    m.applyPrompt(0, 'Title: body');
    m.applyPrompt(1, 'Other: text');
    m.applyPrompt(7, 'not shown');
    assert.deepEqual(m.takeChanges().map((r) => [r.row, r.question]), [[0, 'Title: body'], [1, 'Other: text']]);
    assert.deepEqual([m.hasPrompt(1), m.hasPrompt(7)], [true, false]);
  });

  it('applyQuestionAccepted_GenerateJobRows_AreQuestions', () => {
    const m = new ResultsModel();
    m.applyQuestionAccepted({ index: 0, question: 'How long does dough rise?' });
    assert.deepEqual(m.all().map((r) => [r.question, r.status]), [['How long does dough rise?', 'done']]);
  });

  it('maxDoneRows_OldestAnswersLeave_FailedAndInFlightStay', () => {
    const m = new ResultsModel(2);
    m.applyRowCompleted(completed(0, false, null, 'HTTP 400'));
    m.applyToken({ jobId: 'j', row: 9, text: 'streaming' });
    for (const row of [1, 2, 3]) {
      m.applyRowCompleted(completed(row, true, `a${row}`));
      m.applyPrompt(row, `q${row}`);
    }
    assert.deepEqual(m.all().map((r) => r.row), [0, 2, 3, 9]);
    assert.deepEqual([1, 2, 3].map((r) => m.hasPrompt(r)), [false, true, true]); // a row's prompt leaves with it
    assert.deepEqual(m.takeRemoved(), [1]);
    assert.equal(m.trimmed, 1);
    assert.ok(!m.takeChanges().some((r) => r.row === 1));
  });
  it('applyLedgerRow_ConversationPrompt_TurnsKept_QuestionIsTheLastUserTurn', () => {
    const m = new ResultsModel(2000, '/data');
    const conversation = JSON.stringify([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
      { role: 'user', content: [{ type: 'text', text: 'And this?' }, { type: 'image_url', image_url: { url: 'imgs/cat.png' } }] },
    ]);
    m.applyLedgerRow({ row: 0, state: 'done', prompt: conversation, answer: 'A cat.', attempts: 1 });
    m.applyLedgerRow({ row: 1, state: 'done', prompt: 'What is 2+2?', answer: '4', attempts: 1 });
    const [chat, plain] = m.all();
    assert.equal(chat.question, 'And this?');
    assert.deepEqual(chat.turns?.map((t) => [t.role, t.text, t.images.length]), [['user', 'Hi', 0], ['assistant', 'Hello', 0], ['user', 'And this?', 1]]);
    assert.equal(chat.answer, 'A cat.');
    assert.equal(plain.question, 'What is 2+2?');
    assert.equal('turns' in plain, false);
  });

  it('applyPrompt_ConversationOfARowThatStreamed_TurnsShown', () => {
    const m = new ResultsModel();
    m.applyToken({ jobId: 'j', row: 4, text: 'Sure' });
    m.applyPrompt(4, JSON.stringify([{ role: 'system', content: 'Be kind.' }, { role: 'user', content: 'Help?' }]));
    const [row] = m.takeChanges();
    assert.deepEqual(row.turns?.map((t) => t.role), ['system', 'user']);
    assert.equal(row.question, 'Help?');
    assert.equal(row.answer, 'Sure');
  });

  it('applyOutputRecord_Messages_Turns', () => {
    const m = new ResultsModel();
    m.applyOutputRecord({ index: 0, question: 'Q2', messages: [{ role: 'user', content: 'Q1' }, { role: 'assistant', content: 'A1' }, { role: 'user', content: 'Q2' }], answer: 'A2' });
    assert.deepEqual(m.all()[0].turns?.map((t) => t.text), ['Q1', 'A1', 'Q2']);
  });
});
