/**
 * The Settings sections, listed at the top of the page: Settings is one long page, and an admin
 * after, say, the per diem policies should not scroll past every user to reach them. The tab keeps
 * its route in the URL hash, so each entry scrolls to its section's heading and focuses it instead
 * of following the link.
 */
export const SETTINGS_SECTIONS = [
  { id: 'ds-settings-title', label: 'Integrations' },
  { id: 'ds-users-title', label: 'Users' },
  { id: 'ds-approval-levels-title', label: 'Approval levels' },
  { id: 'ds-per-diem-title', label: 'Per diem policies' },
  { id: 'ds-reference-title', label: 'Departments, categories and currencies' },
] as const;

function goTo(id: string): void {
  const heading = document.getElementById(id);
  if (!heading) return;
  heading.scrollIntoView({ block: 'start' });
  heading.focus({ preventScroll: true });
}

export function SettingsIndex() {
  return (
    <nav class="ds-settings-index" aria-label="Settings sections">
      <ul>
        {SETTINGS_SECTIONS.map((s) => (
          <li key={s.id}>
            <a
              href={`#${s.id}`}
              onClick={(e) => {
                e.preventDefault();
                goTo(s.id);
              }}
            >
              {s.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
