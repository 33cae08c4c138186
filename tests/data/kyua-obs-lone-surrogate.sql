-- Applied over kyua-small.sql: an observation value with a lone UTF-16
-- surrogate escape.
UPDATE files SET contents = CAST('shmc-obs: sysv_shm.rmid.bad "\udc00"
' AS BLOB)
    WHERE file_id = 2;
