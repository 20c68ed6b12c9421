import type { ImportJob } from './bulk.service';

export function presentJob(job: ImportJob) {
  return {
    id: job.id,
    status: job.status,
    format: job.format,
    chunkSize: job.chunkSize,
    linesRead: job.linesRead,
    linesApplied: job.linesApplied,
    linesFailed: job.linesFailed,
    chunksCommitted: job.chunksCommitted,
    chunksRolledBack: job.chunksRolledBack,
    committedThroughLine: job.committedThroughLine,
    failures: job.failures,
  };
}
