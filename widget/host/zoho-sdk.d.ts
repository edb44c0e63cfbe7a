/**
 * Our typings for the subset of Zoho's widget JS SDK (`ZohoEmbededAppSDK.min.js`, global `ZOHO`) the
 * widget uses. No maintained typings package exists; shapes follow the SDK source and the payloads
 * seen in real CRM (users[0], org[0], EntityId as string or array). Only widget/host/ uses these.
 */

/** PageLoad as CRM sends it: related list → EntityId string; button → array (+ ButtonPosition). */
export interface ZohoPageLoadData {
  Entity?: string;
  EntityId?: string | string[];
  ButtonPosition?: string;
  [key: string]: unknown;
}

export interface ZohoRecordsResponse {
  data?: Array<{ id: string; [field: string]: unknown }>;
  info?: { per_page?: number; count?: number; page?: number; more_records?: boolean };
}

export interface ZohoUser {
  id: string;
  full_name: string;
  first_name?: string;
  last_name?: string;
  email: string;
  status?: string;
  zuid?: string;
  role?: { name: string; id: string };
  profile?: { name: string; id: string };
}

export interface ZohoOrgInfo {
  id: string;
  zgid?: string;
  company_name: string;
  currency?: string;
  iso_code?: string;
  time_zone?: string;
  primary_email?: string;
}

export interface ZohoSdk {
  embeddedApp: {
    on(event: 'PageLoad', handler: (data: ZohoPageLoadData) => void): void;
    init(): Promise<unknown>;
  };
  CRM: {
    API: {
      getRecord(args: { Entity: string; RecordID: string | string[] }): Promise<ZohoRecordsResponse>;
      getRelatedRecords(args: {
        Entity: string;
        RecordID: string;
        RelatedList: string;
        page?: number;
        per_page?: number;
      }): Promise<ZohoRecordsResponse>;
      searchRecord(args: {
        Entity: string;
        Type: 'email' | 'phone' | 'word' | 'criteria';
        Query: string;
        page?: number;
        per_page?: number;
      }): Promise<ZohoRecordsResponse | undefined>;
      getAllUsers(args: { Type?: string; type?: string; page?: number; per_page?: number }): Promise<{
        users?: ZohoUser[];
      }>;
      /** `{"Success":{"Content":"…"}}`; some CRM builds answer with that object as a JSON string. */
      getOrgVariable(apiName: string): Promise<unknown>;
    };
    CONFIG: {
      getCurrentUser(): Promise<{ users?: ZohoUser[] }>;
      getOrgInfo(): Promise<{ org?: ZohoOrgInfo[] }>;
    };
    UI: {
      Resize(size: { height?: number; width?: number }): Promise<boolean>;
      Record: {
        open(args: { Entity: string; RecordID: string; Target?: '_blank' }): Promise<unknown>;
      };
      Popup: {
        close(): Promise<unknown>;
      };
    };
  };
}
