/**
 * SNS Publish limits, defended before the call so that no report can make the alert itself fail:
 * a Subject is UTF-8 without line breaks or control characters and under 100 characters; a message is at most
 * 256 KiB (262,144 bytes, not characters) for topics with email subscriptions.
 */

export const SNS_MAX_MESSAGE_BYTES = 262_144;
/** "Less than 100 characters". Also held as bytes, so the subject fits however SNS counts. */
export const SNS_MAX_SUBJECT_LENGTH = 99;
export const FALLBACK_SUBJECT = 'ecr-retention report';

// Control characters (C0, DEL, C1) and the Unicode line and paragraph separators.
const SUBJECT_BREAKERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/gu;
// Control characters other than tab and line breaks: meaningless in a plain-text email, and risky on the wire.
const BODY_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Lone surrogates are not UTF-8 (and make the SDK's form encoding throw): replace them. */
function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/** One line of at most 99 characters and 99 UTF-8 bytes, never empty. */
export function sanitizeSubject(subject: string): string {
  const oneLine = wellFormed(subject).replace(SUBJECT_BREAKERS, ' ').replace(/\s+/g, ' ').trim();
  if (oneLine.length === 0) return FALLBACK_SUBJECT;
  if (fitsSubject(oneLine)) return oneLine;
  const ellipsis = '...';
  let kept = [...oneLine].slice(0, SNS_MAX_SUBJECT_LENGTH);
  while (kept.length > 0 && !fitsSubject(`${kept.join('').trimEnd()}${ellipsis}`)) kept = kept.slice(0, -1);
  return `${kept.join('').trimEnd()}${ellipsis}`;
}

function fitsSubject(text: string): boolean {
  return [...text].length <= SNS_MAX_SUBJECT_LENGTH && Buffer.byteLength(text, 'utf8') <= SNS_MAX_SUBJECT_LENGTH;
}

/**
 * The body as sent: well-formed, without stray control characters, never empty, and at most `maxBytes` UTF-8
 * bytes. A body that does not fit is cut (at a line end when one is near) and ends with a note saying so.
 */
export function fitMessage(body: string, maxBytes = SNS_MAX_MESSAGE_BYTES): string {
  const clean = wellFormed(body).replace(BODY_CONTROLS, '');
  const text = clean.length > 0 ? clean : '(empty report)';
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  // The note's own length depends on the count it reports: size it for the largest count it could show.
  const note = (omitted: number) => `\n\n[truncated: ${omitted} more bytes of this report did not fit the ${maxBytes}-byte SNS limit]\n`;
  const budget = Math.max(0, maxBytes - Buffer.byteLength(note(bytes.length), 'utf8'));
  const kept = cutAtLineEnd(bytes, budget);
  const fitted = `${kept}${note(bytes.length - Buffer.byteLength(kept, 'utf8'))}`;
  // Only a limit smaller than the note itself gets here: then even the note is cut.
  return Buffer.byteLength(fitted, 'utf8') <= maxBytes ? fitted : cutAtLineEnd(Buffer.from(fitted, 'utf8'), maxBytes);
}

/** The longest prefix of at most `budget` bytes ending on a character boundary, preferably at a line end. */
function cutAtLineEnd(bytes: Buffer, budget: number): string {
  let end = Math.min(budget, bytes.length);
  // A UTF-8 continuation byte (10xxxxxx) is never the first byte of a character.
  while (end > 0 && end < bytes.length && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  const prefix = bytes.subarray(0, end).toString('utf8');
  const lastLineEnd = prefix.lastIndexOf('\n');
  // Only back off to a line end when it costs little: a report of one huge line is still cut mid-line.
  return lastLineEnd >= 0 && prefix.length - lastLineEnd <= 4096 ? prefix.slice(0, lastLineEnd) : prefix;
}
