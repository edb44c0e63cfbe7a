/** A Zoho API answer that is not a success, with Zoho's own code when the body carried one. */
export class ZohoApiError extends Error {
  constructor(
    readonly status: number,
    readonly zohoCode: string,
    message: string,
  ) {
    super(`Zoho answered ${status} ${zohoCode}: ${message}`);
    this.name = 'ZohoApiError';
  }
}

/** Zoho Accounts could not issue a token (revoked or wrong refresh token, wrong client). */
export class ZohoAuthError extends Error {
  constructor(readonly reason: string) {
    super(`Zoho Accounts refused the token request: ${reason}`);
    this.name = 'ZohoAuthError';
  }
}
