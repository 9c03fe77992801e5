import type { Messages } from '../types.ts';

// The photo storage card in the settings: bytes per tier and what the lifecycle would move next (GET /storage/stats).
export const sizeFr = (n: number) => n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1).replace('.', ',')} Go` : n >= 1024 ** 2 ? `${(n / 1024 ** 2).toFixed(1).replace('.', ',')} Mo` : n >= 1024 ? `${Math.round(n / 1024)} Ko` : `${n} o`;
export const sizeEn = (n: number) => n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GB` : n >= 1024 ** 2 ? `${(n / 1024 ** 2).toFixed(1)} MB` : n >= 1024 ? `${Math.round(n / 1024)} kB` : `${n} B`;

export const fr = {
  title: 'Stockage des photos',
  explain: 'Où vivent les fichiers de vos photos : le dossier local, ou un stockage compatible S3 (STORAGE=s3). Les photos des articles vendus ou archivés depuis longtemps peuvent passer au niveau froid ; elles reviennent dès que vous ouvrez ou remettez l’article en vente.',
  backend: (b: 'local' | 's3') => b === 's3' ? 'Stockage compatible S3' : 'Dossier local',
  tier: (t: 'local' | 'remote' | 'cold', backend: 'local' | 's3') => ({ local: backend === 's3' ? 'Cache local' : 'Dossier local', remote: 'Bucket S3', cold: 'Froid' })[t],
  tierLine: (objects: number, bytes: number) => `${sizeFr(bytes)} · ${objects} fichier${objects > 1 ? 's' : ''}`,
  ruleOff: 'Règle du niveau froid désactivée (STORAGE_COLD_AFTER_DAYS=0).',
  ruleOn: (days: number) => `Les photos des articles vendus ou archivés depuis ${days} jour${days > 1 ? 's' : ''} passent au niveau froid.`,
  next: (photos: number, bytes: number) => photos ? `Prochain passage : ${photos} photo${photos > 1 ? 's' : ''} (${sizeFr(bytes)} pour les premières).` : 'Prochain passage : rien à déplacer.',
  run: 'Appliquer maintenant',
  ran: (moved: number, orphans: number) => `${moved} photo${moved > 1 ? 's' : ''} déplacée${moved > 1 ? 's' : ''}, ${orphans} fichier${orphans > 1 ? 's' : ''} orphelin${orphans > 1 ? 's' : ''} supprimé${orphans > 1 ? 's' : ''}`,
};

export const en: Messages<typeof fr> = {
  title: 'Photo storage',
  explain: 'Where your photo files live: the local folder, or S3-compatible storage (STORAGE=s3). Photos of items sold or archived long ago can move to the cold tier; they come back as soon as you open or relist the item.',
  backend: (b: 'local' | 's3') => b === 's3' ? 'S3-compatible storage' : 'Local folder',
  tier: (t: 'local' | 'remote' | 'cold', backend: 'local' | 's3') => ({ local: backend === 's3' ? 'Local cache' : 'Local folder', remote: 'S3 bucket', cold: 'Cold' })[t],
  tierLine: (objects: number, bytes: number) => `${sizeEn(bytes)} · ${objects} file${objects !== 1 ? 's' : ''}`,
  ruleOff: 'Cold tier rule off (STORAGE_COLD_AFTER_DAYS=0).',
  ruleOn: (days: number) => `Photos of items sold or archived ${days} day${days > 1 ? 's' : ''} ago move to the cold tier.`,
  next: (photos: number, bytes: number) => photos ? `Next run: ${photos} photo${photos > 1 ? 's' : ''} (${sizeEn(bytes)} for the first ones).` : 'Next run: nothing to move.',
  run: 'Apply now',
  ran: (moved: number, orphans: number) => `${moved} photo${moved !== 1 ? 's' : ''} moved, ${orphans} orphan file${orphans !== 1 ? 's' : ''} removed`,
};
