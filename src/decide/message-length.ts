// A finding's message quotes what the policy says (an action, a resource, a key). Quoted whole, a hostile
// 10 MB action name became a 10 MB line of the text report, of the JSON report and of SARIF: the message is
// cut to MAX_MESSAGE_CHARS, saying how much was left out. The finding's place still points at the value.

/** No IAM name comes near: an ARN is at most 2,048 characters, a policy's largest quota 20,480. */
export const MAX_MESSAGE_CHARS = 2_000;

/** The message, cut to MAX_MESSAGE_CHARS (at a code point) with the count of what was left out. */
export function cappedMessage(message: string): string {
  if (message.length <= MAX_MESSAGE_CHARS) return message;
  let end = MAX_MESSAGE_CHARS;
  const code = message.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1; // not half a surrogate pair
  return `${message.slice(0, end)}… (${message.length - end} more characters)`;
}
