/**
 * Reads the value out of `getOrgVariable`'s answer. Zoho documents `{"Success":{"Content":"…"}}`,
 * but real CRM builds have answered with that object serialised as a string, so both are accepted.
 */
export function orgVariableValue(answer: unknown): string | undefined {
  let value: unknown = answer;
  if (typeof answer === 'string') {
    value = safeParse(answer);
    if (value === undefined) return answer.trim() || undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const success = (value as { Success?: unknown }).Success;
  const parsed = typeof success === 'string' ? safeParse(success) : success;
  if (!parsed || typeof parsed !== 'object') return undefined;
  const content = (parsed as { Content?: unknown; content?: unknown }).Content;
  return typeof content === 'string' && content.trim() ? content.trim() : undefined;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
