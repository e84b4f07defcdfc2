/**
 * Counts for people: "70,726". Hand-rolled because `Number#toLocaleString` builds a new Intl
 * formatter on every call and even a shared `Intl.NumberFormat` costs about a microsecond, which a
 * view labelling a thousand cells on every update cannot afford.
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return String(n);
  const digits = String(Math.abs(n));
  if (digits.length <= 3) return n < 0 ? `-${digits}` : digits;
  let out = "";
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ",";
    out += digits[i];
  }
  return n < 0 ? `-${out}` : out;
}
