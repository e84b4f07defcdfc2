/**
 * Outcomes a user can cause (bad input, a full allocator, an overlapping mapping) are values, not
 * exceptions: every fallible core function returns a `Result` whose error carries a specific message.
 * Exceptions are kept for programmer errors only.
 */
export type Result<T, E = CoreError> = { ok: true; value: T } | { ok: false; error: E };

/** An error a person can read: `kind` for code to branch on, `message` for the screen. */
export interface CoreError {
  readonly kind: string;
  readonly message: string;
}

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function err<K extends string>(
  kind: K,
  message: string,
): { ok: false; error: { kind: K; message: string } } {
  return { ok: false, error: { kind, message } };
}
