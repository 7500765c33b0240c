import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { imageCount, lastUserText, parseConversation, resolveImage, turnsOfPreview, turnsOnOneLine } from '../../src/features/conversation';

const dir = path.resolve('/data/sets');

describe('conversation', () => {
  it('parseConversation_LedgerJson_TurnsWithRolesTextAndImages', () => {
    // As the daemon stores a conversation row's prompt: OpenAI's messages, images by reference.
    const prompt = JSON.stringify([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
      { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'imgs/cat.png' } }] },
    ]);
    const turns = parseConversation(prompt, dir)!;
    assert.deepEqual(turns.map((t) => [t.role, t.text]), [['system', 'Be brief.'], ['user', 'Hi'], ['assistant', 'Hello'], ['user', 'What is this?']]);
    assert.deepEqual(turns[3].images, [{ kind: 'local', reference: 'imgs/cat.png', path: path.join(dir, 'imgs', 'cat.png') }]);
    assert.equal(lastUserText(turns), 'What is this?');
    assert.equal(imageCount(turns), 1);
  });

  it('parseConversation_PlainQuestions_Undefined', () => {
    for (const question of ['What is 2+2?', '[1, 2, 3] sorted?', '[{"a":1}]', '[{"role":"assistant","content":"no user turn"}]', '[{"role":"tool","content":"x"}]', '[{"role":"user"', '']) {
      assert.equal(parseConversation(question, dir), undefined, question);
    }
  });

  it('parseConversation_PartsOfOtherShapes_TextJoinedImagesKept', () => {
    const prompt = JSON.stringify([{ role: 'user', content: ['first', { type: 'text', text: 'second' }, { type: 'image_url', image_url: 'https://example.com/a.jpg' }] }]);
    const [turn] = parseConversation(prompt, dir)!;
    assert.equal(turn.text, 'first\nsecond');
    assert.deepEqual(turn.images, [{ kind: 'remote', reference: 'https://example.com/a.jpg', url: 'https://example.com/a.jpg' }]);
  });

  it('resolveImage_EveryKindOfReference', () => {
    const abs = path.resolve('/pictures/dog.png');
    assert.deepEqual(resolveImage('../imgs/a.png', dir), { kind: 'local', reference: '../imgs/a.png', path: path.resolve(dir, '../imgs/a.png') });
    assert.deepEqual(resolveImage(abs, dir), { kind: 'local', reference: abs, path: abs });
    const url = pathToFileURL(abs).href;
    assert.deepEqual(resolveImage(url, dir), { kind: 'local', reference: url, path: abs });
    assert.equal(resolveImage('HTTP://example.com/x.png', dir).kind, 'remote');
    assert.deepEqual(resolveImage('s3://bucket/x.png', dir), { kind: 'other', reference: 's3://bucket/x.png' });
  });

  it('resolveImage_DataUrl_KeepsTypeAndSizeNeverTheBytes', () => {
    const base64 = 'A'.repeat(4 * 250_000); // a megabyte of base64: 750,000 bytes
    const image = resolveImage(`data:image/png;base64,${base64}`, dir);
    assert.deepEqual(image, { kind: 'inline', mediaType: 'image/png', bytes: 750_000 });
    assert.ok(JSON.stringify(image).length < 100);
  });

  it('turnsOfPreview_MessagesOfPreviewDataset_ResolvedAgainstTheDataset', () => {
    const turns = turnsOfPreview([{ role: 'user', text: 'Describe.', images: ['a.png', 'https://x.test/b.png'] }, { role: 'assistant', text: 'A.', images: null }], dir);
    assert.deepEqual(turns[0].images.map((i) => i.kind), ['local', 'remote']);
    assert.deepEqual(turns[1], { role: 'assistant', text: 'A.', images: [] });
  });

  it('turnsOnOneLine_EachTurnWithItsRoleAndImages', () => {
    const turns = turnsOfPreview([{ role: 'user', text: 'Hi\nthere' }, { role: 'assistant', text: 'Hello' }, { role: 'user', text: 'What is this?', images: ['imgs/cat.png'] }], dir);
    assert.equal(turnsOnOneLine(turns, (r) => r.toUpperCase()), 'USER: Hi there · ASSISTANT: Hello · USER: What is this? [🖼 imgs/cat.png]');
  });
});
