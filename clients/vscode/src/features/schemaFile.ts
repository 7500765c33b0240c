import { ResponseFormatOptions } from '../protocol/types';

/** Why a JSON Schema file cannot be sent: not JSON at all, or JSON that is not an object schema. */
export type SchemaFileProblem = { problem: 'notJson'; detail: string } | { problem: 'notObject' };

/**
 * The `responseFormat` of a JSON Schema file's text: the schema as read, sent whole (the daemon validates it and names
 * what is wrong). Only an object is a schema the daemon can ask for, so anything else is refused here, before a step more.
 */
export function responseFormatOf(text: string): ResponseFormatOptions | SchemaFileProblem {
  let schema: unknown;
  try {
    schema = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { problem: 'notJson', detail: e instanceof Error ? e.message : String(e) };
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return { problem: 'notObject' };
  }
  return { jsonSchema: schema };
}
