/**
 * The shape of the sandbox's deterministic seed. Records use Zoho's own field API names, exactly as
 * the CRM and People APIs serve them, so the sandbox serves them as they are and the server's demo
 * loader and connectors read them the way they read real Zoho.
 */

/** A CRM user as GET /crm/v8/users returns it. */
export interface CrmUser {
  id: string;
  full_name: string;
  first_name: string;
  last_name: string;
  email: string;
  status: 'active' | 'disabled' | 'deleted';
  confirm: boolean;
  zuid: string;
  role: { name: string; id: string };
  profile: { name: string; id: string };
  Reporting_To: { name: string; id: string } | null;
  Modified_Time: string;
  Created_Time: string;
}

export interface CrmLookup {
  name: string;
  id: string;
}

/** Accounts / Contacts / Deals records: field API name → value (lookups as {name,id}). */
export interface CrmRecord {
  id: string;
  Created_Time: string;
  Modified_Time: string;
  Owner: { name: string; id: string; email: string };
  [field: string]: unknown;
}

export interface CrmOrgSeed {
  /** GET /crm/v8/org fields. */
  org: {
    id: string;
    zgid: string;
    company_name: string;
    domain_name: string;
    primary_email: string;
    currency: string;
    iso_code: string;
    currency_symbol: string;
    time_zone: string;
    country_code: string;
  };
  users: CrmUser[];
  Accounts: CrmRecord[];
  Contacts: CrmRecord[];
  Deals: CrmRecord[];
}

/** A Zoho People employee record as forms/employee/getRecords returns it. */
export interface PeopleEmployee {
  Zoho_ID: string;
  EmployeeID: string;
  FirstName: string;
  LastName: string;
  EmailID: string;
  Department: string;
  'Department.ID': string;
  Reporting_To: string;
  'Reporting_To.ID': string;
  'Reporting_To.MailID': string;
  Designation: string;
  Employeestatus: 'Active' | 'Terminated' | 'Resigned';
  ModifiedTime: string;
  AddedTime: string;
  [field: string]: unknown;
}

export interface PeopleDepartment {
  Zoho_ID: string;
  Department: string;
  Department_Lead: string;
  'Department_Lead.ID': string;
  Parent_Department: string;
  ModifiedTime: string;
  AddedTime: string;
}

export interface PeopleClient {
  clientId: string;
  clientName: string;
  emailId: string;
  currency: string;
  modifiedTime: string;
}

export interface PeopleProject {
  projectId: string;
  projectName: string;
  clientId: string;
  projectStatus: 'In Progress' | 'Completed';
  modifiedTime: string;
}

export interface SandboxSeed {
  /** The first is Zylker (the demo org); the second exists for "Select Organisation". */
  crmOrgs: CrmOrgSeed[];
  people: {
    employees: PeopleEmployee[];
    departments: PeopleDepartment[];
    clients: PeopleClient[];
    projects: PeopleProject[];
  };
}

/** Sign-in accounts of the sandbox's Zoho Accounts: every CRM user of every org, plus People-only staff. */
export interface SandboxAccount {
  zuid: string;
  email: string;
  first_name: string;
  last_name: string;
  display_name: string;
}
