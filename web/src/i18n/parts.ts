// The page dictionaries, each a { fr, en } pair; the English half is typed from the French one.
import * as accounts from './messages/accounts.ts';
import * as backoffice from './messages/backoffice.ts';
import * as billing from './messages/billing.ts';
import * as bulk from './messages/bulk.ts';
import * as dashboard from './messages/dashboard.ts';
import * as extension from './messages/extension.ts';
import * as files from './messages/files.ts';
import * as item from './messages/item.ts';
import * as listing from './messages/listing.ts';
import * as memory from './messages/memory.ts';
import * as priceModel from './messages/price-model.ts';
import * as quotas from './messages/quotas.ts';
import * as newListing from './messages/new-listing.ts';
import * as sales from './messages/sales.ts';
import * as settings from './messages/settings.ts';
import * as stock from './messages/stock.ts';
import * as storage from './messages/storage.ts';
import * as vintedAccounts from './messages/vinted-accounts.ts';
import * as studio from './messages/studio.ts';
import * as vinted from './messages/vinted.ts';

export const DICTIONARY_PARTS = { stock, listing, item, vinted, settings, dashboard, newListing, files, bulk, extension, sales, backoffice, memory, priceModel, storage, studio, accounts, quotas, billing, vintedAccounts };
