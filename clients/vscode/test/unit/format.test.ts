import * as assert from 'node:assert/strict';
import { formatDuration, formatRate, isLocalUrl, oneLine, percent } from '../../src/util/format';

describe('format', () => {
  it('formatDuration_Ranges', () => {
    assert.equal(formatDuration(undefined), '–');
    assert.equal(formatDuration(null), '–');
    assert.equal(formatDuration(42.4), '42s');
    assert.equal(formatDuration(65), '1m 05s');
    assert.equal(formatDuration(3 * 3600 + 7 * 60), '3h 07m');
  });

  it('formatRate_SmallAndLarge', () => {
    assert.equal(formatRate(0), '0');
    assert.equal(formatRate(2.345), '2.3');
    assert.equal(formatRate(123.4), '123');
  });

  it('percent_UnknownTotal_Undefined', () => {
    assert.equal(percent({ done: 3, failed: 1, skipped: 1, total: 10, totalKnown: true }), 50);
    assert.equal(percent({ done: 3, failed: 0, skipped: 0, total: 10, totalKnown: false }), undefined);
  });

  it('oneLine_FlattensAndCuts', () => {
    assert.equal(oneLine('a\n  b\tc'), 'a b c');
    assert.equal(oneLine('abcdef', 4), 'abc…');
  });

  it('isLocalUrl_LoopbackOnly', () => {
    assert.equal(isLocalUrl('http://127.0.0.1:11434/v1'), true);
    assert.equal(isLocalUrl('http://localhost:8000/v1'), true);
    assert.equal(isLocalUrl('http://[::1]:8000/v1'), true);
    assert.equal(isLocalUrl('https://api.deepseek.com/v1'), false);
    assert.equal(isLocalUrl('not a url'), false);
  });
});
