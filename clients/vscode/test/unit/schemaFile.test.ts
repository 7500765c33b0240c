import * as assert from 'node:assert/strict';
import { responseFormatOf } from '../../src/features/schemaFile';

describe('responseFormatOf', () => {
  it('objectSchema_SentWholeAsJsonSchema_ByteOrderMarkIgnored', () => {
    const schema = { type: 'object', properties: { score: { type: 'integer' } }, required: ['score'] };
    assert.deepEqual(responseFormatOf('\uFEFF' + JSON.stringify(schema, null, 2)), { jsonSchema: schema });
  });

  it('notJson_ProblemWithTheParsersMessage', () => {
    const read = responseFormatOf('{ "type": "object", ');
    assert.equal('problem' in read && read.problem, 'notJson');
    assert.ok('detail' in read && read.detail.length > 0);
  });

  it('jsonThatIsNotAnObject_Refused', () => {
    for (const text of ['[]', '"object"', 'null', '42']) {
      assert.deepEqual(responseFormatOf(text), { problem: 'notObject' }, text);
    }
  });
});
