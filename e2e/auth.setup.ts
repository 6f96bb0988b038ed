import { test as setup } from "@playwright/test";
import { PERSONAS, signInThroughPage, storageStatePath, type PersonaKey } from "./support";

// Each demo person signs in once through the sign-in page; the specs reuse that session (storageState).
for (const who of Object.keys(PERSONAS) as PersonaKey[]) {
  setup(`${PERSONAS[who].name} signs in through the sign-in page`, async ({ page }) => {
    await signInThroughPage(page, who);
    await page.context().storageState({ path: storageStatePath(who) });
  });
}
