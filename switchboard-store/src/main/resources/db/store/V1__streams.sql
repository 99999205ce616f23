-- Switchboard durable streams on PostgreSQL, schema version 1 (see docs/STORAGE.md,
-- "PostgreSQL backend"). Applied once, in a transaction, by dev.switchboard.store.postgres.Migrations.

-- One row per stream: its StoreConfig as columns, the owner's metadata, and the newest sequence
-- and timestamp appended as of the last delete (recovery takes the larger of these and the newest
-- row's, so sequences never go back after a purge and a restart).
CREATE TABLE store_streams (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                text    NOT NULL UNIQUE,
    max_messages        bigint  NOT NULL,
    max_bytes           bigint  NOT NULL,
    max_age_ns          bigint  NOT NULL,
    max_per_subject     bigint  NOT NULL,
    max_message_bytes   bigint  NOT NULL,
    discard             text    NOT NULL,
    fsync_mode          text    NOT NULL,
    fsync_interval_ns   bigint  NOT NULL,
    segment_bytes       bigint  NOT NULL,
    metadata            bytea   NOT NULL,
    last_seq            bigint  NOT NULL DEFAULT 0,
    last_ts             bigint  NOT NULL DEFAULT 0
);

-- The held messages. A removed message is a deleted row; retention is set-based DELETEs. No
-- foreign key: it would cost an index probe and a row lock per inserted message, and only
-- PostgresStorage.delete removes streams (it deletes the messages itself).
CREATE TABLE store_messages (
    stream_id   bigint  NOT NULL,
    seq         bigint  NOT NULL,
    ts          bigint  NOT NULL,
    subject     text    NOT NULL,
    headers     bytea   NOT NULL,
    payload     bytea   NOT NULL,
    PRIMARY KEY (stream_id, seq)
);

-- Consumer state: opaque bytes replaced as a whole.
CREATE TABLE store_consumers (
    stream_id   bigint  NOT NULL REFERENCES store_streams (id) ON DELETE CASCADE,
    consumer    text    NOT NULL,
    state       bytea   NOT NULL,
    PRIMARY KEY (stream_id, consumer)
);
