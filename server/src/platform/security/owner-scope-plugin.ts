import {
  AliasNode, AndNode, BinaryOperationNode, ColumnNode, IdentifierNode, InsertQueryNode, JoinNode, type KyselyPlugin,
  OnConflictNode, OnNode, type OperationNode, OperationNodeTransformer, OperatorNode, ParensNode, PrimitiveValueListNode,
  type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryId, type QueryResult, ReferenceNode,
  type RootOperationNode, SelectionNode, SelectQueryNode, TableNode, type UnknownRow, ValueListNode, ValueNode,
  ValuesNode, WhereNode, type DeleteQueryNode, type UpdateQueryNode,
} from 'kysely';
import { type RawBuilder, sql } from 'kysely';
import { AppError } from '../errors.ts';
import { ownerScope } from './owner-scope.ts';

// Every query on a table holding a seller's data is scoped to the owner of the current work, here and only here
// (issue 20): a select, update or delete gets `<table or alias>.owner_id = <owner>` for each owned table it names (in
// FROM, in a JOIN's ON, in a subquery or a CTE), an insert gets the owner's id. A query on an owned table with no owner
// and outside a system scope is refused (fail closed): forgetting a scope is a 500, never another owner's rows.
// Raw SQL templates are invisible to this plugin: they call `ownedBy()` (below), and a static test checks they do
// (server/test/ownership/raw-sql-owner.test.ts).

/** The tables whose rows belong to an owner, scoped by this plugin. The rest is platform state or not scoped yet. */
export const OWNED_TABLES: ReadonlySet<string> = new Set([
  'items', 'photos', 'item_photos', 'price_history', 'orders', 'settings', 'job_runs', 'description_templates',
  'webhooks', 'webhook_deliveries', 'photo_edits', 'history',
  'bulk_jobs', 'bulk_photos', 'bulk_clusters', 'bulk_log', 'bulk_plans', 'bulk_results',
  'extension_pairing_codes', 'extension_tokens', 'billing_accounts', 'photo_embeddings', 'price_drop_runs',
  'vinted_accounts', 'vinted_session', 'vinted_guard', 'vinted_queue', 'vinted_publish_log', 'vinted_prepared',
]);

/**
 * Owned tables whose upsert targets a per-owner natural key (the migration made those unique per owner): the
 * conflict target gains owner_id, so `onConflict('key')` matches the (owner_id, key) constraint.
 */
const PER_OWNER_CONFLICT: ReadonlySet<string> = new Set(['settings', 'photos']);

export const OWNER_SCOPE_MISSING = 'owner_scope_missing';

export class OwnerScopeMissingError extends AppError {
  constructor(table: string) {
    super(500, OWNER_SCOPE_MISSING, `A query on "${table}" ran outside any owner's scope; it was refused rather than run unscoped.`);
  }
}

/** The current owner, for a table that keys rows by owner itself (price_models); refuses outside an owner's scope. */
export function requireOwner(what: string): string {
  const owner = ownerScope.current();
  if (!owner) throw new OwnerScopeMissingError(what);
  return owner;
}

type Scope = { system: true } | { system: false; owner: string };

function scopeFor(table: string, unscopedOwner: string | undefined): Scope {
  if (ownerScope.isSystem()) return { system: true };
  const owner = ownerScope.current() ?? (ownerScope.inScope() ? undefined : unscopedOwner);
  if (!owner) throw new OwnerScopeMissingError(table);
  return { system: false, owner };
}

const tableName = (t: TableNode) => t.table.identifier.name;

/** The owned table a FROM / JOIN item names and the name its columns are reached by, or undefined. */
function ownedRef(node: OperationNode): { table: string; ref: string } | undefined {
  if (TableNode.is(node)) {
    const table = tableName(node);
    return OWNED_TABLES.has(table) ? { table, ref: table } : undefined;
  }
  if (AliasNode.is(node) && TableNode.is(node.node) && IdentifierNode.is(node.alias)) {
    const table = tableName(node.node);
    return OWNED_TABLES.has(table) ? { table, ref: node.alias.name } : undefined;
  }
  return undefined;
}

const ownerPredicate = (ref: string, owner: string): OperationNode =>
  BinaryOperationNode.create(ReferenceNode.create(ColumnNode.create('owner_id'), TableNode.create(ref)), OperatorNode.create('='), ValueNode.create(owner));

