import { Emitter, Event } from 'vscode-jsonrpc/node';
import { JobInfo, JobProgress, JobStateChanged } from '../protocol/types';

/**
 * Every job of the daemon as this window knows it: the listJobs snapshot, kept current by notifications.
 * Pure (no VS Code), so it is tested in plain Node; the jobs view, the status bar and the commands read it.
 */
export class JobStore {
  private readonly jobs = new Map<string, JobInfo>();
  private readonly changed = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;

  replaceAll(jobs: JobInfo[]): void {
    this.jobs.clear();
    for (const job of jobs) {
      this.jobs.set(job.jobId, job);
    }
    this.changed.fire();
  }

  upsert(job: JobInfo): void {
    this.jobs.set(job.jobId, job);
    this.changed.fire();
  }

  get(jobId: string): JobInfo | undefined {
    return this.jobs.get(jobId);
  }

  /** Applies a progress notification; false when the job is not known yet (the caller fetches it). */
  applyProgress(progress: JobProgress): boolean {
    const job = this.jobs.get(progress.jobId);
    if (!job) {
      return false;
    }
    this.jobs.set(job.jobId, { ...job, state: progress.state, counts: progress.counts });
    this.changed.fire();
    return true;
  }

  applyState(change: JobStateChanged): boolean {
    const job = this.jobs.get(change.jobId);
    if (!job) {
      return false;
    }
    this.jobs.set(job.jobId, { ...job, state: change.state, lastError: change.state === 'failed' ? (change.message ?? job.lastError) : job.lastError });
    this.changed.fire();
    return true;
  }

  /** Newest first, as listJobs orders them. */
  list(): JobInfo[] {
    return [...this.jobs.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  active(): JobInfo[] {
    return this.list().filter((j) => j.state === 'running' || j.state === 'providerUnavailable' || j.state === 'queued');
  }

  dispose(): void {
    this.changed.dispose();
  }
}
