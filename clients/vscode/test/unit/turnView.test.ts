import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseConversation } from '../../src/features/conversation';
import { isInside, viewTurns } from '../../src/features/turnView';

const dir = path.resolve('/data/sets');
const labels = { notShown: (r: string) => `not shown: ${r}`, inline: (t: string, kb: number) => `${t}, ${kb} KB` };

describe('turnView', () => {
  it('viewTurns_LocalInsideAThumbnail_OutsideALabel_RemoteALink_InlineNamed', () => {
    const prompt = JSON.stringify([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare' },
          { type: 'image_url', image_url: { url: 'imgs/a.png' } },
          { type: 'image_url', image_url: { url: '/etc/b.png' } },
          { type: 'image_url', image_url: { url: 'https://example.com/c.png' } },
          { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,' + 'A'.repeat(40_000) } },
        ],
      },
    ]);
    const roots = [dir];
    const uri = (p: string) => (isInside(p, roots) ? `https://webview/${path.relative(dir, p).split(path.sep).join('/')}` : undefined);
    const [turn] = viewTurns(parseConversation(prompt, dir)!, uri, labels);
    assert.deepEqual(turn.images, [
      { src: 'https://webview/imgs/a.png', label: 'imgs/a.png' },
      { label: 'not shown: /etc/b.png' },
      { href: 'https://example.com/c.png', label: 'https://example.com/c.png' },
      { label: 'image/jpeg, 29 KB' },
    ]);
    assert.ok(JSON.stringify(turn).length < 400, 'no image bytes reach the webview');
  });

  it('isInside_OnlyBelowTheFolder', () => {
    assert.equal(isInside(path.join(dir, 'a.png'), [dir]), true);
    assert.equal(isInside(path.join(dir, 'x', 'a.png'), [dir]), true);
    assert.equal(isInside(path.resolve(dir, '..', 'a.png'), [dir]), false);
    assert.equal(isInside(dir + '-other/a.png', [dir]), false);
    assert.equal(isInside(dir, [dir]), false);
  });
});
