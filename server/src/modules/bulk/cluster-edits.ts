// The seller's fixes to the grouping, before any spend: merge groups, move photos between groups (or out to a new
// one), split a group at a photo, reorder, choose the cover. Pure: the groups in, the groups out with the log
// lines; the service stores them. Every photo stays in exactly one group.
import { AppError } from '../../platform/errors.ts';

export interface EditableCluster { id: string; photoIds: string[]; cover: string | null }

export interface ClusterEdit {
  merge?: string[];
  move?: { photo_ids: string[]; to: string };
  split_at?: string;
  order?: string[];
  cover_photo_id?: string;
}

export interface EditOutcome {
  clusters: EditableCluster[];
  /** Groups whose photos changed (their figures are recomputed) and groups created by the edit. */
  touched: string[];
  created: string[];
  /** Groups left empty by the edit, removed. */
  removed: string[];
  log: { rule: string; cluster_id: string; photo_ids: string[]; message: string }[];
}

const editError = (code: string, message: string, details?: unknown) => new AppError(400, code, message, details);

/** Applies one edit to `targetId` (merge, then move, then split, then order, then cover); `nextId` names new groups. */
export function applyClusterEdit(input: readonly EditableCluster[], targetId: string, edit: ClusterEdit, nextId: () => string): EditOutcome {
  const clusters = input.map((c) => ({ ...c, photoIds: [...c.photoIds] }));
  const byId = new Map(clusters.map((c) => [c.id, c]));
  const target = byId.get(targetId);
  if (!target) throw new AppError(404, 'cluster_not_found', `No group ${targetId} in this job`, { id: targetId });
  const touched = new Set<string>();
  const created: string[] = [];
  const log: EditOutcome['log'] = [];
  const owner = (photoId: string) => clusters.find((c) => c.photoIds.includes(photoId));

  if (edit.merge?.length) {
    for (const id of edit.merge) {
      if (id === targetId) throw editError('invalid_edit', 'A group cannot be merged into itself');
      const other = byId.get(id);
      if (!other) throw new AppError(404, 'cluster_not_found', `No group ${id} in this job`, { id });
      target.photoIds.push(...other.photoIds);
      log.push({ rule: 'edit_merge', cluster_id: targetId, photo_ids: other.photoIds, message: `Seller merged ${id} into ${targetId}.` });
      other.photoIds = [];
      touched.add(id);
    }
    touched.add(targetId);
  }

  if (edit.move) {
    const { photo_ids: ids, to } = edit.move;
    if (new Set(ids).size !== ids.length) throw editError('invalid_edit', 'A photo is listed twice in move.photo_ids');
    for (const id of ids) if (!target.photoIds.includes(id)) throw editError('photo_not_in_cluster', `Photo ${id} is not in group ${targetId}`, { photo_id: id });
    let dest: EditableCluster;
    if (to === 'new') {
      dest = { id: nextId(), photoIds: [], cover: null };
      clusters.push(dest);
      byId.set(dest.id, dest);
      created.push(dest.id);
    } else {
      const d = byId.get(to);
      if (!d) throw new AppError(404, 'cluster_not_found', `No group ${to} in this job`, { id: to });
      if (d.id === targetId) throw editError('invalid_edit', 'Photos cannot be moved to the group they are in');
      dest = d;
    }
    target.photoIds = target.photoIds.filter((p) => !ids.includes(p));
    dest.photoIds.push(...ids);
    touched.add(targetId).add(dest.id);
    log.push({ rule: 'edit_move', cluster_id: dest.id, photo_ids: ids, message: `Seller moved ${ids.length} photo(s) from ${targetId} to ${dest.id}.` });
  }

  if (edit.split_at) {
    const at = target.photoIds.indexOf(edit.split_at);
    if (at < 0) throw editError('photo_not_in_cluster', `Photo ${edit.split_at} is not in group ${targetId}`, { photo_id: edit.split_at });
    if (at === 0) throw editError('invalid_edit', 'Splitting at the first photo would leave the group empty');
    const tail = target.photoIds.splice(at);
    const dest = { id: nextId(), photoIds: tail, cover: null };
    clusters.push(dest);
    byId.set(dest.id, dest);
    created.push(dest.id);
    touched.add(targetId).add(dest.id);
    log.push({ rule: 'edit_split', cluster_id: dest.id, photo_ids: tail, message: `Seller split ${targetId}: its last ${tail.length} photo(s) became ${dest.id}.` });
  }

  if (edit.order) {
    const current = new Set(target.photoIds);
    if (edit.order.length !== current.size || new Set(edit.order).size !== current.size || !edit.order.every((p) => current.has(p))) {
      throw editError('invalid_order', `order must list each of the ${current.size} photos of ${targetId} exactly once`, { photos: target.photoIds });
    }
    target.photoIds = [...edit.order];
    touched.add(targetId);
    log.push({ rule: 'edit_order', cluster_id: targetId, photo_ids: target.photoIds, message: `Seller reordered the photos of ${targetId}.` });
  }

  if (edit.cover_photo_id) {
    if (!target.photoIds.includes(edit.cover_photo_id)) {
      const where = owner(edit.cover_photo_id);
      throw editError('photo_not_in_cluster', `Photo ${edit.cover_photo_id} is not in group ${targetId}${where ? ` (it is in ${where.id})` : ''}`, { photo_id: edit.cover_photo_id });
    }
    target.cover = edit.cover_photo_id;
    // The cover leads the listing: it goes first.
    target.photoIds = [edit.cover_photo_id, ...target.photoIds.filter((p) => p !== edit.cover_photo_id)];
    log.push({ rule: 'edit_cover', cluster_id: targetId, photo_ids: [edit.cover_photo_id], message: `Seller chose the cover of ${targetId}.` });
  }

  for (const c of clusters) if (c.cover && !c.photoIds.includes(c.cover)) c.cover = null;
  const removed = clusters.filter((c) => c.photoIds.length === 0).map((c) => c.id);
  return {
    clusters: clusters.filter((c) => c.photoIds.length > 0),
    touched: [...touched].filter((id) => !removed.includes(id)),
    created,
    removed: removed.filter((id) => !created.includes(id)),
    log,
  };
}

/** The next free group name after the existing ones (c1, c2, … never reused within a job). */
export function clusterNamer(existing: Iterable<string>): () => string {
  let n = 0;
  for (const id of existing) n = Math.max(n, Number(id.replace(/^c/, '')) || 0);
  return () => `c${++n}`;
}
