/**
 * The wire shapes of src/Protocol: generated.ts, from the JSON Schema the C# records generate (src/Protocol/protocol.json),
 * and below it the few shapes that exist only on this side. To change the protocol, change the C# records and regenerate
 * (docs/protocol.md); never edit generated.ts. Clients must ignore fields they do not know.
 */
import { JobState, StartJobParams } from './generated';

export * from './generated';

/** Exactly one of `provider`, `endpoints` and `profile`: the part of startJob and generateQuestions that picks the model. */
export type ModelChoice = Pick<StartJobParams, 'provider' | 'endpoints' | 'profile'>;

export const finishedStates: readonly JobState[] = ['completed', 'failed', 'cancelled'];

export function isFinished(state: JobState): boolean {
  return finishedStates.includes(state);
}
