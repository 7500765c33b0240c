import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BatchAiClient } from '../../src/daemon/client';

// The same snapshot the C# ProtocolContract test reads: a method or notification added on one side only fails here.
// BATCHAI_PROTOCOL_JSON checks against another branch's snapshot before a merge.
const protocolJson = process.env.BATCHAI_PROTOCOL_JSON ?? path.resolve(__dirname, '..', '..', '..', '..', '..', 'src', 'Protocol', 'protocol.json');

describe('protocol contract', () => {
  const protocol = JSON.parse(fs.readFileSync(protocolJson, 'utf8')) as { protocolVersion: number; methods: string[]; notifications: string[] };

  it('methods_TsClient_EqualProtocolJson', () => {
    assert.deepEqual([...BatchAiClient.methodNames].sort(), [...protocol.methods].sort());
  });

  it('notifications_TsClient_EqualProtocolJson', () => {
    assert.deepEqual([...BatchAiClient.notificationNames].sort(), [...protocol.notifications].sort());
  });
});
