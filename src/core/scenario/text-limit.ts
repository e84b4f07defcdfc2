/**
 * The one check of a scenario's text (title, description, names, notes, a lesson step's text):
 * at most `max` characters, counted as Unicode code points (an emoji is one character, not two
 * UTF-16 units), and valid Unicode (no lone surrogate, which UTF-8 cannot carry into a file or link).
 */

export interface TextProblem {
  readonly kind: "too-long" | "malformed";
  /** The reason, to follow the field's name: "is 201 characters long; at most 200 are allowed". */
  readonly reason: string;
}

/** Why `text` cannot be kept in a field of at most `max` characters, or null when it can. */
export function textProblem(text: string, max: number): TextProblem | null {
  // A string has at least as many UTF-16 units as code points: only a long one needs counting.
  if (text.length > max) {
    let length = 0;
    for (const _ of text) length++;
    if (length > max)
      return { kind: "too-long", reason: `is ${length} characters long; at most ${max} are allowed` };
  }
  // With the u flag, \p{Cs} matches only surrogates that are not part of a pair.
  if (/\p{Cs}/u.test(text))
    return { kind: "malformed", reason: "contains a lone surrogate (not valid Unicode text)" };
  return null;
}
