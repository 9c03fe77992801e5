// The command line's words in French and English. The language comes from --lang, else LANG / LC_ALL / LC_MESSAGES
// (a French system gets French), else English. Error codes stay the API's stable codes in both languages.

export type Lang = 'fr' | 'en';

export function detectLang(env: NodeJS.ProcessEnv, flag?: string): Lang {
  // An empty variable is unset (POSIX): the next one decides.
  const given = flag || env.VINTEDBOT_LANG || env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^fr/i.test(given) ? 'fr' : 'en';
}

const MESSAGES = {
  en: {
    'stage.scanned': 'Scan', 'stage.deduplicated': 'Duplicates', 'stage.grouped': 'Grouping', 'stage.categorised': 'Categorising',
    'import.received': 'Import of {files} photos started (job {job}).',
    'import.rejected': '{count} file(s) refused: {list}',
    'import.done': 'Job {job} done: {photos} photos, {groups} articles, {duplicates} duplicates set aside, {errors} errors.',
    'import.dryRun': 'Dry run: nothing was added to your stock. Create the drafts with: vintedbot import --resume {job} --execute',
    'import.executed': '{created} draft(s) created in your stock ({existing} already there, {failed} failed). Nothing was sent to Vinted.',
    'import.interrupted': 'Stopped. The job {job} is saved: resume it with `vintedbot import --resume {job}` (or `npm start` resumes it).',
    'import.failed': 'The bulk job failed: {error}',
    'import.cancelled': 'The bulk job was cancelled.',
    'import.notFound': 'No photos found in {path} (JPEG, PNG, WebP, HEIC, AVIF, TIFF, GIF) and it is not a ZIP.',
    'import.needSource': 'Give a folder or a ZIP of photos, or --resume JOB_ID.',
    'import.locked': 'The data folder is in use by a running server: run the command with --server URL --token TOKEN, or stop the server.',
    'table.group': '#', 'table.category': 'Category', 'table.photos': 'Photos', 'table.title': 'Title', 'table.price': 'Price',
    'export.written': 'Written {file} ({bytes}).',
    'restore.done': 'Restore {mode}: {summary}',
    'importCsv.done': '{dry}{created} to create, {updated} to update, {unchanged} unchanged, {skipped} skipped, {errors} error(s).',
    'importCsv.dry': 'Dry run: ',
    'priceDrop.done': '{dry}{dropped} price(s) lowered out of {considered} considered ({floor} reached their floor).',
    'purge.done': '{dry}{drafts} old draft(s), {files} orphan photo file(s) ({bytes}), {logs} log row(s).',
    'dry': 'Dry run (nothing changed): ',
    'migrate.done': 'Database is up to date ({dialect}).',
    'doctor.ok': 'Everything needed works.', 'doctor.problems': '{count} problem(s) to fix (see ✗ above).',
    'doctor.fix': 'fix',
    'error': 'Error',
  },
  fr: {
    'stage.scanned': 'Analyse', 'stage.deduplicated': 'Doublons', 'stage.grouped': 'Regroupement', 'stage.categorised': 'Catégories',
    'import.received': 'Import de {files} photos lancé (tâche {job}).',
    'import.rejected': '{count} fichier(s) refusé(s) : {list}',
    'import.done': 'Tâche {job} terminée : {photos} photos, {groups} articles, {duplicates} doublons mis de côté, {errors} erreurs.',
    'import.dryRun': 'Essai à blanc : rien n\'a été ajouté à votre stock. Créez les brouillons avec : vintedbot import --resume {job} --execute',
    'import.executed': '{created} brouillon(s) créé(s) dans votre stock ({existing} déjà présents, {failed} en échec). Rien n\'a été envoyé à Vinted.',
    'import.interrupted': 'Arrêté. La tâche {job} est enregistrée : reprenez-la avec `vintedbot import --resume {job}` (ou `npm start` la reprend).',
    'import.failed': 'La tâche d\'import a échoué : {error}',
    'import.cancelled': 'La tâche d\'import a été annulée.',
    'import.notFound': 'Aucune photo trouvée dans {path} (JPEG, PNG, WebP, HEIC, AVIF, TIFF, GIF) et ce n\'est pas un ZIP.',
    'import.needSource': 'Indiquez un dossier ou un ZIP de photos, ou --resume ID_TACHE.',
    'import.locked': 'Le dossier de données est utilisé par un serveur en marche : lancez la commande avec --server URL --token JETON, ou arrêtez le serveur.',
    'table.group': 'N°', 'table.category': 'Catégorie', 'table.photos': 'Photos', 'table.title': 'Titre', 'table.price': 'Prix',
    'export.written': '{file} écrit ({bytes}).',
    'restore.done': 'Restauration {mode} : {summary}',
    'importCsv.done': '{dry}{created} à créer, {updated} à mettre à jour, {unchanged} inchangé(s), {skipped} ignoré(s), {errors} erreur(s).',
    'importCsv.dry': 'Essai à blanc : ',
    'priceDrop.done': '{dry}{dropped} prix baissé(s) sur {considered} examiné(s) ({floor} au prix plancher).',
    'purge.done': '{dry}{drafts} ancien(s) brouillon(s), {files} fichier(s) photo orphelin(s) ({bytes}), {logs} ligne(s) de journal.',
    'dry': 'Essai à blanc (rien n\'a changé) : ',
    'migrate.done': 'La base de données est à jour ({dialect}).',
    'doctor.ok': 'Tout ce qui est nécessaire fonctionne.', 'doctor.problems': '{count} problème(s) à corriger (voir ✗ ci-dessus).',
    'doctor.fix': 'à faire',
    'error': 'Erreur',
  },
} as const;

export type MessageKey = keyof (typeof MESSAGES)['en'];

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  return (key, params = {}) => (MESSAGES[lang][key] as string).replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}

/** Sizes as a seller reads them. */
export function humanBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(1)} ${units[i]}`;
}
