import { JobMode, JobModes, JudgeOptions, JudgeRubrics, StartJobParams } from '../protocol/types';

/**
 * The Start Job flow's "More options…": how the rows are answered (mode), several answers per row (samples, models) and a
 * judge, read from what the user typed and turned into startJob's fields. Without VS Code, so unit-tested in plain Node;
 * the pickers are in jobOptionsPick.ts. A field left at its default is not sent, so the daemon's defaults apply.
 */

/** In the order offered: the default first. */
export const jobModes: readonly JobMode[] = [JobModes.Online, JobModes.Batch, JobModes.Auto, JobModes.Offline];

export const judgePresets: readonly string[] = [JudgeRubrics.Helpfulness, JudgeRubrics.Correctness, JudgeRubrics.FollowsFormat, JudgeRubrics.Language];

/** The most answers per row and model the daemon takes. */
export const maxSamples = 16;

export interface JobOptions {
  mode: JobMode;
  /** For auto: when the answers are needed (UTC, ISO 8601). */
  deadline?: string;
  /** Answers per row and model; 1 (or absent) is one answer. */
  samples?: number;
  /** Every row answered by each of these models. */
  models?: string[];
  judge?: JudgeOptions;
}

export type JobOptionFields = Pick<StartJobParams, 'mode' | 'batch' | 'samples' | 'models' | 'judge'>;

export const defaultJobOptions: JobOptions = { mode: JobModes.Online };

/** startJob's fields for these options; defaults left out (an online job of one answer per row sends none of them). */
export function jobOptionFields(options: JobOptions): JobOptionFields {
  const fields: JobOptionFields = {};
  if (options.mode !== JobModes.Online) {
    fields.mode = options.mode;
  }
  if (options.mode === JobModes.Auto && options.deadline) {
    fields.batch = { deadline: options.deadline };
  }
  if (options.samples !== undefined && options.samples > 1) {
    fields.samples = options.samples;
  }
  if (options.models && options.models.length > 0) {
    fields.models = options.models;
  }
  if (options.judge) {
    fields.judge = options.judge;
  }
  return fields;
}

/** Answers per row: empty is 1; else a whole number from 1 to 16, or undefined when it is not one. */
export function parseSamples(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') {
    return 1;
  }
  if (!/^\d+$/.test(trimmed)) {
    return undefined;
  }
  const n = Number(trimmed);
  return n >= 1 && n <= maxSamples ? n : undefined;
}

/** A comma-separated list of models (Chinese commas too), each once, in the order typed; empty: none. */
export function parseModels(text: string): string[] {
  const models: string[] = [];
  for (const part of text.split(/[,，]/)) {
    const model = part.trim();
    if (model.length > 0 && !models.includes(model)) {
      models.push(model);
    }
  }
  return models;
}

/**
 * An auto job's deadline: empty is none (undefined); a duration from now (`36h`, `2d`, `90m`) or a date and time
 * (`2026-12-09 09:00`, local time, or ISO 8601 with a zone) gives an ISO time; anything else, or a time already past,
 * gives null.
 */
export function parseDeadline(text: string, now: Date): string | undefined | null {
  const trimmed = text.trim();
  if (trimmed === '') {
    return undefined;
  }
  const relative = /^(\d+(?:\.\d+)?)\s*([mhd])$/i.exec(trimmed);
  if (relative) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2].toLowerCase() as 'm' | 'h' | 'd'];
    const amount = Number(relative[1]);
    return amount > 0 ? new Date(now.getTime() + amount * unit).toISOString() : null;
  }
  const at = Date.parse(/^\d{4}-\d{2}-\d{2} \d{1,2}:\d{2}$/.test(trimmed) ? trimmed.replace(' ', 'T') : trimmed);
  if (!Number.isFinite(at) || at <= now.getTime()) {
    return null;
  }
  return new Date(at).toISOString();
}

/** A judge's threshold: empty is none (undefined); a number from 0 to the scale (default 10); else null. */
export function parseThreshold(text: string, scale = 10): number | undefined | null {
  const trimmed = text.trim();
  if (trimmed === '') {
    return undefined;
  }
  const n = Number(trimmed);
  return /^\d+(\.\d+)?$/.test(trimmed) && n >= 0 && n <= scale ? n : null;
}

/** The judge's options: a preset or the user's own rubric text; the model only when it is not the job's. */
export function judgeOptions(rubric: string, model: string | undefined, jobModel: string | undefined, threshold: number | undefined): JudgeOptions {
  const judge: JudgeOptions = { rubric: rubric.trim() };
  const m = model?.trim();
  if (m && m !== jobModel) {
    judge.model = m;
  }
  if (threshold !== undefined) {
    judge.threshold = threshold;
  }
  return judge;
}

export interface OptionLabels {
  mode: (mode: JobMode) => string;
  deadline: (at: string) => string;
  samples: (n: number) => string;
  models: (models: string) => string;
  judge: (rubric: string) => string;
  threshold: (n: number) => string;
}

/** One line that says what the options change from a plain online job, for the Start step; empty when nothing. */
export function describeJobOptions(options: JobOptions, labels: OptionLabels): string {
  const parts: string[] = [];
  if (options.mode !== JobModes.Online) {
    parts.push(labels.mode(options.mode) + (options.mode === JobModes.Auto && options.deadline ? ' ' + labels.deadline(options.deadline) : ''));
  }
  if (options.samples !== undefined && options.samples > 1) {
    parts.push(labels.samples(options.samples));
  }
  if (options.models && options.models.length > 0) {
    parts.push(labels.models(options.models.join(', ')));
  }
  if (options.judge) {
    const rubric = options.judge.rubric ?? JudgeRubrics.Helpfulness;
    const shown = rubric.length > 40 ? rubric.slice(0, 39) + '…' : rubric;
    parts.push(labels.judge(shown) + (options.judge.threshold != null ? ', ' + labels.threshold(options.judge.threshold) : ''));
  }
  return parts.join(' · ');
}
