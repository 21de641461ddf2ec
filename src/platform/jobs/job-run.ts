/** One run of a background job as job_runs records it (read by the jobs page and the administrators' home). */
export interface JobRun {
  id: number;
  job: string;
  holder: string;
  startedAt: Date;
  finishedAt: Date | null;
  status: 'running' | 'succeeded' | 'failed';
  counts: Record<string, number>;
  error: string | null;
}
