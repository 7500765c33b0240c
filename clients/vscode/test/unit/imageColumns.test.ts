import * as assert from 'node:assert/strict';
import { imageColumnCandidates } from '../../src/features/imageColumns';

const row = (cells: string[]) => ({ index: 0, cells, raw: '', cleaned: '', rules: [] });

describe('imageColumnCandidates', () => {
  it('namedLikeAnImage_DetectedFirst_ThenColumnsOfImageReferences', () => {
    const preview = {
      columns: ['question', 'photo', 'Image', 'notes'],
      promptColumn: 'question',
      rows: [row(['What is it?', 'imgs/a.PNG', 'b.jpg', 'see a.png here']), row(['And this?', '["c.webp","https://x.test/d.jpeg?size=2"]', '', 'plain'])],
    };
    assert.deepEqual(imageColumnCandidates(preview), [{ column: 'Image', detected: true }, { column: 'photo', detected: false }]);
  });

  it('noImages_None_AndTheQuestionColumnIsNeverOne', () => {
    assert.deepEqual(imageColumnCandidates({ columns: ['question', 'answer'], promptColumn: 'question', rows: [row(['a.png', 'Yes'])] }), []);
    assert.deepEqual(imageColumnCandidates({ columns: ['img'], promptColumn: 'img', rows: [row(['x.png'])] }), []);
    assert.deepEqual(imageColumnCandidates({ columns: ['q', 'empty'], promptColumn: 'q', rows: [row(['x', ''])] }), []);
  });
});
