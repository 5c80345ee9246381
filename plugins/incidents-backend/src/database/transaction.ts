import { Knex } from 'knex';

/**
 * An open database transaction, handed from one feature's store to another's so that
 * their writes commit or roll back together (e.g. an incident change and the page it
 * causes). Services pass it along without looking inside.
 */
export type StoreTransaction = Knex.Transaction;
