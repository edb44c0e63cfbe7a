/** The build-time server URL (`VITE_DEALSPEND_SERVER_URL`); empty means "ask the CRM org variable". */
export function buildTimeServerUrl(): string | undefined {
  const url = import.meta.env.VITE_DEALSPEND_SERVER_URL as string | undefined;
  return url?.trim() ? url.trim() : undefined;
}