const and = (a: OperationNode | undefined, b: OperationNode): OperationNode => (a ? AndNode.create(ParensNode.create(a), b) : b);

class OwnerTransformer extends OperationNodeTransformer {
  constructor(private readonly unscopedOwner: string | undefined) {
    super();
  }

  private scopeFor(table: string) {
    return scopeFor(table, this.unscopedOwner);
  }

  /** Predicates for the owned tables of a FROM list (also UPDATE's tables, DELETE's USING). */
  private fromPredicates(items: readonly OperationNode[] | undefined): OperationNode[] {
    const out: OperationNode[] = [];
    for (const item of items ?? []) {
      const owned = ownedRef(item);
      if (!owned) continue;
      const scope = this.scopeFor(owned.table);
      if (!scope.system) out.push(ownerPredicate(owned.ref, scope.owner));
    }
    return out;
  }

  /** JOINs with ON get the predicate in the ON (a LEFT JOIN stays a left join); others add it to the WHERE. */
  private scopeJoins(joins: readonly JoinNode[] | undefined, where: OperationNode[]): JoinNode[] | undefined {
    if (!joins) return joins;
    return joins.map((j) => {
      const owned = ownedRef(j.table);
      if (!owned) return j;
      const scope = this.scopeFor(owned.table);
      if (scope.system) return j;
      const pred = ownerPredicate(owned.ref, scope.owner);
      if (j.on) return { ...j, on: OnNode.create(and(j.on.on, pred)) };
      where.push(pred);
      return j;
    });
  }

  private withWhere(where: WhereNode | undefined, preds: OperationNode[]): WhereNode | undefined {
    if (preds.length === 0) return where;
    const all = preds.reduce((acc, p) => AndNode.create(acc, p));
    return WhereNode.create(and(where?.where, all));
  }

  /** An `ownedBy()` token: the owner's id, or in a system scope the column itself (owner_id = owner_id: every row). */
  protected override transformValue(node: ValueNode, queryId?: QueryId): ValueNode {
    if (!(node.value instanceof OwnerToken)) return super.transformValue(node, queryId);
    const scope = this.scopeFor(`${node.value.ref} (raw sql)`);
    if (scope.system) return ReferenceNode.create(ColumnNode.create('owner_id'), TableNode.create(node.value.ref)) as unknown as ValueNode;
    return ValueNode.create(scope.owner);
  }

  protected override transformSelectQuery(node: SelectQueryNode, queryId?: QueryId): SelectQueryNode {
    const n = super.transformSelectQuery(node, queryId);
    const preds = this.fromPredicates(n.from?.froms);
    const joins = this.scopeJoins(n.joins, preds);
    return { ...n, joins, where: this.withWhere(n.where, preds) };
  }

  protected override transformUpdateQuery(node: UpdateQueryNode, queryId?: QueryId): UpdateQueryNode {
    // A table the statement already scopes itself with ownedBy() in its WHERE gets no second predicate: the price-drop
    // batch writes its owner test so that SQLite's planner keeps it off the owner index (auto-drops.repository.ts).
    const self = selfScoped(node.where);
    const n = super.transformUpdateQuery(node, queryId);
    const preds = this.fromPredicates((n.table ? [n.table] : []).filter((t) => !self.has(ownedRef(t)?.ref ?? ''))).concat(this.fromPredicates(n.from?.froms));
    const joins = this.scopeJoins(n.joins, preds);
    return { ...n, joins, where: this.withWhere(n.where, preds) };
  }

  protected override transformDeleteQuery(node: DeleteQueryNode, queryId?: QueryId): DeleteQueryNode {
    const n = super.transformDeleteQuery(node, queryId);
    const preds = this.fromPredicates(n.from.froms).concat(this.fromPredicates(n.using?.tables));
    const joins = this.scopeJoins(n.joins, preds);
    return { ...n, joins, where: this.withWhere(n.where, preds) };
  }

  protected override transformInsertQuery(node: InsertQueryNode, queryId?: QueryId): InsertQueryNode {
    const n = super.transformInsertQuery(node, queryId);
    if (!n.into) return n;
    const table = tableName(n.into);
    if (!OWNED_TABLES.has(table)) return n;
    const scope = this.scopeFor(table);
    // A system scope (a migration, a restore of everyone's data) writes the owner it names, or the column's default.
    if (scope.system) return n;
    return withOwner(n, table, scope.owner);
  }
}

