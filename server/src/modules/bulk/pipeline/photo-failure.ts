// One photo's failure in the bulk job, kept on that photo: the pipeline records it as it records an unreadable file
// (state "failed", a stable code and a message naming the file, listed in the job's status `errors`) and the rest of
// the batch carries on. Only what is the machine's rather than the photo's still stops the job (a disk or file
// handle error: it resumes where it stopped), as do the database writes, which are outside these steps.
import { AppError } from '../../../platform/errors.ts';
import type { PhotoRef } from '../../photos/index.ts';

/** The code of a photo that decoded but whose measurement or analysis failed on its pixels. */
export const ANALYSIS_FAILED = 'analysis_failed';

export function analysisFailed(ref: PhotoRef, e: unknown): AppError {
  const msg = e instanceof Error ? e.message : String(e);
  // Like the decode's reasons (bulk-decode.ts): the first line, without file paths.
  const reason = msg.split('\n')[0].replace(/\/[^\s:[\]]+/g, '<file>').slice(0, 200);
  const name = ref.filename ? `"${ref.filename}"` : `Photo #${ref.index + 1}`;
  return new AppError(422, ANALYSIS_FAILED, `${name} could not be analysed and is left out of the groups (${reason})`, { ...ref, reason });
}

/** A Node system error (errno, syscall): the disk or the process, not the photo. */
const isSystemError = (e: unknown) => e instanceof Error && typeof (e as NodeJS.ErrnoException).syscall === 'string';

/**
 * Runs a step on one photo's pixels; an unexpected error in it becomes that photo's `analysis_failed` AppError.
 * AppErrors (the photo's own refusal, e.g. invalid_image) and system errors pass through unchanged.
 */
export async function photoStep<T>(ref: PhotoRef, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (e instanceof AppError || isSystemError(e)) throw e;
    throw analysisFailed(ref, e);
  }
}
