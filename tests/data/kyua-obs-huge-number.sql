-- Applied over kyua-small.sql: an observation value out of range.
UPDATE files SET contents = CAST('shmc-obs: sysv_shm.rmid.bad 1e99999
' AS BLOB)
    WHERE file_id = 2;
