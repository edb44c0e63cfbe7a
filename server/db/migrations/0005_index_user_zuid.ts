import type { Kysely } from 'kysely';

/** Every authenticated request looks its caller up by Zoho user id. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('users_zuid').on('users').column('zuid').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('users_zuid').execute();
}
