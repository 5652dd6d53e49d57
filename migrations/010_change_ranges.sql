-- A bulk load records the rows it inserted into a tracked table as one change: the rowids from
-- row_id to last_row_id (a COPY's rows get consecutive rowids), instead of one change per row from
-- the insert trigger, which made a COPY into a table with a stream 3.6 times slower. A change with
-- last_row_id NULL is one row, as before. Streams expand a range against the table when read.

ALTER TABLE _wh_changes ADD COLUMN last_row_id INTEGER;
