import type { Browser } from 'playwright-core';
import { expect } from 'vitest';
import { LAPTOP, openTab, type Tab, type Viewport } from './browser.ts';

// The steps several accounts-mode browser tests share: the first visitor creates the admin account from the app's
// own page (in French on a laptop unless told), and an invited person joins from their link. The accounts test
// itself checks these pages in detail; the others start from here.

export const ADMIN = { email: 'ada@example.org', password: 'ada-password-123' };

/** A tab whose visitor created the admin account on a fresh accounts-mode server, left on the home page. */
export async function adminTab(browser: Browser, base: string, viewport: Viewport = LAPTOP): Promise<Tab & { httpErrors: string[] }> {
  const tab = await openTab(browser, base, viewport);
  const p = tab.page;
  p.setDefaultTimeout(15_000);
  await p.goto(`${base}/`);
  await p.getByLabel('Adresse e-mail').fill(ADMIN.email);
  await p.getByLabel('Mot de passe').fill(ADMIN.password);
  await p.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect.poll(() => p.getByRole('link', { name: 'Utilisateurs' }).count()).toBe(1);
  return tab;
}

/** From the admin's tab: the users page makes an invitation for `email`; its one-time link. */
export async function invite(admin: Tab, email: string): Promise<string> {
  const a = admin.page;
  await a.getByRole('link', { name: 'Utilisateurs' }).click();
  await a.getByLabel('Adresse e-mail').fill(email);
  await a.getByRole('button', { name: 'Créer le lien d’invitation' }).click();
  return a.getByTestId('one-time-link').inputValue();
}

/** A new tab, in English unless told, whose visitor opens `link`, picks a password and lands in the app. */
export async function join(browser: Browser, base: string, link: string, password: string, opts: { viewport?: Viewport; lang?: 'fr' | 'en' } = {}): Promise<Tab & { httpErrors: string[] }> {
  const lang = opts.lang ?? 'en';
  const tab = await openTab(browser, base, opts.viewport ?? LAPTOP, { lang });
  const u = tab.page;
  u.setDefaultTimeout(15_000);
  await u.goto(link);
  await u.getByLabel(lang === 'en' ? 'Password' : 'Mot de passe').fill(password);
  await u.getByRole('button', { name: lang === 'en' ? 'Create my account' : 'Créer mon compte' }).click();
  await expect.poll(() => u.url()).toBe(`${base}/`);
  return tab;
}
