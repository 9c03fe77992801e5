// Billing (issue 20 point 7): optional Stripe subscriptions in accounts mode. Plans (STRIPE_PLANS) map Stripe prices
// to quotas; a user subscribes through Stripe Checkout and manages card and cancellation in Stripe's customer
// portal; Stripe's signed events (POST /billing/webhook) set the user's plan and, through the quotas module, their
// quotas. Owns the tables `billing_accounts` and `billing_events`. Provides `billing` (BillingService). Off unless
// AUTH_MODE=accounts and STRIPE_SECRET_KEY: then the admin sets quotas by hand and its routes say so (404
// `billing_not_configured`); in single-seller mode they answer as unknown addresses.
//
// Public surface: everything another module or the app may use is exported here, nothing else is imported from
// this folder from outside it.
import type { FastifyInstance } from 'fastify';
import { defineModule } from '../../platform/modules/module.ts';
import type { Platform } from '../../platform/platform.ts';
import type { QuotasService } from '../quotas/index.ts';
import { billingSettings } from './billing-settings.ts';
import { BillingRepository } from './billing.repository.ts';
import { billingRoutes } from './billing.routes.ts';
import { BillingService } from './billing.service.ts';
import { stripeGateway } from './stripe-gateway.ts';
import { billingOwnerData } from './billing-owner-data.repository.ts';

export type { BillingService } from './billing.service.ts';

export const billingModule = defineModule({
  name: 'billing',
  needs: ['quotas'],
  provides: ['billing'],
  create(platform: Platform, deps: { quotas: QuotasService }) {
    const { config } = platform;
    const log = platform.log.child({ component: 'billing' });
    // Read once at start: a wrong STRIPE_* stops start-up naming the variable (a ConfigError, printed without a stack).
    const settings = billingSettings(config);
    if (!settings && config.STRIPE_SECRET_KEY) log.warn('STRIPE_SECRET_KEY is set but AUTH_MODE is not accounts: billing is off (there is nobody to bill in single-seller mode)');
    const billing = new BillingService(new BillingRepository(platform.db), deps.quotas, settings, settings ? stripeGateway(settings, log) : null, log);
    platform.ownerData.register(billingOwnerData(billing));
    return {
      services: { billing },
      routes: (app: FastifyInstance) => billingRoutes(app, billing, { accounts: config.AUTH_MODE === 'accounts', publicUrl: config.PUBLIC_URL }),
    };
  },
});
