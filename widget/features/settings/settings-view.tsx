/** Settings (admins): Zoho CRM and Zoho People integrations (filled in by the sync issue). */
export default function SettingsView() {
  return <p>Settings are not available yet.</p>;
}
