-- Applied over kyua-small.sql: an observation value that is not UTF-8.
UPDATE files SET contents = CAST(X'73686d632d6f62733a20737973765f73686d2e726d69642e626164202261ff62220a' AS BLOB) WHERE file_id = 2;
