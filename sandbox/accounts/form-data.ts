/**
 * A minimal multipart/form-data reader for text fields. Zoho's own SDKs post to the token endpoint
 * as multipart (@zohocrm/typescript-sdk-8.0 models/authenticator/oauth_token.js uses `form-data`),
 * and Zoho Accounts accepts it, so the sandbox does too.
 */
export function parseMultipartFields(body: string, contentType: string): Record<string, string> | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) return undefined;
  const out: Record<string, string> = {};
  for (const part of body.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const headers = part.slice(0, split);
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    if (name === undefined || /filename=/i.test(headers)) continue;
    out[name] = part.slice(split + 4).replace(/\r\n$/, '');
  }
  return out;
}
