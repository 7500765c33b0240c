import * as assert from 'node:assert/strict';
import {
  describeJobOptions,
  jobOptionFields,
  judgeOptions,
  parseDeadline,
  parseModels,
  parseSamples,
  parseThreshold,
} from '../../src/features/jobOptions';

const labels = {
  mode: (m: string) => m,
  deadline: (at: string) => `by ${at}`,
  samples: (n: number) => `${n} answers per row`,
  models: (m: string) => `models ${m}`,
  judge: (r: string) => `judged: ${r}`,
  threshold: (n: number) => `keep ${n}+`,
};

describe('jobOptions', () => {
  it('jobOptionFields_PlainOnlineJob_SendsNothing', () => {
    assert.deepEqual(jobOptionFields({ mode: 'online', samples: 1, models: [] }), {});
  });

  it('jobOptionFields_BatchWithSamplesModelsAndJudge_EachField', () => {
    const judge = { rubric: 'helpfulness', threshold: 7 };
    assert.deepEqual(jobOptionFields({ mode: 'batch', deadline: '2026-12-09T09:00:00.000Z', samples: 3, models: ['a', 'b'], judge }), {
      mode: 'batch',
      samples: 3,
      models: ['a', 'b'],
      judge,
    }); // a deadline is auto's only
  });

  it('jobOptionFields_AutoWithADeadline_BatchDeadline', () => {
    assert.deepEqual(jobOptionFields({ mode: 'auto', deadline: '2026-12-09T09:00:00.000Z' }), { mode: 'auto', batch: { deadline: '2026-12-09T09:00:00.000Z' } });
    assert.deepEqual(jobOptionFields({ mode: 'auto' }), { mode: 'auto' });
  });

  it('parseSamples_EmptyIsOne_OneToSixteen_ElseInvalid', () => {
    assert.deepEqual(['', ' 1 ', '16', '17', '0', '2.5', 'three'].map(parseSamples), [1, 1, 16, undefined, undefined, undefined, undefined]);
  });

  it('parseModels_CommaSeparatedChineseCommasToo_EachOnceInOrder', () => {
    assert.deepEqual(parseModels(' gpt-4o-mini, deepseek-chat，qwen-plus ,, gpt-4o-mini '), ['gpt-4o-mini', 'deepseek-chat', 'qwen-plus']);
    assert.deepEqual(parseModels('  '), []);
  });

  it('parseDeadline_DurationFromNow_DateAndTime_PastOrJunkNull_EmptyNone', () => {
    const now = new Date('2026-12-07T18:00:00Z');
    assert.equal(parseDeadline('36h', now), '2026-12-09T06:00:00.000Z');
    assert.equal(parseDeadline('2d', now), '2026-12-09T18:00:00.000Z');
    assert.equal(parseDeadline('2026-12-09T09:00:00Z', now), '2026-12-09T09:00:00.000Z');
    assert.equal(parseDeadline('2026-12-09 09:00', now), new Date('2026-12-09T09:00').toISOString()); // local time
    assert.equal(parseDeadline('2026-12-01T00:00:00Z', now), null);
    assert.equal(parseDeadline('soon', now), null);
    assert.equal(parseDeadline('0h', now), null);
    assert.equal(parseDeadline(' ', now), undefined);
  });

  it('parseThreshold_ZeroToScale_EmptyNone_ElseNull', () => {
    assert.deepEqual(['', '7', '7.5', '0', '11', '-1', 'x'].map((t) => parseThreshold(t)), [undefined, 7, 7.5, 0, null, null, null]);
    assert.equal(parseThreshold('50', 100), 50);
  });

  it('judgeOptions_ModelOnlyWhenNotTheJobs_ThresholdWhenGiven_OwnRubricTrimmed', () => {
    assert.deepEqual(judgeOptions('helpfulness', '', 'm', undefined), { rubric: 'helpfulness' });
    assert.deepEqual(judgeOptions('helpfulness', 'm', 'm', 6), { rubric: 'helpfulness', threshold: 6 });
    assert.deepEqual(judgeOptions(' Is it polite? ', 'judge-model', 'm', undefined), { rubric: 'Is it polite?', model: 'judge-model' });
  });

  it('describeJobOptions_WhatDiffersFromAPlainOnlineJob', () => {
    assert.equal(describeJobOptions({ mode: 'online' }, labels), '');
    assert.equal(
      describeJobOptions({ mode: 'auto', deadline: 'D', samples: 3, models: ['a', 'b'], judge: { rubric: 'language', threshold: 8 } }, labels),
      'auto by D · 3 answers per row · models a, b · judged: language, keep 8+',
    );
    assert.equal(describeJobOptions({ mode: 'online', judge: { rubric: 'x'.repeat(50) } }, labels), `judged: ${'x'.repeat(39)}…`);
  });
});
