// The sales ledger (issue 18, point 2): orders, their life cycle (sold → shipped → delivered → completed, or
// cancelled / returned), the to-ship list and the CSV export. Owns the `orders` table. Needs listings (a sale marks
// the item sold in the same transaction); listings never needs orders.
//
// Public surface: everything another module or the app may use is exported here, nothing else is imported from
// this folder from outside it.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.ts';
import { defineModule } from '../../platform/modules/module.ts';
import type { ListingsService } from '../listings/index.ts';
import { OrdersRepository } from './orders.repository.ts';
import { ordersRoutes } from './orders.routes.ts';
import { OrdersService } from './orders.service.ts';
import { StockSalesLedger } from './stock-sales.ts';
import { OrderBackups } from './order-backups.ts';
import { ordersOwnerData } from './orders-owner-data.repository.ts';

export { OrdersService } from './orders.service.ts';
export { OrderBackups } from './order-backups.ts';
export type { OrdersTable as OrderRow } from './orders.tables.ts';
export type { Order, RecordSaleInput } from './orders.schemas.ts';
export { OPEN_STATUSES, ORDER_STATUSES, type OrderStatus } from './order-status.ts';

interface OrdersDeps {
  listings: ListingsService;
}

export const ordersModule = defineModule({
  name: 'orders',
  needs: ['listings'],
  provides: ['orders', 'orderBackups'],
  create(platform: Platform, deps: OrdersDeps) {
    platform.ownerData.register(ordersOwnerData());
    const repo = new OrdersRepository(platform.db);
    const orders = new OrdersService(repo, deps.listings, platform.events);
    // Sales the stock makes by itself (an edit, a create, an import) are recorded here too: the numbers count orders.
    const ledger = new StockSalesLedger(repo);
    deps.listings.useSaleLedger(ledger);
    // Backups (modules/files) carry the orders with the stock and restore them in the same transaction.
    const orderBackups = new OrderBackups(repo, ledger);
    return { services: { orders, orderBackups }, routes: (app: FastifyInstance) => ordersRoutes(app, orders, deps.listings) };
  },
});
