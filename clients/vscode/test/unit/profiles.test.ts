import * as assert from 'node:assert/strict';
import { missingKeys, needsKey, profileProblem, secretId, toModelChoice } from '../../src/features/profiles';

describe('profiles', () => {
  const openai = { name: 'openai', baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini' };
  const local = { name: 'sim', baseUrl: 'http://127.0.0.1:5000/v1', model: 'sim' };

  it('needsKey_LocalServer_NoKey', () => {
    assert.equal(needsKey(local), false);
    assert.equal(needsKey({ ...local, requiresKey: true }), true);
    assert.equal(needsKey(openai), true);
    assert.equal(needsKey({ ...openai, requiresKey: false }), false);
  });

  it('toModelChoice_StoredKey_GoesInline', () => {
    const choice = toModelChoice(openai, () => 'sk-test');
    assert.deepEqual(choice, { provider: { baseUrl: openai.baseUrl, model: openai.model, apiKey: 'sk-test' } });
  });

  it('toModelChoice_NoStoredKey_PassesTheVariableName', () => {
    const choice = toModelChoice({ ...openai, apiKeyEnv: 'OPENAI_API_KEY' }, () => undefined);
    assert.deepEqual(choice, { provider: { baseUrl: openai.baseUrl, model: openai.model, apiKeyEnv: 'OPENAI_API_KEY' } });
  });

  it('toModelChoice_LocalServer_SendsNoKeyEvenIfOneIsStored', () => {
    assert.deepEqual(toModelChoice(local, () => 'stale'), { provider: { baseUrl: local.baseUrl, model: local.model } });
  });

  it('toModelChoice_LimitsOrPool_UseEndpoints', () => {
    const limited = toModelChoice({ ...openai, requestsPerMinute: 500 }, () => 'k');
    assert.deepEqual(limited, { endpoints: [{ baseUrl: openai.baseUrl, model: openai.model, apiKey: 'k', requestsPerMinute: 500 }] });
    const pool = toModelChoice({ name: 'pool', endpoints: [local, { ...openai, name: 'o', weight: 2 }] }, () => 'k');
    assert.equal(pool.endpoints?.length, 2);
    assert.equal(pool.endpoints?.[1].apiKey, 'k');
    assert.equal(pool.endpoints?.[0].apiKey, undefined);
  });

  it('missingKeys_OnlyRemoteEndpointsWithoutKeyOrVariable', () => {
    assert.deepEqual(missingKeys(openai, () => undefined).map((e) => e.baseUrl), [openai.baseUrl]);
    assert.deepEqual(missingKeys({ ...openai, apiKeyEnv: 'X' }, () => undefined), []);
    assert.deepEqual(missingKeys(local, () => undefined), []);
  });

  it('profileProblem_MissingModel_Explains', () => {
    assert.equal(profileProblem(openai), undefined);
    assert.match(profileProblem({ name: 'x', baseUrl: 'http://a' }) ?? '', /needs baseUrl and model/);
  });

  it('secretId_SameProviderSpelledTwoWays_SameId', () => {
    assert.equal(secretId('https://API.openai.com/v1/'), secretId('https://api.openai.com/v1'));
  });
});