/** The insert with owner_id set to `owner` in every row (replacing any owner the caller named). */
function withOwner(n: InsertQueryNode, table: string, owner: string): InsertQueryNode {
  const columns = n.columns ?? [];
  let at = columns.findIndex((c) => c.column.name === 'owner_id');
  const add = at < 0;
  if (add) at = columns.length;
  const put = <T>(list: readonly T[], v: T) => (add ? [...list, v] : list.map((x, i) => (i === at ? v : x)));
  let values = n.values;
  if (values && ValuesNode.is(values)) {
    values = ValuesNode.create(values.values.map((row) => (PrimitiveValueListNode.is(row)
      ? PrimitiveValueListNode.create(put(row.values, owner as unknown))
      : ValueListNode.create(put(row.values, ValueNode.create(owner) as OperationNode)))));
  } else if (values && SelectQueryNode.is(values)) {
    if (!add) throw new Error(`insert into ${table} … select naming owner_id is not supported by the owner scope`);
    values = SelectQueryNode.cloneWithSelections(values, [SelectionNode.create(AliasNode.create(ValueNode.create(owner), IdentifierNode.create('owner_id')) as never)]);
  } else if (n.defaultValues || !values) {
    return InsertQueryNode.cloneWith({ ...n, defaultValues: false }, { columns: [ColumnNode.create('owner_id')], values: ValuesNode.create([PrimitiveValueListNode.create([owner])]) });
  } else {
    throw new Error(`insert into ${table}: unsupported values node ${values.kind}`);
  }
  let onConflict = n.onConflict;
  if (onConflict) {
    if (PER_OWNER_CONFLICT.has(table) && onConflict.columns && !onConflict.columns.some((c) => c.column.name === 'owner_id')) {
      onConflict = OnConflictNode.cloneWith(onConflict, { columns: [ColumnNode.create('owner_id'), ...onConflict.columns] });
    }
    // An upsert that meets another owner's row (same id) leaves it as it is.
    if (onConflict.updates) onConflict = OnConflictNode.cloneWithUpdateWhere(onConflict, ownerPredicate(table, owner));
  }
  return { ...n, columns: add ? [...columns, ColumnNode.create('owner_id')] : columns, values, onConflict };
}

export class OwnerScopePlugin implements KyselyPlugin {
  private readonly transformer: OwnerTransformer;

  /** `testOwner`: see DatabaseOptions.unscopedOwner (tests only; the product leaves it unset and fails closed). */
  constructor(testOwner?: string) {
    this.transformer = new OwnerTransformer(testOwner);
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.transformer.transformNode(args.node, args.queryId);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** Stands for the current owner in a raw SQL template; the plugin puts the owner's id in its place. */
class OwnerToken {
  constructor(readonly ref: string) {}
}

/** The tables (or aliases) whose owner test a WHERE writes itself with ownedBy(). */
function selfScoped(where: OperationNode | undefined): Set<string> {
  const out = new Set<string>();
  const walk = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    if (ValueNode.is(n as OperationNode) && (n as ValueNode).value instanceof OwnerToken) {
      out.add(((n as ValueNode).value as OwnerToken).ref);
      return;
    }
    for (const v of Object.values(n)) walk(v);
  };
  walk(where);
  return out;
}

/**
 * The owner predicate of a raw SQL template naming an owned table (the plugin cannot see inside one): `ref` is the
 * table or its alias, e.g. `select … from items i where ${ownedBy('i')} and …` in a template. Resolved as the query runs: the
 * current owner's id, no restriction in a system scope, refused with no owner (server/test/security checks every raw
 * template naming an owned table calls it).
 */
export function ownedBy(ref: string, opts: { sqliteOffIndex?: boolean } = {}): RawBuilder<boolean> {
  // SQLite's unary + keeps the column off every index (a statement that must find its rows by another key).
  const column = opts.sqliteOffIndex ? sql.join([sql.raw('+'), sql.ref(`${ref}.owner_id`)], sql.raw('')) : sql.ref(`${ref}.owner_id`);
  return sql.join<unknown>([column, sql.val(new OwnerToken(ref))], sql.raw(' = ')) as RawBuilder<boolean>;
}
