// Steps several browser tests take the same way: signing in through the embedded IdP, dropping files on the drop zone.
import type { Page } from 'playwright-core';

/** Signs in through the embedded IdP (offered on the server's sign-in page, which asks for the organisation). */
export async function signIn(page: Page, address: string) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The sign-in page asks for an organisation and offers the embedded development provider (EMBEDDED_IDP); a browser
  // that already signed in at the IdP may go straight to its login form.
  const choice = page.getByRole('link', { name: 'Sign in with Development sign-in (embedded)' });
  const email = page.getByLabel('Email');
  await choice.or(email).first().waitFor();
  if (await choice.isVisible()) await choice.click();
  await email.fill(address);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // First sign-in asks for consent on the embedded provider.
  const allow = page.getByRole('button', { name: 'Allow' });
  if (await allow.isVisible({ timeout: 3_000 }).catch(() => false)) await allow.click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** Drops files on the drop zone as a user dragging them from the desktop would. */
export async function dropFiles(page: Page, files: { name: string; text: string }[]) {
  const dataTransfer = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const file of list) transfer.items.add(new File([file.text], file.name, { type: 'application/octet-stream' }));
    return transfer;
  }, files);
  await page.locator('.dropzone').dispatchEvent('drop', { dataTransfer });
}
