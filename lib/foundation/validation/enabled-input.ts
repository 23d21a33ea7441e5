import { z } from "zod";

/** The body that switches something on or off (webhooks, auto-approve policies): {"enabled": true|false}. */
export const enabledInput = z.strictObject({ enabled: z.boolean({ error: "enabled must be true or false" }) });
