/** People-readable names of audit actions; an action without one is shown as recorded. */
export const ACTION_LABELS: Record<string, string> = {
  "setup.completed": "Vault set up",
  "user.created": "Account created",
  "auth.sign_in": "Signed in",
  "auth.sign_in_failed": "Sign-in failed",
  "provider_key.added": "Provider key added",
  "provider_key.replaced": "Provider key replaced",
  "provider_key.relabelled": "Provider key renamed",
  "provider_key.removed": "Provider key removed",
  "upstream.changed": "Upstream URL changed",
  "management_key.created": "Management key created",
  "management_key.revoked": "Management key revoked",
  "webhook.created": "Webhook added",
  "webhook.deleted": "Webhook removed",
  "webhook.enabled": "Webhook enabled",
  "webhook.disabled": "Webhook disabled",
};

/** Filter choices: a whole group ("provider_key.") or one action. */
export const ACTION_GROUPS: { value: string; label: string }[] = [
  { value: "auth.", label: "Sign-ins" },
  { value: "provider_key.", label: "Provider keys" },
  { value: "request.", label: "Access requests" },
  { value: "grant.", label: "Grants" },
  { value: "management_key.", label: "Management keys" },
  { value: "price.", label: "Prices" },
  { value: "webhook.", label: "Webhooks" },
  { value: "upstream.", label: "Upstream URLs" },
  { value: "setup.", label: "Setup" },
];
