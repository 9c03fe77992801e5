import type { Messages } from '../types.ts';

// Subscription (accounts mode with Stripe): the plan on the account page, subscribing and managing it at Stripe.
export const fr = {
  title: 'Abonnement',
  explain: 'Votre formule fixe vos quotas. Le paiement, la carte et la résiliation se gèrent chez Stripe.',
  current: 'Formule actuelle',
  status: {
    active: 'Actif',
    trialing: 'Période d’essai',
    past_due: 'Paiement en retard',
    canceled: 'Résilié',
    unpaid: 'Impayé',
    incomplete: 'Paiement en attente',
    incomplete_expired: 'Paiement expiré',
    paused: 'En pause',
  } as Record<string, string>,
  pastDue: 'Le dernier paiement a échoué : Stripe va réessayer. Vos quotas restent ceux de la formule en attendant ; vérifiez votre carte.',
  renews: (date: string) => `Renouvelé le ${date}`,
  ends: (date: string) => `Se termine le ${date}`,
  yours: 'Votre formule',
  subscribe: 'S’abonner',
  manage: 'Gérer mon abonnement',
  manageExplain: 'Carte bancaire, factures, changement de formule et résiliation, chez Stripe.',
  success: 'Paiement reçu : votre nouvelle formule s’affiche dès que Stripe l’a confirmée.',
  cancelled: 'Paiement abandonné : rien n’a changé.',
  refresh: 'Actualiser',
};

export const en: Messages<typeof fr> = {
  title: 'Subscription',
  explain: 'Your plan sets your quotas. Payment, card and cancellation are handled at Stripe.',
  current: 'Current plan',
  status: {
    active: 'Active',
    trialing: 'Trial',
    past_due: 'Payment late',
    canceled: 'Cancelled',
    unpaid: 'Unpaid',
    incomplete: 'Payment pending',
    incomplete_expired: 'Payment expired',
    paused: 'Paused',
  },
  pastDue: 'The last payment failed: Stripe will try again. Your quotas stay those of your plan meanwhile; check your card.',
  renews: (date: string) => `Renews on ${date}`,
  ends: (date: string) => `Ends on ${date}`,
  yours: 'Your plan',
  subscribe: 'Subscribe',
  manage: 'Manage my subscription',
  manageExplain: 'Card, invoices, plan change and cancellation, at Stripe.',
  success: 'Payment received: your new plan shows as soon as Stripe confirms it.',
  cancelled: 'Payment abandoned: nothing changed.',
  refresh: 'Refresh',
};
