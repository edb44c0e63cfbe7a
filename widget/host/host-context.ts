/** Where the widget is mounted and who is looking, normalised from Zoho's PageLoad and config calls. */
export type CrmModule = 'Accounts' | 'Contacts' | 'Deals';

export type HostLocation =
  | { kind: 'related-list'; module: CrmModule; recordId: string }
  | { kind: 'button'; module: CrmModule; recordIds: string[] }
  | { kind: 'web-tab' };

export interface CrmCurrentUser {
  id: string;
  email: string;
  full_name: string;
}

export interface CrmOrg {
  id: string;
  company_name: string;
  currency: string;
  time_zone?: string;
}

export interface HostContext {
  location: HostLocation;
  user: CrmCurrentUser;
  org: CrmOrg;
  /** Base URL of the DealSpend server. */
  serverUrl: string;
}

/** A CRM record as the SDK returns it: field API name → value (lookups are `{name, id}`). */
export interface CrmRecord {
  id: string;
  [field: string]: unknown;
}

export interface CrmUserSummary {
  id: string;
  full_name: string;
  email: string;
  status?: string;
}

/** What the rest of the widget may ask of Zoho CRM; implemented over the SDK in zoho-host.ts. */
export interface HostApi {
  readonly context: HostContext;
  /** Sets the widget frame's height in the CRM page. */
  resize(height: number): Promise<void>;
  openRecord(module: CrmModule, id: string): Promise<void>;
  getRecord(module: CrmModule, id: string): Promise<CrmRecord | null>;
  getRelatedRecords(module: CrmModule, id: string, relatedList: string, page?: number): Promise<CrmRecord[]>;
  /** `type` 'word' searches names (contacts by first or last name, accounts by name). */
  searchRecord(module: CrmModule, type: 'word' | 'email' | 'criteria', query: string): Promise<CrmRecord[]>;
  getAllUsers(type?: 'ActiveUsers' | 'AllUsers'): Promise<CrmUserSummary[]>;
}
