import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as Record<string, string>;
const sortedKeys = (o: object) => Object.keys(o).sort();

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** Every `l10n.t('…')` message of the sources, unescaped as the runtime sees it. */
function runtimeMessages(): { messages: Set<string>; nonLiteral: string[] } {
  const messages = new Set<string>();
  const nonLiteral: string[] = [];
  for (const file of sourceFiles(path.join(root, 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/l10n\.t\(\s*('(?:[^'\\]|\\.)*'|.)/g)) {
      if (!m[1].startsWith("'")) {
        nonLiteral.push(`${path.relative(root, file)}: ${m[0]}`);
        continue;
      }
      messages.add(m[1].slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)));
    }
  }
  return { messages, nonLiteral };
}

describe('localization', () => {
  it('packageNls_EveryKeyInBothLanguages', () => {
    assert.deepEqual(sortedKeys(read('package.nls.zh-cn.json')), sortedKeys(read('package.nls.json')));
  });

  it('packageJson_EveryPlaceholderHasAnEntry', () => {
    const manifest = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
    const used = [...new Set([...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]))].sort();
    assert.deepEqual(used, sortedKeys(read('package.nls.json')));
  });

  it('l10nBundle_EveryRuntimeMessageInBothLanguages', () => {
    const { messages, nonLiteral } = runtimeMessages();
    assert.deepEqual(nonLiteral, [], 'l10n.t takes a string literal, so the bundles can be checked');
    const zh = read('l10n/bundle.l10n.zh-cn.json');
    const en = read('l10n/bundle.l10n.json');
    assert.deepEqual(sortedKeys(zh), [...messages].sort());
    assert.deepEqual(sortedKeys(en), [...messages].sort());
  });

  it('l10nBundle_TranslationsKeepTheirPlaceholders', () => {
    for (const [english, chinese] of Object.entries(read('l10n/bundle.l10n.zh-cn.json'))) {
      const placeholders = (s: string) => (s.match(/\{\d+\}/g) ?? []).sort();
      assert.deepEqual(placeholders(chinese), placeholders(english), english);
      assert.notEqual(chinese.trim(), '', english);
    }
  });
});
