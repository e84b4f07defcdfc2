/**
 * What a field for an address, a number or a log tells the browser: no spelling check, and on a
 * phone's keyboard no capital first letter and no autocorrect (iOS would turn "fault" into
 * "Fault" and a run of hex digits into a word). Spread into every such input and textarea.
 */
export const CODE_FIELD = { spellCheck: false, autoCapitalize: "off", autoCorrect: "off" } as const;
