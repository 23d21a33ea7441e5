/** Settings -> Account: password and the TOTP second factor (each one lib operation). */
import { db } from "@/lib/foundation/db/client";
import { changePassword } from "@/lib/domain/auth/change-password";
import { disableTotp } from "@/lib/domain/auth/second-factor/disable-totp";
import { beginTotpEnrolment, confirmTotpEnrolment } from "@/lib/domain/auth/second-factor/enrol-totp";
import { stepUp } from "@/lib/domain/auth/step-up";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";

export const changePasswordRoute = uiRoute(async ({ user, session, actor, body }) =>
  changePassword(db(), user.id, session.id, await body(), actor),
);

// Turning the second factor on is a dangerous action too: with a stolen session cookie, enrolling
// one's own authenticator would end the owner's other sessions and lock the owner out.
export const beginTotpRoute = uiRoute(async ({ user }) => beginTotpEnrolment(db(), user.id), { stepUp: true });

export const confirmTotpRoute = uiRoute(
  async ({ user, session, actor, body }) => confirmTotpEnrolment(db(), user.id, session.id, await body(), actor),
  { stepUp: true },
);

export const disableTotpRoute = uiRoute(async ({ user, session, actor, body }) =>
  disableTotp(db(), user.id, session.id, await body(), actor),
);

export const stepUpRoute = uiRoute(async ({ user, session, actor, body }) => stepUp(db(), user.id, session.id, await body(), actor));
