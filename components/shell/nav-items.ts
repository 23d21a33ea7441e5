/** The dashboard's sections; `ready: false` ones show in the navigation as coming, without a link. */
export const NAV_ITEMS = [
  { href: "/", label: "Overview", ready: true },
  { href: "/requests", label: "Requests", ready: true },
  { href: "/grants", label: "Grants", ready: true },
  { href: "/usage", label: "Usage", ready: true },
  { href: "/audit", label: "Audit", ready: true },
  { href: "/keys", label: "Provider keys", ready: true },
  { href: "/credentials", label: "API credentials", ready: true },
  { href: "/settings", label: "Settings", ready: true },
] as const;
