/**
 * The one catalogue of errors the API can answer with. Each has a stable numeric code (clients may
 * switch on it), an HTTP status and a message for a person. Services throw `errors.X(detail?)`;
 * one error handler in app.ts turns any AppError into the envelope {code, message}.
 * docs/errors.md lists every code; a test keeps the two in step.
 */

export interface ErrorDefinition {
  status: number;
  code: number;
  message: string;
  /** For docs/errors.md: how the caller fixes it. */
  fix: string;
  /**
   * Nothing was done, and the same request may succeed when sent again: its answer is not kept
   * under the request's Idempotency-Key (http/idempotency.ts), so a retry with the key runs again.
   */
  sendAgain?: true;
}

export class AppError extends Error {
  constructor(
    readonly key: ErrorKey,
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

function defineError(
  status: number,
  code: number,
  message: string,
  fix: string,
  opts: { sendAgain?: true } = {},
): ErrorDefinition {
  return { status, code, message, fix, ...opts };
}

export const ERROR_CATALOGUE = {
  // 1xxx: bad input
  INVALID_INPUT: defineError(
    400,
    1000,
    'The request is not valid.',
    'Correct the named field and send it again.',
  ),
  INVALID_JSON: defineError(
    400,
    1001,
    'The request body is not valid JSON.',
    'Send a well-formed JSON body.',
  ),
  INVALID_AMOUNT: defineError(
    400,
    1002,
    'The amount is not valid.',
    'Send a positive amount with at most the currency’s decimal places.',
  ),
  INVALID_DATE: defineError(400, 1003, 'The date is not valid.', 'Send a real calendar date as YYYY-MM-DD.'),
  INVALID_CURRENCY: defineError(
    400,
    1004,
    'The currency is not enabled for this organisation.',
    'Use a currency listed under settings/currencies.',
  ),
  NO_EXCHANGE_RATE: defineError(
    400,
    1005,
    'There is no exchange rate for this currency on or before the date.',
    'Ask an admin to add an exchange rate.',
  ),
  INVALID_REFERENCE: defineError(
    400,
    1006,
    'A referenced record does not exist.',
    'Use an id from this organisation.',
  ),
  FILE_TOO_LARGE: defineError(413, 1007, 'The file is larger than 7 MB.', 'Upload a smaller file.'),
  UNSUPPORTED_FILE_TYPE: defineError(
    415,
    1008,
    'The file is not a supported receipt type (jpg, png, gif, pdf, tiff, bmp, heic).',
    'Upload one of the supported types.',
  ),
  TOO_MANY_RECEIPTS: defineError(
    400,
    1009,
    'An expense can have at most 5 receipts.',
    'Delete a receipt before adding another.',
  ),
  MISSING_FILE: defineError(
    400,
    1010,
    'No file was sent in the "receipt" field.',
    'Send the file as multipart field "receipt".',
  ),
  REASON_REQUIRED: defineError(400, 1011, 'A reason is required.', 'Send a non-empty reason.'),
  PAYLOAD_TOO_LARGE: defineError(413, 1012, 'The request is too large.', 'Send a smaller request.'),
  INVALID_HEADER: defineError(400, 1013, 'A request header is not valid.', 'Correct the named header.'),

  // 2xxx: authentication and permission
  NOT_SIGNED_IN: defineError(
    401,
    2000,
    'Sign in first: send Authorization: Zoho-oauthtoken <token>.',
    'Obtain an access token from Zoho Accounts.',
  ),
  INVALID_TOKEN: defineError(
    401,
    2001,
    'The access token is invalid or has expired.',
    'Refresh the token and try again.',
  ),
  NOT_A_MEMBER: defineError(
    403,
    2002,
    'You are not a member of this organisation.',
    'Ask an admin of the organisation to add you.',
  ),
  FORBIDDEN: defineError(403, 2003, 'Your role does not allow this.', 'Ask an admin.'),
  USER_INACTIVE: defineError(
    403,
    2004,
    'Your user is inactive in this organisation.',
    'Ask an admin to activate you.',
  ),
  ORGANIZATION_REQUIRED: defineError(
    400,
    2005,
    'You belong to several organisations; choose one with the X-com-zoho-expense-organizationid header or the organization_id query parameter.',
    'Send the header, or organization_id in the query string.',
  ),
  AUTH_UNAVAILABLE: defineError(
    503,
    2006,
    'Zoho Accounts could not be reached to verify your sign-in.',
    'Try again shortly.',
  ),
  SELF_APPROVAL: defineError(403, 2007, 'Nobody can approve their own report.', 'Ask another approver.'),
  NOT_THE_APPROVER: defineError(
    403,
    2008,
    'This report is not waiting for your approval.',
    'Only the current approver (or an admin) can act on it.',
  ),

  // 3xxx: not found
  NOT_FOUND: defineError(404, 3000, 'The record does not exist.', 'Check the id.'),
  EXPENSE_NOT_FOUND: defineError(404, 3001, 'Expense does not exist.', 'Check the expense id.'),
  REPORT_NOT_FOUND: defineError(404, 3002, 'Expense report does not exist.', 'Check the report id.'),
  RECEIPT_NOT_FOUND: defineError(404, 3003, 'Receipt does not exist.', 'Check the receipt id.'),
  USER_NOT_FOUND: defineError(404, 3004, 'User does not exist.', 'Check the user id.'),
  CONTACT_NOT_FOUND: defineError(404, 3005, 'Customer does not exist.', 'Check the customer id.'),
  DEAL_NOT_FOUND: defineError(404, 3006, 'Deal does not exist.', 'Check the deal id.'),
  CATEGORY_NOT_FOUND: defineError(404, 3007, 'Category does not exist.', 'Check the category id.'),
  PROJECT_NOT_FOUND: defineError(404, 3008, 'Project does not exist.', 'Check the project id.'),
  DEPARTMENT_NOT_FOUND: defineError(404, 3009, 'Department does not exist.', 'Check the department id.'),
  ORGANIZATION_NOT_FOUND: defineError(
    404,
    3010,
    'Organisation does not exist.',
    'Check the organisation id.',
  ),
  ROUTE_NOT_FOUND: defineError(
    404,
    3011,
    'There is no such API endpoint.',
    'Check the path and method in /api/docs.',
  ),

  // 4xxx: state conflicts
  CONFLICT: defineError(
    409,
    4000,
    'The record was changed by someone else.',
    'Reload it and apply your change again.',
  ),
  STALE_UPDATE: defineError(
    409,
    4001,
    'The record was changed since you loaded it.',
    'Reload it and apply your change again.',
  ),
  EXPENSE_NOT_DELETABLE: defineError(
    409,
    4002,
    'Only unreported and unsubmitted expenses can be deleted.',
    'Recall or reject its report first.',
  ),
  EXPENSE_LOCKED: defineError(
    409,
    4003,
    'The expense is in a submitted report and cannot be changed.',
    'Recall the report first.',
  ),
  REPORT_NOT_EDITABLE: defineError(
    409,
    4004,
    'The report can only be changed while draft, recalled or rejected.',
    'Recall the report first.',
  ),
  REPORT_EMPTY: defineError(
    409,
    4005,
    'A report needs at least one expense before it can be submitted.',
    'Add an expense.',
  ),
  REPORT_NOT_DELETABLE: defineError(
    409,
    4006,
    'Only draft, recalled or rejected reports can be deleted.',
    'Recall or reject it first.',
  ),
  ILLEGAL_TRANSITION: defineError(
    409,
    4007,
    'This action is not possible in the report’s current status.',
    'Check the report status.',
  ),
  NO_APPROVER: defineError(
    409,
    4008,
    'No approver could be found for this report.',
    'Choose an approver, or ask an admin to set your manager.',
  ),
  EXPENSE_IN_OTHER_REPORT: defineError(
    409,
    4009,
    'The expense already belongs to another report.',
    'Remove it from that report first.',
  ),
  IDEMPOTENCY_IN_PROGRESS: defineError(
    409,
    4010,
    'A request with this Idempotency-Key is still being processed.',
    'Wait and retry with the same key.',
  ),
  IDEMPOTENCY_KEY_REUSED: defineError(
    422,
    4011,
    'This Idempotency-Key was used for a different request.',
    'Use a new key for a new request.',
  ),
  CUSTOMER_IN_USE: defineError(
    409,
    4012,
    'A customer used by transactions cannot be deleted; mark it inactive instead.',
    'Deactivate the customer.',
  ),
  DUPLICATE: defineError(
    409,
    4013,
    'A record with the same unique value already exists.',
    'Use a different value.',
  ),
  BASE_CURRENCY_LOCKED: defineError(
    409,
    4014,
    'The base currency cannot change once transactions exist.',
    'Keep the current base currency.',
  ),
  INTEGRATION_STATE: defineError(
    409,
    4015,
    'The integration is not in a state that allows this.',
    'Check the integration status.',
  ),
  // 4016 is retired (it was "modules not enabled"; the widget reads the Sync Modules state instead
  // of being refused), and is not given to another error.
  BASE_CURRENCY_IN_USE: defineError(
    409,
    4017,
    'The base currency cannot change while exchange rates or approval thresholds are expressed in it.',
    'Delete the currencies that have exchange rates (their rates go with them) and remove the approval levels’ amount thresholds, change the base currency, then enter them again in the new one.',
  ),
  BASE_CURRENCY_CHANGED: defineError(
    409,
    4018,
    'The organisation’s base currency changed while the expense was being saved; nothing was saved.',
    'Reload the organisation’s base currency, check the amount and currency, and save the expense again.',
    { sendAgain: true },
  ),

  // 61xx: expenses, receipts and per diem
  PER_DIEM_POLICY_NOT_FOUND: defineError(
    404,
    6100,
    'Per diem policy does not exist.',
    'Ask an admin to set up a per diem policy, or check the policy id.',
  ),
  PER_DIEM_NO_RATE: defineError(
    400,
    6101,
    'The per diem policy has no rate for this location.',
    'Choose a location listed in the policy.',
  ),
  INVALID_PER_DIEM_PERIOD: defineError(
    400,
    6102,
    'The per diem period is not valid.',
    'Send an end after the start, at most 92 days long.',
  ),
  DEAL_CUSTOMER_MISMATCH: defineError(
    400,
    6104,
    'The deal does not belong to the customer.',
    'Choose a deal of that customer, or leave the customer empty.',
  ),
  RECEIPT_ALREADY_CONVERTED: defineError(
    409,
    6105,
    'The receipt is already attached to an expense.',
    'Open that expense instead.',
  ),
  RECEIPT_MISLABELLED: defineError(
    415,
    6106,
    'The file’s content does not match its declared type or name.',
    'Upload the file with its real type and extension.',
  ),

  // 62xx: expense reports, approvals, audit log
  INVALID_DURATION: defineError(
    400,
    6200,
    'The report’s end_date is before its start_date.',
    'Send an end_date on or after the start_date.',
  ),
  APPROVER_NOT_ELIGIBLE: defineError(
    400,
    6201,
    'The chosen approver is not an active approver or admin of this organisation, or is the submitter.',
    'Choose another approver.',
  ),
  APPROVAL_RULE_NOT_FOUND: defineError(404, 6202, 'Approval rule does not exist.', 'Check the rule id.'),
  EXPENSE_NOT_IN_REPORT: defineError(
    404,
    6203,
    'The expense is not in this report.',
    'Check the report and expense ids.',
  ),

  // 65xx: analytics
  ANALYTICS_REPORT_NOT_FOUND: defineError(
    404,
    6500,
    'Report does not exist.',
    'Use one of the default reports or the id of a saved report.',
  ),
  DASHBOARD_NOT_FOUND: defineError(404, 6501, 'Dashboard does not exist.', 'Check the dashboard id.'),
  INVALID_REPORT_SPEC: defineError(
    400,
    6502,
    'The report definition is not valid.',
    'Correct the named part of the report (dimensions, measures, filters or sort).',
  ),
  DASHBOARD_COMPONENT_NOT_FOUND: defineError(
    404,
    6503,
    'The dashboard has no such component.',
    'Check the component id.',
  ),
  DEFAULT_DASHBOARD_UNDELETABLE: defineError(
    409,
    6504,
    'The default dashboard cannot be deleted.',
    'Remove or change its components instead.',
  ),

  // 5xxx: rate limits and upstream
  RATE_LIMITED: defineError(429, 5000, 'Too many requests; slow down.', 'Wait for the Retry-After seconds.'),
  UPSTREAM_ERROR: defineError(
    502,
    5001,
    'Zoho answered with an error.',
    'Try again later; see the sync history.',
  ),
  SERVICE_UNAVAILABLE: defineError(
    503,
    5002,
    'A service DealSpend depends on does not answer.',
    'Try again shortly.',
  ),
  // 60xx: directory and reference data
  LAST_ADMIN: defineError(
    409,
    6000,
    'The organisation must keep at least one active admin.',
    'Make another user an active admin first.',
  ),
  MANAGER_CYCLE: defineError(
    400,
    6001,
    'This manager would make the reporting line loop back to the user.',
    'Choose a manager who does not report to this user.',
  ),
  CATEGORY_DISABLED: defineError(
    400,
    6002,
    'The category is disabled and cannot be used for new expenses.',
    'Choose an enabled category, or ask an admin to enable it.',
  ),
  PROJECT_IN_USE: defineError(
    409,
    6003,
    'A project used by transactions cannot be deleted; mark it inactive instead.',
    'Deactivate the project.',
  ),
  CUSTOMER_INACTIVE: defineError(
    400,
    6004,
    'The customer is inactive and cannot be linked to new records.',
    'Choose an active customer, or activate this one.',
  ),
  CATEGORY_IN_USE: defineError(
    409,
    6005,
    'A category used by expenses cannot be deleted; disable it instead.',
    'Disable the category, so it stays on old expenses but cannot be chosen for new ones.',
  ),
  DEPARTMENT_IN_USE: defineError(
    409,
    6006,
    'A department that still has users cannot be deleted.',
    'Move its users to another department (or to none) first.',
  ),
  CURRENCY_IN_USE: defineError(
    409,
    6007,
    'The base currency, or a currency used by expenses or per diem policies, cannot be deleted.',
    'Keep the currency; delete only currencies nothing uses.',
  ),
  SEATS_EXHAUSTED: defineError(
    409,
    6008,
    "Every seat of the organisation's plan is taken by an active user.",
    'Make another user inactive, or raise the seats in your plan (Settings › Users).',
  ),

  // 64xx: Zoho CRM and Zoho People integrations
  INTEGRATION_NOT_CONNECTED: defineError(
    409,
    6400,
    'The integration is not connected to Zoho yet.',
    'Connect it first (Connect Now / Try Now).',
  ),
  OAUTH_STATE_INVALID: defineError(
    400,
    6401,
    'The Zoho sign-in response is not valid or has expired.',
    'Start the connection again from Settings.',
  ),
  ZOHO_AUTH_FAILED: defineError(
    502,
    6402,
    'Zoho Accounts refused to issue a token.',
    'Connect the integration again; check the client id, secret and data centre.',
  ),
  CRM_ORG_NOT_SELECTED: defineError(
    409,
    6403,
    'No Zoho CRM organisation is selected yet.',
    'Choose one with Select Organisation.',
  ),
  INTEGRATION_NOT_DISABLED: defineError(
    409,
    6404,
    'The integration can be deleted only when it is disabled.',
    'Disable the integration first.',
  ),
  INTEGRATION_DISABLED: defineError(
    409,
    6405,
    'The integration is disabled, so nothing syncs.',
    'Enable the integration again first.',
  ),
  BASE_CURRENCY_MISMATCH: defineError(
    409,
    6406,
    'The base currency in Zoho CRM does not match the base currency in DealSpend.',
    'Make the two base currencies the same before mapping fields.',
  ),
  CUSTOMERS_NOT_CONFIGURED: defineError(
    409,
    6407,
    'Customer sync is not configured yet.',
    'Use Configure Now under Customers first.',
  ),
  SYNC_CONFLICT_NOT_FOUND: defineError(
    404,
    6408,
    'The sync conflict does not exist or has already been resolved.',
    'Reload the conflicts: someone may have resolved it already.',
  ),
  CRM_RECORD_NOT_FOUND: defineError(
    404,
    6409,
    'The Zoho CRM record does not exist.',
    'Search again and pick a record.',
  ),
  INVALID_FIELD_MAPPING: defineError(
    400,
    6410,
    'The field mapping is not valid.',
    'Map each field the Zoho module has to a DealSpend field that can hold its values: text fields to DealSpend’s own fields or custom fields; true/false, number and date fields to custom fields.',
  ),
  CRM_USER_NOT_FOUND: defineError(
    404,
    6411,
    'The Zoho CRM user does not exist.',
    'Pick a user from the list.',
  ),
  ZOHO_UNAVAILABLE: defineError(
    502,
    6412,
    'Zoho did not answer as expected.',
    'Try again shortly; see the sync history for details.',
  ),
  CRM_ORG_UNKNOWN: defineError(
    400,
    6413,
    'That Zoho CRM organisation is not available to the connected user.',
    'Pick one of the listed organisations.',
  ),
  // A decision on Zoho's consent page, not a failure of Zoho: hence 403, not ZOHO_AUTH_FAILED's 502.
  ZOHO_ACCESS_DENIED: defineError(
    403,
    6414,
    'Access to Zoho was not granted, so the integration was not connected.',
    'Connect again and accept the access DealSpend asks for on Zoho’s page.',
  ),

  INTERNAL: defineError(
    500,
    5999,
    'Something went wrong on our side. It has been logged.',
    'Try again; report the request id if it persists.',
  ),
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorKey = keyof typeof ERROR_CATALOGUE;

/**
 * Build a typed error: `throw appError('REPORT_EMPTY')`, or with a more precise message
 * `throw appError('INVALID_INPUT', 'amount must be greater than zero')`.
 */
export function appError(key: ErrorKey, message?: string): AppError {
  const def = ERROR_CATALOGUE[key];
  return new AppError(key, def.status, def.code, message ?? def.message);
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
