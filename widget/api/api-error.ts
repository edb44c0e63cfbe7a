/** What every failed call to the server throws: Zoho's `{code, message}` envelope plus the status. */
export class ApiError extends Error {
  /** HTTP status; 0 when the request never reached the server. */
  readonly status: number;
  /** Zoho-style numeric code from the envelope (0 when the body had none). */
  readonly code: number;
  /** The field the server named in a validation message, if any ("amount", "customer_id"). */
  readonly field: string | undefined;
  /** True when the network failed: the outbox may queue the write and retry later. */
  readonly offline: boolean;
  /** True when the write was kept in the outbox and will be sent when the connection returns. */
  readonly queued: boolean;

  constructor(init: {
    status: number;
    code: number;
    message: string;
    field?: string;
    offline?: boolean;
    queued?: boolean;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.field = init.field;
    this.offline = init.offline ?? false;
    this.queued = init.queued ?? false;
  }
}

/** The server names the field in validation messages: "body: amount is required", "body.amount must be > 0". */
export function fieldFromMessage(message: string): string | undefined {
  const m = /^(?:body|querystring|params)(?:\.|: )([A-Za-z_][\w.]*)/.exec(message);
  if (!m?.[1]) return undefined;
  // "body: amount is required" names the field first; "body.items.0.amount" keeps the path.
  return m[1];
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
